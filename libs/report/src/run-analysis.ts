import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// The log's parser by its path, not through `@app/common`: the library's index
// loads Nest, which the unit tests (Jest on CommonJS loaders) cannot import.
import { parseLogLine, type LogRecord } from '../../common/src/log/log-line.js';

/** The server apps a report knows by name. */
export type ServerApp = 'server-sync' | 'server-cluster' | 'server-threads';

/** Where one run (one server, N clients) left its files; paths are relative to the report directory. */
export interface RunFiles {
  kind: ServerApp | 'remote';
  /** The report directory the paths below are relative to. */
  base: string;
  serverLog?: string;
  serverConfig?: string;
  clientLogs: string[];
  clientConfigs: string[];
  /** host:port the clients connected to. */
  target: string;
}

/** One file of a run: its name relative to the report directory, and its text. */
export interface RunFile {
  name: string;
  text: string;
}

/** The texts of one run's files: what the analysis reads (the lab reads them from disk, a class session from uploads). */
export interface RunLogs {
  kind: ServerApp | 'remote';
  target: string;
  serverLog?: RunFile;
  /** Client logs in the order the clients were started (client 1 first). */
  clientLogs: RunFile[];
  configs: RunFile[];
}

/**
 * A gap between two processes' events shorter than this, and than a quarter
 * of the server's work delay, is the time a line takes through loopback and
 * the scheduler, not a wait (measured: 1 to 60 ms on a loaded 2-core
 * machine). A wait the server itself marks (`CLIENT_QUEUED`,
 * `REQUEST_QUEUED`) counts whatever its length.
 */
const WAIT_NOISE_MS = 50;
const WAIT_NOISE_SHARE = 0.25;

/** Work longer than the delay by more than this (and 10 delays) is no load a lab run makes: the clock jumped. */
const WORK_STRETCH_MS = 60_000;

/**
 * Two processes' clocks on one machine agree, but their log lines are a few
 * ms apart from the events themselves; a disagreement beyond this is a clock
 * that moved.
 */
const CLOCK_SLACK_MS = 25;

/**
 * server-threads' main thread logs WORK_START and WORK_DONE when the thread's
 * messages reach it, so on a busy machine the log's work is shorter or longer
 * than the thread's own `work_ms` by the main thread's lag: 50 ms of 318 in a
 * real run on a shared 2-core machine (test-fixtures/loaded). Only a
 * disagreement beyond this and a tenth of the work is a clock that moved.
 */
const WORK_LAG_MS = 250;
const WORK_LAG_SHARE = 0.1;

/** One client's life, in ms since the run's first client connected. All read from the logs. */
export interface ClientTimeline {
  index: number;
  /** `address:port` of the client: how the server's log names it. */
  local: string;
  connected: number;
  /** Server began serving it (server log); later than `connected` when it waited in the queue. */
  served?: number;
  /** The server logged CLIENT_QUEUED for it: the connection waited, unread, for an earlier client's session to end. */
  queued: boolean;
  sent: number;
  /** Server read the line (server log). */
  read?: number;
  /** server-threads logged REQUEST_QUEUED for it: every thread was busy. */
  requestQueued?: boolean;
  /** Work began (WORK_START on server-threads); the other servers begin at once, at `read`. */
  workStart?: number;
  /** Work ended (WORK_DONE on server-threads); the other servers end when they reply. */
  workDone?: number;
  /** Server sent the reply (server log). */
  replied?: number;
  received?: number;
  disconnected: number;
  /** Time before the server began its work (`queueMs + workerWaitMs`). */
  waitMs?: number;
  /** In the connection queue: accepted, not yet served. */
  queueMs?: number;
  /** Request sent (and the client served), waiting for a free thread or process. */
  workerWaitMs?: number;
  /** `received - sent`: how long the client waited for its reply. */
  responseMs?: number;
  ok: boolean;
  error?: string;
  /** The worker process (server-cluster) or thread (server-threads) that served it, from the server log. */
  worker?: string;
  /** Why the server ended the session (`reason=` of its CLIENT_DISCONNECTED). */
  serverReason?: string;
}

/** What shows that the wall clock moved during a run: then no time of that run is compared. */
export type ClockProblem =
  /** Times went backwards within one process's log. */
  | { kind: 'backwards'; file: string; fromTime: string; toTime: string }
  /** A client got its reply sooner than the server's own work on it took, or before it sent. */
  | { kind: 'reply-before-work'; client: number }
  /** The server's own measure of a request's work (`work_ms`) disagrees with its log's times. */
  | { kind: 'work-time'; client: number; loggedMs: number; measuredMs: number }
  /** A request's work took far longer by the log than the server's delay can explain (a forward step). */
  | { kind: 'work-too-long'; client: number; delayMs: number; measuredMs: number }
  /** More requests in progress at once than the server can run. */
  | { kind: 'over-capacity'; inFlight: number; capacity: number };

export interface RunAnalysis {
  kind: ServerApp | 'remote';
  target: string;
  /** Wall-clock time of t = 0, ms since the epoch (0 when no client logged anything). */
  t0: number;
  clients: ClientTimeline[];
  /** First client connected -> last client disconnected. */
  totalMs: number;
  /** First client connected -> last reply received. */
  lastReplyMs: number;
  serverStart?: Record<string, string>;
  hasServerLog: boolean;
  /** Most requests in the server's work at one instant (WORK_START..WORK_DONE, else read..reply); undefined without a server log. */
  inFlight?: number;
  /** Most requests the server can have in work at once (1, threads, workers in spin); undefined when unbounded or unknown. */
  capacity?: number;
  /** Sessions the server ended itself (`reason=session-timeout` or `idle-timeout`), as their log lines. */
  sessionEnds: Array<{ reason: string; line: string; client?: number }>;
  /** THREAD_EXIT lines: a thread ended with the server (`reason=server-shutdown`) or failed. */
  threadExits: Array<{ reason?: string; line: string }>;
  /** Empty when the clocks behaved; otherwise the run's times are not to be trusted. */
  clock: ClockProblem[];
  /** Lines of the logs that are not log lines (a torn or foreign file); they are shown, never read as events. */
  unreadable: number;
  /** Every file of the run, named relative to the report directory (`server-sync/logs/client-1.log`). */
  files: { configs: RunFile[]; logs: RunFile[] };
}

interface ParsedLog {
  records: LogRecord[];
  lines: string[];
  unreadable: number;
}

function parse(text: string): ParsedLog {
  const records: LogRecord[] = [];
  const lines: string[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    const r = parseLogLine(line.replace(/\r$/, ''));
    if (r && Number.isFinite(Date.parse(r.time))) {
      records.push(r);
      lines.push(line);
    } else unreadable += 1;
  }
  return { records, lines, unreadable };
}

const at = (r: LogRecord | undefined): number | undefined => (r ? Date.parse(r.time) : undefined);

/** Times that go backwards within one process (a cluster's file holds several processes). */
function backwards(file: string, log: ParsedLog): ClockProblem[] {
  const last = new Map<number, LogRecord>();
  const out: ClockProblem[] = [];
  for (const r of log.records) {
    const before = last.get(r.pid);
    if (before && Date.parse(r.time) < Date.parse(before.time))
      out.push({ kind: 'backwards', file, fromTime: before.time, toTime: r.time });
    last.set(r.pid, r);
  }
  return out;
}

/** The server's own limit on requests in work at once, from its SERVER_START. */
function capacityOf(kind: RunLogs['kind'], start: Record<string, string> | undefined): number | undefined {
  if (kind === 'server-sync') return 1;
  if (kind === 'server-threads') return Number(start?.threads) || undefined;
  if (kind === 'server-cluster' && start?.mode === 'spin') return Number(start.workers) || undefined;
  return undefined;
}

/** The most intervals open at one instant. */
export function maxOverlap(intervals: Array<[number, number]>): number {
  const points = intervals.flatMap(([from, to]): Array<[number, number]> => [
    [from, 1],
    [to, -1],
  ]);
  // An interval that ends where another starts does not overlap it.
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, step] of points) most = Math.max(most, (open += step));
  return most;
}

/** The interval of a client's request in the server's work. */
export const workOf = (c: ClientTimeline): [number, number] | undefined => {
  const from = c.workStart ?? c.read;
  const to = c.workDone ?? c.replied;
  return from !== undefined && to !== undefined ? [from, to] : undefined;
};

/** Computes the report's numbers from the logs of one run, and only from them. Bad lines are counted, never thrown. */
export function analyseLogs(input: RunLogs): RunAnalysis {
  const clientLogs = input.clientLogs.map((f) => parse(f.text));
  const server = input.serverLog ? parse(input.serverLog.text) : undefined;
  const clock: ClockProblem[] = [];
  if (server && input.serverLog) clock.push(...backwards(input.serverLog.name, server));
  clientLogs.forEach((log, i) => clock.push(...backwards(input.clientLogs[i].name, log)));

  const startRecord = server?.records.find((r) => r.event === 'SERVER_START');
  const delay = Number(startRecord?.fields.delay);
  const noiseMs = Math.max(WAIT_NOISE_MS, Number.isFinite(delay) ? WAIT_NOISE_SHARE * delay : 0);
  const raw = clientLogs.map(({ records }, i) => {
    const find = (event: string) => records.find((r) => r.event === event);
    const connected = find('CONNECTED');
    const error = find('ERROR');
    const local = connected?.fields.local ?? '';
    const peer = (event: string) =>
      local === '' ? undefined : server?.records.find((r) => r.event === event && r.fields.peer === local);
    const read = peer('MESSAGE_RECEIVED');
    const sent = peer('MESSAGE_SENT');
    const done = peer('WORK_DONE');
    return {
      index: i + 1,
      local,
      connected: at(connected),
      sent: at(find('SENT')),
      received: at(find('RECEIVED')),
      disconnected: at(find('DISCONNECTED')),
      queued: at(peer('CLIENT_QUEUED')),
      served: at(peer('CLIENT_CONNECTED')),
      read: at(read),
      requestQueued: peer('REQUEST_QUEUED') !== undefined,
      workStart: at(peer('WORK_START')),
      workDone: at(done),
      workLoggedMs: done?.fields.work_ms === undefined ? undefined : Number(done.fields.work_ms),
      replied: at(sent),
      serverReason: peer('CLIENT_DISCONNECTED')?.fields.reason,
      worker: peer('CLIENT_CONNECTED')?.fields.worker ?? read?.fields.worker ?? sent?.fields.thread ?? done?.fields.thread,
      error: error?.fields.what,
      ok: !!find('RECEIVED') && !error,
    };
  });

  const first = Math.min(...raw.map((c) => c.connected ?? c.disconnected ?? Infinity));
  const t0 = Number.isFinite(first) ? first : 0;
  const rel = (t: number | undefined) => (t === undefined ? undefined : t - t0);
  const clients: ClientTimeline[] = raw.map((c) => {
    const connected = rel(c.connected) ?? 0;
    const timeline: ClientTimeline = {
      index: c.index,
      local: c.local,
      connected,
      served: rel(c.served),
      queued: c.queued !== undefined,
      sent: rel(c.sent) ?? connected,
      read: rel(c.read),
      requestQueued: c.requestQueued || undefined,
      workStart: rel(c.workStart),
      workDone: rel(c.workDone),
      replied: rel(c.replied),
      received: rel(c.received),
      disconnected: rel(c.disconnected) ?? connected,
      ok: c.ok,
      error: c.error,
      worker: c.worker,
      serverReason: c.serverReason,
    };
    if (server) Object.assign(timeline, waitOf(timeline, noiseMs, input.kind === 'server-threads'));
    if (timeline.received !== undefined) timeline.responseMs = timeline.received - timeline.sent;
    const work = workOf(timeline);
    if (
      timeline.received !== undefined &&
      (timeline.received < timeline.sent ||
        (work !== undefined && (timeline.responseMs ?? 0) + CLOCK_SLACK_MS < work[1] - work[0]))
    )
      clock.push({ kind: 'reply-before-work', client: c.index });
    if (work !== undefined && Number.isFinite(delay) && work[1] - work[0] > delay + Math.max(WORK_STRETCH_MS, 10 * delay))
      clock.push({ kind: 'work-too-long', client: c.index, delayMs: delay, measuredMs: work[1] - work[0] });
    if (c.workLoggedMs !== undefined && c.workStart !== undefined && c.workDone !== undefined) {
      const measuredMs = c.workDone - c.workStart;
      if (Math.abs(measuredMs - c.workLoggedMs) > WORK_LAG_MS + WORK_LAG_SHARE * c.workLoggedMs)
        clock.push({ kind: 'work-time', client: c.index, loggedMs: c.workLoggedMs, measuredMs });
    }
    return timeline;
  });

  const capacity = capacityOf(input.kind, startRecord?.fields);
  const intervals = clients.map(workOf).filter((w): w is [number, number] => w !== undefined);
  const inFlight = server ? maxOverlap(intervals) : undefined;
  if (inFlight !== undefined && capacity !== undefined && inFlight > capacity)
    clock.push({ kind: 'over-capacity', inFlight, capacity });

  const byPeer = new Map(clients.map((c) => [c.local, c.index]));
  const sessionEnds: RunAnalysis['sessionEnds'] = [];
  const threadExits: RunAnalysis['threadExits'] = [];
  server?.records.forEach((r, i) => {
    if (r.event === 'CLIENT_DISCONNECTED' && (r.fields.reason === 'session-timeout' || r.fields.reason === 'idle-timeout'))
      sessionEnds.push({ reason: r.fields.reason, line: server.lines[i], client: byPeer.get(r.fields.peer) });
    if (r.event === 'THREAD_EXIT') threadExits.push({ reason: r.fields.reason, line: server.lines[i] });
  });

  const logs = [...(input.serverLog ? [input.serverLog] : []), ...input.clientLogs];
  const received = clients.map((c) => c.received).filter((x): x is number => x !== undefined);
  return {
    kind: input.kind,
    target: input.target,
    t0,
    clients,
    totalMs: clients.length ? Math.max(0, ...clients.map((c) => c.disconnected)) : 0,
    lastReplyMs: received.length ? Math.max(0, ...received) : 0,
    serverStart: startRecord?.fields,
    hasServerLog: !!server,
    inFlight,
    capacity,
    sessionEnds,
    threadExits,
    clock,
    unreadable: (server?.unreadable ?? 0) + clientLogs.reduce((n, l) => n + l.unreadable, 0),
    files: { configs: input.configs, logs },
  };
}

/**
 * How long the client waited before the server began its work: in the
 * connection queue (served - connected: server-sync's CLIENT_QUEUED, or a
 * cluster worker too busy to accept), then for a free thread or process once
 * its line was sent (work start - max(sent, served): REQUEST_QUEUED on
 * server-threads, a worker busy with spin work on server-cluster). A part
 * counts when the server marked it or it is longer than the noise (above).
 * server-threads marks every wait for a thread (REQUEST_QUEUED, logged
 * whenever none is free), so there only a marked one counts: an unmarked gap
 * before WORK_START is its main thread's lag in logging (236 ms for a first
 * request with all 4 threads idle, test-fixtures/loaded), not a wait.
 */
function waitOf(
  c: ClientTimeline,
  noiseMs: number,
  threadsMarkEveryWait: boolean,
): Pick<ClientTimeline, 'waitMs' | 'queueMs' | 'workerWaitMs'> {
  const part = (from: number | undefined, to: number | undefined, marked: boolean) => {
    if (from === undefined || to === undefined) return 0;
    const ms = to - from;
    return ms > 0 && (marked || ms >= noiseMs) ? ms : 0;
  };
  const queue = part(c.connected, c.served, c.queued);
  const start = c.workStart ?? c.read;
  const request =
    threadsMarkEveryWait && !c.requestQueued ? 0 : part(Math.max(c.sent, c.served ?? c.connected), start, !!c.requestQueued);
  return { waitMs: queue + request, queueMs: queue, workerWaitMs: request };
}

const readText = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/** Reads one run's files from disk and analyses them. A client that could not start at all leaves no log: an empty one. */
export function analyseRun(files: RunFiles): RunAnalysis {
  const text = (name: string): RunFile => ({ name, text: readText(join(files.base, name)) });
  return analyseLogs({
    kind: files.kind,
    target: files.target,
    serverLog: files.serverLog ? text(files.serverLog) : undefined,
    clientLogs: files.clientLogs.map(text),
    configs: [files.serverConfig, ...files.clientConfigs].filter((f): f is string => !!f).map(text),
  });
}
