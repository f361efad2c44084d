import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunLogs, ServerApp } from '../src/run-analysis.js';

/**
 * Real lab runs, captured with `node dist/apps/lab/main.js` (5 clients,
 * 2000 ms delay, 300 ms stagger, 1000 ms before sending, 500 ms linger) and
 * kept as they were written:
 *
 * - `sleep`: all three servers, sleep work, 2 workers, 4 threads
 *   (server-threads queued client 5: REQUEST_QUEUED);
 * - `threads-2`: server-threads with 2 threads (three requests queued);
 * - `spin`: server-cluster with 2 workers and server-threads with 2 threads, spin work;
 * - `session-timeout`: server-sync run by hand (`session.max_ms = 3000`, delay
 *   1000 ms) with two clients, the first lingering 6 s: the server ended its
 *   session (`reason=session-timeout`) and then served the queued second one;
 * - `loaded`: server-threads, 300 ms delay, 4 threads, on a 2-core machine
 *   shared by several busy users (lab default otherwise): the main thread
 *   logged client 1's WORK_START late (`work_ms=318`, 268 ms between its
 *   WORK_START and WORK_DONE lines); the clock did not move.
 */
const FIXTURES = join(process.cwd(), 'libs/report/test-fixtures');

/** One run of a fixture, as the lab hands it to the analysis (names relative to the report directory). */
export function fixture(name: 'sleep' | 'threads-2' | 'spin' | 'session-timeout' | 'loaded', kind: ServerApp): RunLogs {
  const dir = join(FIXTURES, name, kind);
  const file = (rel: string) => ({ name: `${kind}/${rel}`, text: readFileSync(join(dir, rel), 'utf8') });
  const number = (f: string) => Number(/\d+/.exec(f)?.[0]);
  const clients = readdirSync(join(dir, 'logs'))
    .filter((f) => /^client-\d+\.log$/.test(f))
    .sort((a, b) => number(a) - number(b));
  const configs = readdirSync(join(dir, 'config')).sort((a, b) =>
    a.startsWith('server') ? -1 : b.startsWith('server') ? 1 : number(a) - number(b),
  );
  return {
    kind,
    target: '127.0.0.1:0',
    serverLog: file(`logs/${kind}.log`),
    clientLogs: clients.map((c) => file(`logs/${c}`)),
    configs: configs.map((c) => file(`config/${c}`)),
  };
}

/** The same logs after the wall clock stepped by `deltaMs` at `at` (ISO time): every line from then on is shifted. */
export function stepClock(logs: RunLogs, at: string, deltaMs: number): RunLogs {
  const from = Date.parse(at);
  const shift = (text: string) =>
    text.replace(/^(\S+)(?= )/gm, (time) => {
      const t = Date.parse(time);
      return t < from ? time : new Date(t + deltaMs).toISOString().replace('Z', '+00:00');
    });
  return {
    ...logs,
    serverLog: logs.serverLog && { ...logs.serverLog, text: shift(logs.serverLog.text) },
    clientLogs: logs.clientLogs.map((f) => ({ ...f, text: shift(f.text) })),
  };
}
