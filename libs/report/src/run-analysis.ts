import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLogLine, type LogRecord } from '@app/common';

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

/** One client's life, in ms since the run's first client connected. All read from the logs. */
export interface ClientTimeline {
  index: number;
  /** `address:port` of the client: how the server's log names it. */
  local: string;
  connected: number;
  /** Server began serving it (server log); later than `connected` when it waited in the queue. */
  served?: number;
  queued: boolean;
  sent: number;
  /** Server read the line (server log). */
  read?: number;
  /** Server sent the reply (server log). */
  replied?: number;
  received?: number;
  disconnected: number;
  /** `served - connected`: time in the queue. */
  waitMs?: number;
  /** `received - sent`: how long the client waited for its reply. */
  responseMs?: number;
  ok: boolean;
  error?: string;
  /** The worker process (server-cluster) or thread (server-threads) that served it, from the server log. */
  worker?: string;
}

export interface RunAnalysis {
  kind: RunFiles['kind'];
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
  /** Every file of the run, named relative to the report directory (`server-sync/logs/client-1.log`). */
  files: { configs: Array<{ name: string; text: string }>; logs: Array<{ name: string; text: string }> };
}

const read = (file: string): { text: string; records: LogRecord[] } => {
  // A client that could not start at all (python3 missing) leaves no log.
  if (!existsSync(file)) return { text: '', records: [] };
  const text = readFileSync(file, 'utf8');
  const records = text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const r = parseLogLine(l);
      if (!r) throw new Error(`${file}: a line does not parse: ${l}`);
      return r;
    });
  return { text, records };
};

const at = (r: LogRecord | undefined): number | undefined => (r ? Date.parse(r.time) : undefined);

/** Computes the report's numbers from the log files of one run, and only from them. */
export function analyseRun(files: RunFiles): RunAnalysis {
  const at_ = (name: string) => join(files.base, name);
  const clientLogs = files.clientLogs.map((f) => read(at_(f)));
  const server = files.serverLog ? read(at_(files.serverLog)) : undefined;

  const raw = clientLogs.map(({ records }, i) => {
    const find = (event: string) => records.find((r) => r.event === event);
    const connected = find('CONNECTED');
    const error = find('ERROR');
    const local = connected?.fields.local ?? '';
    const peer = (event: string) => server?.records.find((r) => r.event === event && r.fields.peer === local);
    return {
      index: i + 1,
      local,
      connected: at(connected),
      sent: at(find('SENT')),
      received: at(find('RECEIVED')),
      disconnected: at(find('DISCONNECTED')),
      queued: at(peer('CLIENT_QUEUED')),
      served: at(peer('CLIENT_CONNECTED')),
      read: at(peer('MESSAGE_RECEIVED')),
      replied: at(peer('MESSAGE_SENT')),
      worker:
        peer('CLIENT_CONNECTED')?.fields.worker ??
        peer('MESSAGE_RECEIVED')?.fields.worker ??
        peer('MESSAGE_RECEIVED')?.fields.thread ??
        peer('MESSAGE_SENT')?.fields.thread,
      error: error?.fields.what,
      ok: !!find('RECEIVED') && !error,
    };
  });

  const first = Math.min(...raw.map((c) => c.connected ?? c.disconnected ?? Infinity));
  const t0 = Number.isFinite(first) ? first : 0;
  const rel = (t: number | undefined) => (t === undefined ? undefined : t - t0);
  const clients: ClientTimeline[] = raw.map((c) => {
    const timeline: ClientTimeline = {
      index: c.index,
      local: c.local,
      connected: rel(c.connected) ?? 0,
      served: rel(c.served),
      queued: c.queued !== undefined,
      sent: rel(c.sent) ?? rel(c.connected) ?? 0,
      read: rel(c.read),
      replied: rel(c.replied),
      received: rel(c.received),
      disconnected: rel(c.disconnected) ?? 0,
      ok: c.ok,
      error: c.error,
      worker: c.worker,
    };
    if (timeline.served !== undefined) timeline.waitMs = Math.max(0, timeline.served - timeline.connected);
    if (timeline.received !== undefined) timeline.responseMs = timeline.received - timeline.sent;
    return timeline;
  });

  const start = server?.records.find((r) => r.event === 'SERVER_START');
  const logs = [
    ...(server && files.serverLog ? [{ name: files.serverLog, text: server.text }] : []),
    ...clientLogs.map((l, i) => ({ name: files.clientLogs[i], text: l.text })),
  ];
  const configs = [files.serverConfig, ...files.clientConfigs]
    .filter((f): f is string => !!f)
    .map((f) => ({ name: f, text: readFileSync(at_(f), 'utf8') }));
  return {
    kind: files.kind,
    target: files.target,
    t0,
    clients,
    totalMs: Math.max(...clients.map((c) => c.disconnected)),
    lastReplyMs: Math.max(...clients.map((c) => c.received ?? 0)),
    serverStart: start?.fields,
    hasServerLog: !!server,
    files: { configs, logs },
  };
}
