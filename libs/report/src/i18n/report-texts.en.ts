// By path, not through `@app/common` (which loads Nest): see run-analysis.ts.
import { count, pluralForm } from '../../../common/src/i18n/plural.js';
import { numbers } from '../format.js';
import { SHOWS_WAIT, type ReportTexts } from './report-texts.ru.js';

const n = numbers('en');
const clients = (k: number) => count('en', k, { one: 'client', other: 'clients' });
const requests = (k: number) => count('en', k, { one: 'request', other: 'requests' });
const processes = (k: number) => count('en', k, { one: 'worker process', other: 'worker processes' });
const threads = (k: number) => count('en', k, { one: 'thread', other: 'threads' });
const cores = (k: number) => count('en', k, { one: 'CPU core', other: 'CPU cores' });
/** "was" / "were": the verb agrees with the number. */
const were = (k: number) => pluralForm('en', k, { one: 'was', other: 'were' });
const s = (ms: number) => `${n.seconds(ms)} s`;
const range = (a: number, b: number) => `${n.range(a, b)} s`;
const lines = (k: number) => count('en', k, { one: 'line', other: 'lines' });

/** English: the same shape as the Russian texts, enforced by the type. */
export const reportEn: ReportTexts = {
  title: 'Lab 2: the iterative and the concurrent servers',
  titleWork: 'Report on laboratory work No. 2',
  remoteTitle: (target: string) => `Lab 2: clients against the server ${target}`,
  variantTitle: (k: number, server: 'cluster' | 'threads') =>
    `Lab 2, variant ${k}: the iterative and the ${server === 'cluster' ? 'multi-process' : 'multi-threaded'} servers`,
  variantSubtitle: (k: number, server: 'cluster' | 'threads') =>
    `Variant ${k}: the ${server === 'cluster' ? 'multi-process' : 'multi-threaded'} server`,
  variantIs: (k: number, server: 'cluster' | 'threads') =>
    `Variant ${k} is ${k % 2 === 1 ? 'odd' : 'even'}: its concurrent server is the ${server === 'cluster' ? 'multi-process one (server-cluster)' : 'multi-threaded one (server-threads)'}, compared with the iterative one (server-sync).`,
  variantNone:
    'No variant is given. An odd variant goes with the multi-process server (server-cluster), an even one with the multi-threaded server (server-threads); the variant is set in config/student.ini (variant) or with --variant.',
  generated: (when: string) => `mirror-lab report, ${when}`,
  machine: (hostname: string, cpus: number, node: string) => `Computer: host name "${hostname}", ${cores(cpus)}, Node.js ${node}`,
  identity: 'Student and signature',
  message: "Client's message (name and group)",
  signature: 'Server signature',
  messageFrom: (source: string) => `from ${source}`,
  exampleNote:
    "This is the built-in example, not the student's data: put your name, group and variant in config/student.ini ([student] name, group, variant) and run npm start again. A client.message in config/client.ini or a reply.signature in config/server-*.ini, if set there, wins over it.",
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
  ms: (k: number) => `${n.whole(k)} ms`,
  seconds: 's',
  remoteNote: (target: string) =>
    `The clients ran against a server on another machine (${target}). Its log and settings are not available here, so this report holds only what the clients saw and measured.`,
  timeline: 'Timeline',
  timelineCaption: (server: string) => `Timeline: ${server}`,
  table: 'Clients',
  total: (ms: number) => `Total: ${s(ms)}`,
  columns: [
    'Client',
    'Connected, s',
    'Waited, s',
    'Sent, s',
    'Got reply, s',
    'Response time, s',
    'Disconnected, s',
    'Process/thread',
  ],
  waitNote:
    '"Waited" is the time before the server began work on the request: in the connection queue (CLIENT_QUEUED) and waiting for a free thread or process (REQUEST_QUEUED, a busy process).',
  sourcesNote:
    "Connecting, sending, the reply and disconnecting, in the table and in the timeline, come from the client's log (CONNECTED, SENT, RECEIVED, DISCONNECTED); the waits and the server's work from the server's log (CLIENT_QUEUED → CLIENT_CONNECTED, MESSAGE_RECEIVED or WORK_START → MESSAGE_SENT or WORK_DONE). The server logs the same connection at its own moment (CLIENT_CONNECTED): on one machine a few milliseconds either side of the client's, later on a busy server.",
  phases: {
    queue: 'waiting (queue, busy worker)',
    connected: 'connected, waiting',
    work: 'server at work',
    reply: 'reply received, still connected',
    waiting: 'waiting for reply',
  },
  mermaidAxis: 'axis: clock time, as in the logs',
  failed: 'failed',
  marks: { sent: 'client sent', received: 'client got the reply' },
  axis: 'time since the first client connected, s',
  client: 'Client',
  condition: {
    heading: "The assignment's condition",
    firstNotOne: (k: number) =>
      `Client ${k} connected first, not client 1: the clients are started in turn, but on a loaded machine one started later can connect sooner.`,
    met: (k: number, firstReplyMs: number, list: string, count1: number) =>
      `Client ${k} got its reply at ${s(firstReplyMs)}; ${count1 === 1 ? 'the other client' : 'the others'} connected before that: ${list}. The assignment's condition holds: ${count1 === 1 ? 'the second client' : 'the next clients'} connected while the first still waited for its reply.`,
    partly: (k: number, firstReplyMs: number, before: string, after: string, _count1: number) =>
      `Client ${k} got its reply at ${s(firstReplyMs)}; before that connected ${before}; only after it ${after}. The assignment's condition holds for some clients only.`,
    notMet: (k: number, firstReplyMs: number, list: string, count1: number) =>
      `Client ${k} got its reply at ${s(firstReplyMs)}, before ${count1 === 1 ? 'the other client' : 'the others'} connected (${list}): the assignment's condition does not hold in this run. Lower --stagger or raise --delay.`,
    noReply: (k: number, list: string, count1: number) =>
      `Client ${k} got no reply; ${count1 === 1 ? 'the other client' : 'the others'} connected while it waited: ${list}.`,
    single: 'The run has one client: whether others connected while the first waited for its reply cannot be checked.',
    item: (k: number, ms: number) => `client ${k} at ${s(ms)}`,
  },
  sessionEnd: {
    quoted: (k: number) =>
      k === 1
        ? 'A session the server ended itself (a time-out), as its log line shows:'
        : `The server ended ${k} sessions itself (time-outs); the first in its log:`,
    none: 'In this run the server ended no session itself: its log has no CLIENT_DISCONNECTED line with reason=session-timeout or reason=idle-timeout.',
  },
  threadsShutdown: (k: number) =>
    `The THREAD_EXIT … reason=server-shutdown lines at the end of the log (${threads(k)}) are the pool's threads stopped with the server on a clean stop, not an error.`,
  threadsFailed: (k: number) =>
    `${k === 1 ? 'A pool thread' : `${k} pool threads`} ended during work (${lines(k)} THREAD_EXIT without reason=server-shutdown): ` +
    (k === 1
      ? 'the server replaced it, and the request it held got an error.'
      : 'the server replaced each, and the request each held got an error.'),
  clock: {
    note: (details: string) =>
      `The machine's clock moved during this run (${details}). Its times cannot be compared, and the report draws no conclusion from it; run the experiment again.`,
    backwards: (file: string, from: string, to: string) => `in ${file} time goes backwards: ${from} → ${to}`,
    replyBeforeWork: (k: number) => `client ${k} got its reply sooner than the server worked on its request`,
    workTime: (k: number, loggedMs: number, measuredMs: number) =>
      `the work on client ${k}'s request: ${s(loggedMs)} by the server's own counter, ${s(measuredMs)} by the log's clock`,
    workTooLong: (k: number, delayMs: number, measuredMs: number) =>
      `the work on client ${k}'s request took ${s(measuredMs)} by the log's clock, with a delay of ${s(delayMs)}`,
    overCapacity: (inFlight: number, capacity: number) =>
      `by the log ${requests(inFlight)} ${were(inFlight)} in progress at once, and the server can run at most ${capacity}`,
    finding: (server: string) =>
      `${server}: the machine's clock moved during the run, so no conclusion is drawn about it (details in its section).`,
  },
  unreadable: (k: number) =>
    `${lines(k)} of this run's logs ${were(k)} not in the log format; they are shown with the logs but not used in any figure.`,
  comparison: 'Comparison and conclusions',
  settingsFiles: 'Settings files (INI)',
  sameConfigs: (names: string, base: string) => `${names}: the same as ${base}, except these lines:`,
  testLog: "A client's test log",
  testLogNote: (file: string) =>
    `One client's log (${file}), the one the assignment asks to show. Every client's and server's log is in "Log files".`,
  logs: 'Log files',
  appendix: "Appendix: the client's code",
  appendixNote: (language: string, files: number) =>
    `The client that ran in this experiment is written in ${language === 'Python' ? 'Python' : 'TypeScript'}; its code follows (${count('en', files, { one: 'file', other: 'files' })}).`,
  sourceMissing: (path: string) => `${path} was not found next to the program: the client's code is not attached.`,
  serverName: {
    'server-sync': 'Iterative server (server-sync)',
    'server-cluster': 'Multi-process server (server-cluster)',
    'server-threads': 'Multi-threaded server (server-threads)',
    remote: 'Remote server',
  },
  language: { TypeScript: 'TypeScript (Node.js)', Python: 'Python 3' },
  findings: {
    noReplies: (server: string, k: number) =>
      `${server}: none of the ${clients(k)} got a reply, so this server could not be measured and is not compared. The reasons are in the client logs below (ERROR).`,
    failures: (server: string, failed: number, k: number, details: string) =>
      `${server}: ${failed} of ${clients(k)} got no reply (${details}); their times are left out of the comparison.`,
    failureDetail: (k: number, error: string | undefined) => `client ${k}: ${error ?? 'no reply'}`,
    serial: (server: string, fastestMs: number, slowestMs: number, waitedCount: number) =>
      `${server} served the clients one at a time: one request was in progress at once, and ${clients(waitedCount)} waited for the server to finish with ${waitedCount === 1 ? 'the one' : 'the ones'} before. ` +
      (slowestMs >= SHOWS_WAIT * fastestMs
        ? `The fastest reply came after ${s(fastestMs)} (the server's work itself), the slowest after ${s(slowestMs)}: each client waits for all before it.`
        : `Replies came ${range(fastestMs, slowestMs)} after sending, about the same for all: the clients waited in the queue before they sent their request (the "Waited" column), not after.`),
    serialFromClients: (server: string, fastestMs: number, slowestMs: number, waitedCount: number, overlapped: number) =>
      `${server} served the clients one at a time: of the ${clients(overlapped)} that sent while the one before still waited, ` +
      `${waitedCount} waited for the server to finish with the ones before. The fastest reply came after ${s(fastestMs)}, the slowest after ${s(slowestMs)}.`,
    queue: (server: string, queued: number, maxWaitMs: number) =>
      `The ${server} log shows ${clients(queued)} as CLIENT_QUEUED: the connection is accepted but not read while the one before is served; the longest time in the queue was ${s(maxWaitMs)}.`,
    threadQueue: (server: string, queued: number, maxWaitMs: number) =>
      `The ${server} log shows the requests of ${clients(queued)} as REQUEST_QUEUED: every thread was busy; the longest wait for a thread was ${s(maxWaitMs)}.`,
    concurrent: (server: string, minMs: number, maxMs: number, inFlight: number) =>
      `${server} served the clients at the same time: replies came ${range(minMs, maxMs)} after sending, whatever the client's number; up to ${requests(inFlight)} ${were(inFlight)} in progress at once.`,
    partial: (server: string, minMs: number, maxMs: number, inFlight: number, waitedCount: number) =>
      `${server} served the clients only partly at the same time: at most ${requests(inFlight)} ${were(inFlight)} in progress at once, and ${clients(waitedCount)} waited for a free worker; replies came after ${range(minMs, maxMs)}.`,
    noOverlap: (server: string) =>
      `${server}: the clients did not overlap in time (each sent after the one before had its reply), so this run cannot tell whether the server serves clients at the same time. Lower --stagger or raise --delay.`,
    load: (unit: 'process' | 'thread', counts: Array<[string, number]>, units: number) =>
      `Clients per ${unit}: ${counts.map(([who, k]) => `${unit} ${who} served ${clients(k)}`).join(', ')}; ` +
      `${counts.length} of ${unit === 'process' ? processes(units) : threads(units)} ${were(counts.length)} used.`,
    uneven: (unit: 'process' | 'thread', maxCount: number, ideal: number, waitedCount: number) =>
      `The load was uneven: one ${unit} got ${clients(maxCount)}, where an even share would be at most ${ideal}. ` +
      (unit === 'process'
        ? 'Connections are handed out by the operating system (or the primary process) without looking at how busy a process is.'
        : 'A thread takes the next request as soon as it is free.') +
      (waitedCount === 0
        ? ' No client waited (the "Waited" column is all zeros), so the uneven share cost no response time.'
        : ''),
    spinOversubscribed: (unit: 'process' | 'thread', units: number, cpuCount: number) =>
      `With spin work ${unit === 'process' ? processes(units) : threads(units)} share ${cores(cpuCount)}: at most ${cpuCount} really compute at once, the others wait for a core, and each such request takes longer than the delay.`,
    modeSleepProcess: (k: number) =>
      `Sleep work does not use the CPU (like waiting on a disk or a database): each of the ${processes(k)} serves many clients at once while their requests wait. With spin work a request takes its whole process, and at most ${requests(k)} run at once, one per process.`,
    modeSpinProcess: (k: number) =>
      `Spin work uses the CPU (like a computation): a process computing a request can do nothing else, so at most ${requests(k)} run at once, one per worker process. With sleep work each process would serve many clients at once.`,
    modeThreads: (k: number, mode: string) =>
      `In the multi-threaded server each request's work holds a thread of the pool (${threads(k)}) in either mode (now ${mode}): at most ${requests(k)} run at once, the others wait for a free thread. The main thread only accepts connections and writes the log.`,
    compareFaster: (server: string, base: string, baseMs: number, otherMs: number, ratio: number) =>
      `${server} replied to its last client ${s(otherMs)} after the first connection, ${base} after ${s(baseMs)}: ${n.ratio(ratio)}× faster.`,
    compareSlower: (server: string, base: string, baseMs: number, otherMs: number, ratio: number) =>
      `${server} was slower than the iterative server in this run: last reply after ${s(otherMs)} against ${s(baseMs)} on ${base} (${n.ratio(ratio)}× longer). A concurrent server does not speed things up when it has fewer workers than simultaneous requests or they share few cores (spin), and starting processes and threads takes time itself.`,
    compareSame: (server: string, base: string, baseMs: number, otherMs: number) =>
      `${server} and ${base} finished about alike: last reply after ${s(otherMs)} and ${s(baseMs)}. The difference is under 15%: no gain from concurrency in this run.`,
    compareNoOverlap: (server: string, base: string, baseMs: number, otherMs: number) =>
      `${server} replied to its last client ${s(otherMs)} after the first connection, ${base} after ${s(baseMs)}. But ${server}'s clients did not overlap in time in this run, so the difference comes from when the clients connected, not from concurrency. To compare, lower --stagger or raise --delay.`,
    compareImpossible: (server: string, base: string) =>
      `${server} cannot be compared with ${base}: not every client of one of them got a reply, or the clock moved during a run.`,
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
    remoteLanguage: (clientLanguage: string) =>
      `The client in this run is written in ${clientLanguage}. The report does not know the remote server's language: state it yourself.`,
  },
};
