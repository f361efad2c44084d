import type { Catalogue, Nth } from './catalogue.ru.js';
import { count } from './plural.js';

const clients = (n: number) => count('en', n, { one: 'client', other: 'clients' });
const requests = (n: number) => count('en', n, { one: 'request', other: 'requests' });
const decimal = (n: number, digits: number) => n.toFixed(digits);
const s = (ms: number) => `${decimal(ms / 1000, 2)} s`;
const ms = (n: number) => `${n} ms`;
const nthEn = (nth?: Nth) => (nth ? ` (${nth.i} of ${nth.total})` : '');
const SAVE_AS_UTF8 = 'save it as UTF-8 (Notepad: File → Save as → Encoding: UTF-8)';
const firewallHint = (port: number) =>
  `if the server runs on another machine, its firewall may block the port; on the server run: ` +
  `sudo firewall-cmd --zone=public --add-port=${port}/tcp --permanent && sudo firewall-cmd --reload ` +
  `(check with: sudo firewall-cmd --list-all)`;

/** English: the same shape as the Russian catalogue, enforced by the type. */
export const en: Catalogue = {
  units: { ms, s, decimal, seconds: 's', clients, requests },
  lab: {
    usage: (cpus: number) => `usage: npm start -- [options]
  --clients N        client processes per server (default 5)
  --delay MS         simulated work per request, ms (default 2000)
  --mode M           sleep | spin (default sleep)
  --stagger MS       pause between client launches, ms (default 300)
  --servers LIST     servers to compare: sync,cluster,threads (wins over the variant)
  --workers N        server-cluster worker processes (default: CPUs, here ${cpus})
  --threads N        server-threads threads (default 4)
  --client ts|python which client runs (default ts)
  --send-after MS    client pause between connect and send, ms (default 1000)
  --linger MS        client stays connected after the reply, ms (default 500)
  --variant N        variant: odd compares server-sync with server-cluster, even with
                     server-threads (default: variant in config/student.ini; none: all three)
  --student FILE     who hands the lab in (default: config/student.ini or MIRROR_LAB_STUDENT)
  --message TEXT     name and group (default: from config/student.ini)
  --signature TEXT   server signature (default: built from config/student.ini)
  --host H --port P  run only the clients, against a server on another machine
  --server-lang TEXT what that server is written in (else the report says nothing of it)
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
    student: {
      example: (example: string, studentFile: string) =>
        `Note: the built-in example ("${example}") is in use. Put your name, group and variant in ${studentFile} (or pass --message/--signature).`,
      variant: (n: number, app: string, multi: 'process' | 'thread') =>
        `Variant ${n}: the ${multi === 'process' ? 'multi-process' : 'multi-threaded'} server ${app} is compared with the iterative server-sync`,
      variantOverridden: (n: number, app: string) => `Variant ${n} (server ${app}); the servers to compare are set by --servers`,
      noVariant: (studentFile: string) =>
        `No variant given: all three servers are compared (odd variants: server-cluster, even: server-threads). Set variant in ${studentFile} or pass --variant N.`,
    },
    progressBar: 'clients done',
    progressFailed: (n: number) => `${n} failed`,
    progressStarted: (label: string, n: number) => `  ${label}: ${clients(n)} started...`,
    progressClient: (label: string, k: number, code: number, elapsedS: string) =>
      `  ${label}: client ${k} finished (exit ${code}) at ${elapsedS} s`,
    summaryHead: ['server', 'clients', 'replied', 'total, s', '1st reply, s', 'last reply, s', 'longest response, s'],
    reportMd: (path: string) => `Report (Markdown): ${path}`,
    reportHtml: (path: string) => `Report (HTML):     ${path}`,
    reportDocx: (path: string) => `Report (Word):     ${path}`,
    missingBuild: (main: string) => `${main} is missing: run npm run build first`,
    missingClient: (path: string) =>
      `${path} is missing: the --client python client ships with the project (clients/python/client.py)`,
    serverDidNotStart: (app: string, consoleText: string) => `${app} did not start${consoleText ? `: ${consoleText}` : ''}`,
    serverDidNotStop: (app: string, graceMs: number) =>
      `${app} did not stop within ${ms(graceMs)} of SIGINT; killed with SIGKILL`,
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
      `(an iterative server such as server-sync serves one client at a time, each for a few seconds, so with 30 at once the last wait over a minute) ` +
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
    say: {
      connecting: (server: string) => `connecting to ${server}…`,
      connected: (server: string, local: string) => `connected to ${server} (local address ${local})`,
      sent: (msg: string, nth?: Nth) => `sent${nthEn(nth)}: ${msg}`,
      received: (msg: string, nth?: Nth) => `reply${nthEn(nth)}: ${msg}`,
      unexpected: (msg: string) => `the server sent a line while no reply was awaited: ${msg}`,
      serverClosed: 'the server closed the connection after the last reply',
      disconnected: (server: string) => `disconnected from ${server}`,
      done: (replies: number, file: string) =>
        `done: received ${count('en', replies, { one: 'reply', other: 'replies' })}. Log: ${file}`,
      cut: (more: number, file: string) =>
        `… (${count('en', more, { one: 'more character', other: 'more characters' })}; the whole text is in the log ${file})`,
    },
  },
  upload: {
    usage: ' [--host ADDR] [--port N] [--board URL] [--code CODE]',
    flagsHelp: `  --host ADDR     the server's address (instead of [server] host in the file)
  --port N        the server's port (instead of [server] port)
  --board URL     the class board: send this run's log there after the session (instead of [board] url)
  --code CODE     the session code shown on the board (instead of [board] code)`,
    taken: (url: string, message: string) => `the board ${url} took the log: ${message}`,
    refused: (url: string, status: number, message: string) =>
      `warning: the board ${url} did not take the log (HTTP ${status}): ${message}`,
    notBoard: (url: string, status: number) =>
      `warning: what answered at ${url} is not a class board (HTTP ${status}): check --board or [board] url`,
    unreachable: (url: string, detail: string) =>
      `warning: the board ${url} cannot be reached (${detail}); the log stays in its file: upload it on the board's page`,
    timeout: (url: string, timeoutMs: number) =>
      `warning: the board ${url} did not answer within ${s(timeoutMs)}; the log stays in its file: upload it on the board's page`,
    cannotRead: (file: string, detail: string) => `warning: cannot read the log ${file} for the board (${detail})`,
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
    fileNotRegular: 'is a FIFO or a socket, not a file: settings are read from a regular file',
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
    allowedUrl: "must be the class board's address, like http://10.0.0.1:8080 (or blank: the log is sent nowhere)",
    badLang: (what: string, values: readonly string[]) => `${what}: must be one of ${values.join(', ')}`,
  },
  cli: {
    usage: (app: string) => `${app} [--config FILE] [--lang ru|en]`,
    help: (app: string, what: string) => `${what}

usage: ${app} [--config FILE] [--lang ru|en]
  --config FILE   the INI settings file (default config/${app}.ini)
  --student FILE  who hands the lab in: name, group, variant (default: the file
                  MIRROR_LAB_STUDENT names, else config/student.ini)
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
  student: {
    notFound: (file: string, env: string) => `${file}: student file not found (check --student or ${env})`,
    exampleInUse: (value: string, studentFile: string) =>
      `The built-in example "${value}" is in use: put your name, group and variant in ${studentFile}`,
    exampleInConfig: (value: string, key: string, configFile: string, studentFile: string) =>
      `The built-in example "${value}" is in use, from ${key} in ${configFile}: remove that key and put your name and group in ${studentFile}`,
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
