import type { Catalogue } from './catalogue.ru.js';
import { count } from './plural.js';

const clients = (n: number) => count('en', n, { one: 'client', other: 'clients' });
const requests = (n: number) => count('en', n, { one: 'request', other: 'requests' });
const processes = (n: number) => count('en', n, { one: 'worker process', other: 'worker processes' });
const threads = (n: number) => count('en', n, { one: 'thread', other: 'threads' });
const cores = (n: number) => count('en', n, { one: 'CPU core', other: 'CPU cores' });
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ms = (n: number) => `${n} ms`;
const SAVE_AS_UTF8 = 'save it as UTF-8 (Notepad: File → Save as → Encoding: UTF-8)';
const firewallHint = (port: number) =>
  `if the server runs on another machine, its firewall may block the port; on the server run: ` +
  `sudo firewall-cmd --zone=public --add-port=${port}/tcp --permanent && sudo firewall-cmd --reload ` +
  `(check with: sudo firewall-cmd --list-all)`;

/** English: the same shape as the Russian catalogue, enforced by the type. */
export const en: Catalogue = {
  units: { ms, s, seconds: 's', clients, requests },
  lab: {
    usage: (cpus: number) => `usage: npm start -- [options]
  --clients N        client processes per server (default 5)
  --delay MS         simulated work per request, ms (default 2000)
  --mode M           sleep | spin (default sleep)
  --stagger MS       pause between client launches, ms (default 300)
  --servers LIST     servers to compare: sync,cluster,threads (default all three)
  --workers N        server-cluster worker processes (default: CPUs, here ${cpus})
  --threads N        server-threads threads (default 4)
  --client ts|python which client runs (default ts)
  --send-after MS    client pause between connect and send, ms (default 1000)
  --linger MS        client stays connected after the reply, ms (default 500)
  --message TEXT     name and group (default: client.message of config/client.ini)
  --signature TEXT   server signature (default: reply.signature of config/server-*.ini)
  --host H --port P  run only the clients, against a server on another machine
  --lang ru|en       language (or MIRROR_LAB_LANG=en; default ru)
  --out DIR          where reports/<timestamp>/ goes (default reports)
  --help             this help`,
    badOption: (detail: string) => `${detail} (npm start -- --help lists the options)`,
    wholeNumber: (flag: string, shownValue: string, min: number, max: number) =>
      `--${flag} ${shownValue}: must be a whole number from ${min} to ${max}`,
    oneOf: (flag: string, shownValue: string, values: readonly string[]) =>
      `--${flag} ${shownValue}: must be one of ${values.join(', ')}`,
    serverList: (shownValue: string, values: readonly string[]) =>
      `--servers ${shownValue}: a comma-separated list of ${values.join(', ')}, e.g. sync,cluster`,
    hostNeeded: (shownValue: string) => `--host ${shownValue}: a host name or IP address is needed with --port`,
    portNeeded: () => '--host without --port: give the port the server printed',
    oneLine: (flag: string) => `--${flag}: must be non-empty text on one line`,
    header: (n: number, delayMs: number, mode: string, staggerMs: number, servers: readonly string[]) =>
      `Lab demo: ${clients(n)} per server (${servers.join(', ')}), delay ${ms(delayMs)} (${mode}), launched ${ms(staggerMs)} apart`,
    remoteHeader: (n: number, target: string, staggerMs: number) =>
      `Lab demo: ${clients(n)} against the server ${target}, launched ${ms(staggerMs)} apart`,
    reportDir: (dir: string) => `Report: ${dir}`,
    example: (what: string) =>
      `Note: the ${what} is the built-in example (Titov Yu.P.). Put your own in config/client.ini (client.message) and config/server-*.ini (reply.signature), or pass --message/--signature.`,
    exampleMessage: "client's name and group",
    exampleSignature: 'server signature',
    progressBar: 'clients done',
    progressFailed: (n: number) => `${n} failed`,
    progressStarted: (label: string, n: number) => `  ${label}: ${clients(n)} started...`,
    progressClient: (label: string, k: number, code: number, elapsedS: string) =>
      `  ${label}: client ${k} finished (exit ${code}) at ${elapsedS} s`,
    summaryHead: ['server', 'clients', 'replied', 'total, s', '1st reply, s', 'last reply, s', 'longest response, s'],
    reportMd: (path: string) => `Report (Markdown): ${path}`,
    reportHtml: (path: string) => `Report (HTML):     ${path}`,
    missingBuild: (main: string) => `${main} is missing: run npm run build first`,
    missingClient: (path: string) =>
      `${path} is missing: the --client python client ships with the project (clients/python/client.py)`,
    serverDidNotStart: (app: string, consoleText: string) => `${app} did not start${consoleText ? `: ${consoleText}` : ''}`,
    serverDidNotStop: (app: string, graceMs: number) =>
      `${app} did not stop within ${ms(graceMs)} of SIGINT; killed with SIGKILL`,
  },
  report: {
    title: 'Lab 2: the iterative and the concurrent servers',
    remoteTitle: (target: string) => `Lab 2: clients against the server ${target}`,
    generated: (when: string) => `mirror-lab report, ${when}`,
    machine: 'Machine',
    student: 'Student',
    identity: 'Student and signature',
    message: "Client's message (name and group)",
    signature: 'Server signature',
    messageFrom: (source: string) => `from ${source}`,
    exampleNote:
      "This is the built-in example, not the student's data: put your name and group in config/client.ini (client.message) and your signature in config/server-*.ini (reply.signature), and run npm start again.",
    exampleItem: '(example)',
    settings: 'Settings of the experiment',
    connection: 'Connection settings',
    connectionNote:
      "The server listened on the address and port below; the clients took them from their INI files ([server] section). On a department network: host = 0.0.0.0 on the server, the server's IP address as host on the clients, and the port opened in the firewall (firewall-cmd).",
    listen: 'server listened on',
    clientsConnect: 'clients connected to',
    clients: 'clients',
    delay: 'delay (simulated work)',
    mode: 'work mode',
    stagger: 'pause between client launches',
    workers: 'server-cluster processes',
    threadsCount: 'server-threads threads',
    sendAfter: 'client waits before sending',
    linger: 'client stays after the reply',
    target: 'server',
    clientLanguage: 'client language',
    serverLanguage: 'server language',
    cpus: 'CPU cores',
    remoteNote: (target: string) =>
      `The clients ran against a server on another machine (${target}). Its log and settings are not available here, so this report holds only what the clients saw and measured.`,
    timeline: 'Timeline',
    table: 'Clients',
    total: 'Total',
    columns: [
      'Client',
      'Connected, s',
      'Waited in queue, s',
      'Sent, s',
      'Got reply, s',
      'Response time, s',
      'Disconnected, s',
      'Process/thread',
    ],
    phases: {
      queue: 'waiting in queue',
      connected: 'connected, waiting',
      work: 'server at work',
      reply: 'reply received, still connected',
      waiting: 'waiting for reply',
    },
    mermaidAxis: 'axis: clock time, as in the logs',
    failed: 'failed',
    marks: { sent: 'client sent', received: 'client got the reply' },
    comparison: 'Comparison and conclusions',
    settingsFiles: 'Settings files (INI)',
    testLog: "A client's test log",
    testLogNote: (file: string) =>
      `One client's log (${file}), the one the assignment asks to show. Every client's and server's log is in "Log files".`,
    logs: 'Log files',
    appendix: "Appendix: the client's code",
    appendixNote: (language: string, files: number) =>
      `The client that ran in this experiment is written in ${language === 'Python' ? 'Python' : 'TypeScript'}; its code follows (${count('en', files, { one: 'file', other: 'files' })}).`,
    sourceMissing: (path: string) => `${path} was not found next to the program: the client's code is not attached.`,
    axis: 'time since the first client connected, s',
    client: 'Client',
    serverName: {
      'server-sync': 'Iterative server (server-sync)',
      'server-cluster': 'Multi-process server (server-cluster)',
      'server-threads': 'Multi-threaded server (server-threads)',
      remote: 'Remote server',
    },
    language: { TypeScript: 'TypeScript (Node.js)', Python: 'Python 3' },
    findings: {
      noReplies: (server: string, n: number) =>
        `${server}: none of the ${clients(n)} got a reply, so this server could not be measured and is not compared. The reasons are in the client logs below (ERROR).`,
      failures: (server: string, failed: number, n: number, details: string) =>
        `${server}: ${failed} of ${clients(n)} got no reply (${details}); their times are left out of the comparison.`,
      failureDetail: (k: number, error: string | undefined) => `client ${k}: ${error ?? 'no reply'}`,
      serial: (server: string, firstMs: number, maxMs: number, waited: number, overlapped: number) =>
        `${server} served the clients one at a time: of the ${clients(overlapped)} that sent while the one before still waited, ` +
        `${waited} waited for the server to finish with the ones before. The fastest reply came after ${s(firstMs)} (the server's work itself), the slowest after ${s(maxMs)}: each client waits for all before it.`,
      queue: (server: string, queued: number, maxWaitMs: number) =>
        `The ${server} log shows ${clients(queued)} as CLIENT_QUEUED: the connection is accepted but not read while the one before is served; the longest time in the queue was ${s(maxWaitMs)}.`,
      concurrent: (server: string, minMs: number, maxMs: number, inFlight: number) =>
        `${server} served the clients at the same time: replies came ${s(minMs)}–${s(maxMs)} after sending, whatever the client's number; up to ${requests(inFlight)} were in progress at once.`,
      partial: (server: string, minMs: number, maxMs: number, inFlight: number, waited: number) =>
        `${server} served the clients only partly at the same time: at most ${requests(inFlight)} were in progress at once, and ${clients(waited)} waited for a free worker; replies came after ${s(minMs)}–${s(maxMs)}.`,
      noOverlap: (server: string) =>
        `${server}: the clients did not overlap in time (each sent after the one before had its reply), so this run cannot tell whether the server serves clients at the same time. Lower --stagger or raise --delay.`,
      load: (server: string, unit: 'process' | 'thread', counts: string, used: number, total: number) =>
        `Clients per ${unit === 'process' ? 'process' : 'thread'} (${counts}): ${used} of ${total} used.`,
      uneven: (server: string, unit: 'process' | 'thread', maxCount: number, ideal: number) =>
        `The load was uneven: one ${unit === 'process' ? 'process' : 'thread'} got ${clients(maxCount)}, where ${ideal} would have been enough. ` +
        (unit === 'process'
          ? 'Connections are handed out by the operating system (or the primary process) without looking at how busy a process is.'
          : 'A thread takes the next request as soon as it is free.'),
      spinOversubscribed: (server: string, unit: 'process' | 'thread', units: number, cpuCount: number) =>
        `With spin work ${unit === 'process' ? processes(units) : threads(units)} share ${cores(cpuCount)}: at most ${cpuCount} really compute at once, the others wait for a core, and each such request takes longer than the delay.`,
      modeSleepProcess: (n: number) =>
        `Sleep work does not use the CPU (like waiting on a disk or a database): each of the ${processes(n)} serves many clients at once while their requests wait. With spin work a request takes its whole process, and at most ${requests(n)} run at once, one per process.`,
      modeSpinProcess: (n: number) =>
        `Spin work uses the CPU (like a computation): a process computing a request can do nothing else, so at most ${requests(n)} run at once, one per worker process. With sleep work each process would serve many clients at once.`,
      modeThreads: (n: number, mode: string) =>
        `In the multi-threaded server each request's work holds a thread of the pool (${threads(n)}) in either mode (now ${mode}): at most ${requests(n)} run at once, the others wait for a free thread. The main thread only accepts connections and writes the log.`,
      compareFaster: (server: string, base: string, baseMs: number, otherMs: number, ratio: number) =>
        `${server} replied to its last client ${s(otherMs)} after the first connection, ${base} after ${s(baseMs)}: ${ratio.toFixed(1)}× faster.`,
      compareSlower: (server: string, base: string, baseMs: number, otherMs: number, ratio: number) =>
        `${server} was slower than the iterative server in this run: last reply after ${s(otherMs)} against ${s(baseMs)} on ${base} (${ratio.toFixed(1)}× longer). A concurrent server does not speed things up when it has fewer workers than simultaneous requests or they share few cores (spin), and starting processes and threads takes time itself.`,
      compareSame: (server: string, base: string, baseMs: number, otherMs: number) =>
        `${server} and ${base} finished about alike: last reply after ${s(otherMs)} and ${s(baseMs)}. The difference is under 15%: no gain from concurrency in this run.`,
      compareImpossible: (server: string, base: string) =>
        `${server} cannot be compared with ${base}: not every client of one of them got a reply.`,
      remoteSerial: (target: string) =>
        `The clients' measurements show that the server ${target} serves one client at a time (an iterative server): clients that connected during another's request waited for it to end.`,
      remoteConcurrent: (target: string) =>
        `The clients' measurements show that the server ${target} serves clients at the same time (a concurrent server): the response time did not grow with the client's number.`,
      remotePartial: (target: string, inFlight: number) =>
        `The clients' measurements show that the server ${target} serves at most ${requests(inFlight)} at once: the others waited.`,
      languages: (clientLanguage: string) =>
        clientLanguage === 'Python'
          ? 'The client in this run is written in Python, the servers in TypeScript (NestJS): client and server are in different languages, as the assignment asks.'
          : 'The client and the servers in this run are written in TypeScript. The assignment asks for a client and a server in different languages: run the experiment with the Python client (--client python).',
    },
  },
  client: {
    firewallHint,
    refused: (where: string, source: string) =>
      `connection refused by ${where}: nothing listens there. Is the server running, and is server.port in ${source} the port it printed?`,
    unreachable: (where: string, code: string, source: string, port: number) =>
      `no route to ${where} (${code}): check server.host in ${source} and that both machines are on one network; ${firewallHint(port)}`,
    unresolved: (host: string, source: string) =>
      `cannot resolve the host name "${host}": check server.host in ${source} (an IP address works too)`,
    connectFailed: (where: string, detail: string) => `cannot connect to ${where}: ${detail}`,
    connectTimeout: (where: string, timeoutMs: number, port: number) =>
      `no answer from ${where} within ${ms(timeoutMs)}: the machine may be off or unreachable, or ${firewallHint(port)}`,
    replyTimeout: (timeoutMs: number, source: string) =>
      `no reply within ${ms(timeoutMs)}, though the server accepted the connection: it was most likely waiting in the server's queue ` +
      `(an iterative server such as server-sync serves one client at a time; each for a few seconds, so with 30 at once the last wait over a minute) ` +
      `or the server's work is slow; run the client again, or raise client.reply_timeout_ms in ${source} (e.g. to 180000)`,
    closedBeforeReply:
      'the server closed the connection before replying: it may have ended the session (session.max_ms or session.idle_ms on the server) or been stopped',
    serverError: (line: string, hint: 'busy' | 'too-long' | 'none') =>
      `the server answered with an error: ${line}${hint === 'busy' ? ' (its queue of waiting clients is full; try again later)' : hint === 'too-long' ? ' (shorten client.message)' : ''}`,
    reset: 'the server reset the connection',
    connectionError: (detail: string) => `connection error: ${detail}`,
    replyTooLong: (limit: number) => `the server sent more than ${limit} bytes without a line end: is it a mirror-lab server?`,
    unexpectedFailure: (detail: string) => `unexpected failure: ${detail}`,
    interrupted: 'interrupted',
  },
  config: {
    at: (file: string, line?: number) => (line === undefined ? `${file}: ` : `${file}: line ${line}: `),
    cut: (excerpt: string, length: number) => `"${excerpt}…" (${length} characters)`,
    noValue: '(no value)',
    usage: (problem: string, usage: string) => `${problem} (usage: ${usage})`,
    unknownOption: (option: string) => `Unknown option '${option}'`,
    missingValue: (option: string) => `Option '${option}' needs a value`,
    positional: (arg: string) => `Unexpected argument '${arg}': options are written as --name value`,
    fileNotFound: 'config file not found (pass --config FILE)',
    fileIsDirectory: 'is a directory, not a config file',
    fileUnreadable: (reason: string) => `cannot read config file (${reason})`,
    permissionDenied: (code: string) => `permission denied, ${code}`,
    fileTooLarge: (maxBytes: number) =>
      `is larger than ${maxBytes} bytes, too large for a config file (the shipped ones are about 2 KB); is it the right file?`,
    utf16: () => `is saved as UTF-16 ("Unicode"), not UTF-8; ${SAVE_AS_UTF8}`,
    notUtf8: (byte: string, column: number) =>
      `not valid UTF-8 (byte 0x${byte} at column ${column}; is the file in Windows-1251 or another code page?); ${SAVE_AS_UTF8}`,
    notText: () => `holds a NUL byte: this is not a text file; ${SAVE_AS_UTF8}`,
    badSectionLine: (text: string) => `${text} is not a section line; write the section name alone in brackets, e.g. [server]`,
    badQuotedValue: (key: string, text: string) =>
      `${key} = ${text}: a value in double quotes is read as a JSON string; ` +
      `write \\\\ for a backslash and \\" for a quote, or use single quotes or no quotes`,
    keyOutsideSection: (key: string, sections: string) =>
      `key ${key} stands outside any section; put it under one of ${sections}`,
    unknownSection: (section: string, sections: string) => `unknown section [${section}]; allowed sections: ${sections}`,
    unknownKey: (section: string, key: string, near: string | undefined, keys: string) =>
      `unknown key ${section}.${key}${near ? ` (did you mean ${near}? keys are lower-case)` : ''}; allowed in [${section}]: ${keys}`,
    duplicateSection: (section: string, firstLine: number) =>
      `section [${section}] given twice (first on line ${firstLine}); put all its keys under one [${section}]`,
    duplicateKey: (section: string, key: string, firstLine: number) =>
      `key ${section}.${key} given twice (first on line ${firstLine}); keep one of them`,
    listKey: (section: string, key: string) =>
      `${section}.${key}[]: lists are not supported; each key is a single value, give ${section}.${key} once`,
    badValue: (key: string, text: string, allowed: string) => `${key} = ${text}: ${allowed}`,
    allowedInt: (min: number, max: number) => `must be a whole number from ${min} to ${max}`,
    allowedBool: 'must be true or false',
    allowedEnum: (values: readonly string[]) => `must be one of: ${values.join(', ')}`,
    allowedHost: 'must be a host name or an IP address (e.g. 0.0.0.0, 127.0.0.1, lab-server.local)',
    allowedText: (maxBytes: number) => `must be non-empty text on one line, at most ${maxBytes} bytes`,
    badLang: (what: string, values: readonly string[]) => `${what}: must be one of ${values.join(', ')}`,
  },
  cli: {
    usage: (app: string) => `${app} [--config FILE] [--lang ru|en]`,
    help: (app: string, what: string) => `${what}

usage: ${app} [--config FILE] [--lang ru|en]
  --config FILE   the INI settings file (default config/${app}.ini)
  --lang ru|en    language of messages (or MIRROR_LAB_LANG=en; default ru)
  --version       print the version
  --help          this help`,
    what: {
      'server-sync': 'The iterative mirror server: serves clients one at a time.',
      'server-cluster': 'The multi-process mirror server: worker processes serve clients at the same time.',
      'server-threads': "The multi-threaded mirror server: each request's work runs on a thread of a pool.",
      client: 'The client: connects to the server, sends its message, logs the reply.',
    },
  },
  server: {
    portInUse: (where: string) =>
      `cannot listen on ${where}: the port is already in use (is another server running? stop it, or set server.port to another port or to 0)`,
    portForbidden: (where: string) =>
      `cannot listen on ${where}: permission denied (ports below 1024 need root; use a port above 1024)`,
    addressUnavailable: (where: string) =>
      `cannot listen on ${where}: this machine has no such address (use 0.0.0.0 for every interface)`,
    listenFailed: (where: string, detail: string) => `cannot listen on ${where}: ${detail}`,
    workersFailing: (worker: number, times: number, why: string) =>
      `worker ${worker} died during start-up ${times} times in a row (last: ${why}); giving up`,
    exitStatus: (code: number | null, signal: string | null) =>
      `exit code ${code ?? 'none'}${signal ? `, signal ${signal}` : ''}`,
    balanceUnknown: (env: string, value: string) => `${env}=${value}: allowed values are shared and reuseport`,
    balanceNeedsNode: (env: string, version: string) =>
      `${env}=reuseport needs Node 22.12 or newer (this is Node ${version}); unset it to use the shared socket`,
    balanceRefused: (env: string, detail: string) =>
      `${env}=reuseport: this system refuses SO_REUSEPORT (${detail}); unset it to use the shared socket`,
    listening: (where: string, log: string) => `listening on ${where}; log: ${log}`,
    listeningWorkers: (where: string, workers: number, log: string) =>
      `listening on ${where} with ${workers} workers; log: ${log}`,
    listeningThreads: (where: string, n: number, log: string) => `listening on ${where} with ${n} threads; log: ${log}`,
    stopping: (signal: string, graceMs: number) => `${signal}: stopping (grace ${graceMs} ms)`,
    stoppingWorkers: (signal: string, workers: number, graceMs: number) =>
      `${signal}: stopping ${workers} workers (grace ${graceMs} ms)`,
    forcing: (signal: string) => `${signal}: closing every connection now`,
    primaryGone: 'the primary is gone: finishing the requests in progress, then exiting',
    watchdogFailed: (slot: number, detail: string) => `worker ${slot}: watchdog failed: ${detail}`,
    workerCrashed: (slot: number, detail: string) => `worker ${slot}: ${detail}`,
    threadExitHook: (env: string, line: string) => `test hook ${env} is set: the line ${line} makes its thread exit`,
    shutdownFailed: (detail: string) => `shutdown failed: ${detail}`,
    throttled: 'client sends requests faster than it reads replies; reading paused until it catches up',
    tooManyConnections: (limit: number) => `too many connections (limit ${limit})`,
    threadPoolBroken: (file: string, detail: string) => `the thread pool cannot run its work code (${file}): ${detail}`,
    threadFailed: (thread: number | undefined, detail: string) =>
      `${thread === undefined ? '' : `thread ${thread} `}failed while working on the request: ${detail}`,
  },
  nest: {
    starting: 'Starting Nest application...',
    ready: 'Nest application successfully started',
    microserviceReady: 'Nest microservice successfully started',
    initialized: (module: string) => `${module} dependencies initialized`,
  },
  log: {
    moreEvents: (n: number, file: string) => `... and ${n} more events, not shown here (every event is in ${file})`,
    cannotOpen: (path: string, why: string) => `cannot open log file ${path} for appending: ${why}`,
    cannotWrite: (path: string, why: string) =>
      `log: cannot write ${path}: ${why}; events are dropped and counted until it can be written again (said once per outage)`,
    writableAgain: (path: string, lost: number) => `log: ${path} can be written again; ${lost} events were lost`,
    lostAtExit: (path: string, lost: number, why: string) => `log: ${lost} events could not be written to ${path}: ${why}`,
    openFailures: {
      EACCES: 'permission denied (EACCES)',
      EPERM: 'permission denied (EPERM)',
      EROFS: 'the file system is read-only (EROFS)',
      EISDIR: 'that path is a directory (EISDIR)',
      ENOENT:
        'a directory on that path does not exist and cannot be made there (ENOENT; /proc or /sys, say, hold no files): ' +
        'put log.file on an ordinary disk, e.g. logs/<app>.log',
      EEXIST: 'a part of the path is a file, not a directory (ENOTDIR)',
      ENOTDIR: 'a part of the path is a file, not a directory (ENOTDIR)',
      ENOSPC: 'no space left on the device (ENOSPC)',
      ENAMETOOLONG: 'the path is too long (ENAMETOOLONG)',
      ENXIO: 'that path is a FIFO or a socket, not a regular file (ENXIO)',
    },
    notRegular: (kind: 'directory' | 'fifo' | 'socket' | 'device' | 'other') =>
      kind === 'other'
        ? 'that path is not a regular file'
        : `that path is ${{ directory: 'a directory', fifo: 'a FIFO (named pipe)', socket: 'a socket', device: 'a device' }[kind]}, not a regular file`,
    writeErrors: {
      ENOSPC: 'no space left on the device (ENOSPC)',
      EROFS: 'the file system is read-only (EROFS)',
      EDQUOT: 'the disk quota is used up (EDQUOT)',
      EIO: 'input/output error (EIO)',
    },
    notOpen: 'the log file was not open',
    deleted: 'the log file was deleted',
    renamed: 'the log file was renamed or moved away; its earlier lines are there',
    replaced: 'the path names another file now (the log was renamed or replaced); earlier lines are in the old one',
    deletedBeforeWrittenAgain: 'the log file was deleted before these events could be written again',
    wroteNothing: 'write(2) wrote nothing and gave no error',
    cannotReopen: (why: string, error: string) => `${why}, and it cannot be opened again: ${error}`,
  },
  reliability: {
    hostUnresolved: (host: string) =>
      `cannot resolve the host name "${host}" of server.host (no such name in DNS or /etc/hosts): ` +
      `use an IP address of this machine (ip -4 addr), or 0.0.0.0 for all of them`,
    osErrors: {
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      ECONNRESET: 'the connection was reset by the server',
      ECONNABORTED: 'the connection was aborted',
      EPIPE: 'the connection was closed by the server',
      EADDRNOTAVAIL: 'that address is not available on this machine',
      ENETDOWN: 'the network is down',
    } as Record<string, string>,
    resetBeforeAccept:
      'the peer reset the connection (RST) before the server accepted it (as a port scan does); the system no longer gives the address of such a connection',
    diskLow:
      'the log disk is almost full: no new clients are taken, the rest of the room is kept for the events of those already taken',
    diskLowStderr: (free: number, reserve: number) =>
      `the log's disk has ${Math.round(free / 1048576)} MiB left (reserve ${Math.round(reserve / 1048576)} MiB): ` +
      `new clients are refused until there is room; those already taken are served and logged`,
    diskRoomyAgain: (free: number) => `the log's disk has room again (${Math.round(free / 1048576)} MiB): new clients are taken`,
    peerOverBudget:
      'this address sent so many connections and requests lately that the log would grow faster than allowed; ' +
      'its new connections are refused and its requests delayed (docs/logs.md)',
    consoleDropped: (n: number) =>
      `... ${count('en', n, { one: 'console line', other: 'console lines' })} dropped: ` +
      `the terminal was not taking output (Ctrl-S? Ctrl-Q resumes it); every event is in the log file`,
  },
};
