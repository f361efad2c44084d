import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { EventLog, Fields } from '@app/common';
import { hostOf } from '../../../libs/common/src/transport/peer-address.js';
import type { ThreadSettings } from './threads.messages.js';

// work-pool imports @app/common, whose index pulls in nest-winston: a
// CommonJS package that requires ESM-only Nest, which Jest's module runtime
// cannot load. Nothing here goes through winston; a stand-in takes its place.
jest.unstable_mockModule('nest-winston', () => ({ WinstonModule: {}, utilities: { format: {} } }));
const { WorkPool } = await import('./work-pool.js');

/**
 * The order in which WorkPool gives waiting requests a thread: each client
 * machine (the host of the peer) in turn, FIFO within one. The threads run a
 * stand-in for work.thread.ts that speaks its protocol (WORK_START message,
 * then the result) and sleeps `delayMs`; the real one is bundled by rspack
 * and covered by test/server-threads.e2e-spec.ts.
 */
const THREAD_CODE = `
import { parentPort, threadId, workerData } from 'node:worker_threads';
const cell = new Int32Array(new SharedArrayBuffer(4));
export default function work(task) {
  if (task.probe) return { reply: '', thread: threadId, workMs: 0 };
  parentPort.postMessage({ type: 'work-start', id: task.id, thread: threadId });
  Atomics.wait(cell, 0, 0, workerData.delayMs);
  return { reply: task.line + workerData.suffix, thread: threadId, workMs: workerData.delayMs };
}
`;

interface Logged {
  event: string;
  fields: Fields;
}

describe('WorkPool', () => {
  let dir: string;
  let file: string;
  let pool: InstanceType<typeof WorkPool> | undefined;
  let logged: Logged[];
  const log = { event: (event: string, fields: Fields) => logged.push({ event, fields }) } as unknown as EventLog;
  const settings = (delayMs: number): ThreadSettings => ({
    delayMs,
    mode: 'sleep',
    preserveCase: true,
    suffix: '.',
    exitOn: undefined,
  });
  const of = (event: string) => logged.filter((l) => l.event === event);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mirror-lab-work-pool-'));
    file = join(dir, 'thread.mjs');
    writeFileSync(file, THREAD_CODE);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => (logged = []));
  afterEach(async () => {
    await pool?.stop();
    pool = undefined;
  });

  it('should give a thread to each machine in turn, FIFO within one, and log REQUEST_QUEUED with the count waiting', async () => {
    pool = new WorkPool(1, file, settings(15), log);
    await pool.check();
    // One request holds the only thread; then machine A sends 10, machine B one.
    const runs = [pool.run('hold', '10.0.0.9:1000')];
    for (let i = 1; i <= 10; i += 1) runs.push(pool.run(`a${i}`, `10.0.0.1:${2000 + i}`));
    runs.push(pool.run('b1', '10.0.0.2:3000'));
    const replies = await Promise.all(runs);
    expect(replies.map((r) => r.reply)).toEqual(['hold.', ...Array.from({ length: 10 }, (_, i) => `a${i + 1}.`), 'b1.']);

    const queued = of('REQUEST_QUEUED');
    expect(queued.map((q) => q.fields.waiting)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect(queued.at(-1)!.fields.peer).toBe('10.0.0.2:3000');
    // Order of work: the holder, A's first, then B's (its machine's turn), then the rest of A's in order.
    const started = of('WORK_START').map((s) => s.fields.peer);
    expect(started).toEqual([
      '10.0.0.9:1000',
      '10.0.0.1:2001',
      '10.0.0.2:3000',
      ...Array.from({ length: 9 }, (_, i) => `10.0.0.1:${2002 + i}`),
    ]);
    expect(of('WORK_DONE')).toHaveLength(12);
  });

  it('should go round every waiting machine before a second turn for any', async () => {
    pool = new WorkPool(1, file, settings(10), log);
    await pool.check();
    const runs = [pool.run('hold', '10.0.0.9:1')];
    // A flooding machine with 5 requests waiting, then three students one each.
    for (let i = 1; i <= 5; i += 1) runs.push(pool.run(`f${i}`, `10.0.0.66:${i}`));
    for (const s of [11, 12, 13]) runs.push(pool.run(`s${s}`, `10.0.0.${s}:5`));
    await Promise.all(runs);
    const hosts = of('WORK_START').map((s) => hostOf(String(s.fields.peer)));
    expect(hosts).toEqual(['10.0.0.9', '10.0.0.66', '10.0.0.11', '10.0.0.12', '10.0.0.13', ...Array(4).fill('10.0.0.66')]);
  });

  it('should never have more requests in work than threads', async () => {
    pool = new WorkPool(2, file, settings(20), log);
    await pool.check();
    const runs = Array.from({ length: 8 }, (_, i) => pool!.run(`r${i}`, `10.0.0.${i % 3}:${i}`));
    await Promise.all(runs);
    let inWork = 0;
    let most = 0;
    for (const l of logged) {
      if (l.event === 'WORK_START') most = Math.max(most, ++inWork);
      if (l.event === 'WORK_DONE') inWork -= 1;
    }
    expect(most).toBe(2);
    expect(of('REQUEST_QUEUED')).toHaveLength(6);
  });

  it('should reject what waits for a thread when stopped, and what was in work', async () => {
    pool = new WorkPool(1, file, settings(300), log);
    await pool.check();
    const outcomes = ['hold', 'w1', 'w2'].map((line, i) =>
      pool!.run(line, `10.0.0.${i + 1}:1`).then(
        (r) => r.reply,
        (e: Error) => e.message,
      ),
    );
    // The holder is on its thread (WORK_START logged) before the stop.
    for (let i = 0; i < 100 && of('WORK_START').length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    await pool.stop();
    const [hold, w1, w2] = await Promise.all(outcomes);
    expect(w1).toBe('failed while working on the request: Terminating worker thread');
    expect(w2).toBe(w1);
    expect(hold).toMatch(/^thread \d+ failed while working on the request: /);
    // The waiting ones never reached a thread.
    expect(of('WORK_START')).toHaveLength(1);
    expect(of('REQUEST_QUEUED').map((q) => q.fields.waiting)).toEqual([1, 2]);
    await expect(pool.run('late', '10.0.0.4:1')).rejects.toThrow('Terminating worker thread');
  });
});
