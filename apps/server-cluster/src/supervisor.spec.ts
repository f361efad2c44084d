import type { Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { jest } from '@jest/globals';
import type { EventLog, StartupError } from '@app/common';
import type { WorkerMessage } from './cluster.messages.js';
import type { RestartPolicy } from './supervisor.js';

// @app/common's index pulls in nest-winston, which Jest's module runtime
// cannot load on Node 20; the supervisor never logs to the console.
jest.unstable_mockModule('nest-winston', () => ({ WinstonModule: {}, utilities: { format: {} } }));
const { Supervisor } = await import('./supervisor.js');
const { WATCH_FD, WORKER_SLOT_ENV } = await import('./cluster.messages.js');

/** A stand-in for a forked worker process: the test makes it say things and die. */
class FakeWorker extends EventEmitter {
  static pid = 1000;
  readonly watch = new PassThrough();
  readonly watched: string[] = [];
  dead = false;
  readonly process: { pid: number; stdio: unknown[]; kill: (signal: string) => void };

  constructor(readonly env: NodeJS.ProcessEnv) {
    super();
    this.watch.setEncoding('utf8').on('data', (text: string) => this.watched.push(text));
    const stdio: unknown[] = [];
    stdio[WATCH_FD] = this.watch;
    this.process = { pid: (FakeWorker.pid += 1), stdio, kill: (signal) => this.die(null, signal) };
  }

  get slot(): number {
    return Number(this.env[WORKER_SLOT_ENV]);
  }

  isDead(): boolean {
    return this.dead;
  }

  isConnected(): boolean {
    return !this.dead;
  }

  send(_message: unknown, _handle: unknown, _options: unknown, done?: (error: Error | null) => void): boolean {
    done?.(null);
    return true;
  }

  say(message: WorkerMessage): void {
    this.emit('message', message, undefined);
  }

  die(code: number | null, signal: string | null = null): void {
    if (this.dead) return;
    this.dead = true;
    this.emit('exit', code, signal);
  }
}

const POLICY: RestartPolicy = { initialDelayMs: 100, maxDelayMs: 1000, healthyAfterMs: 10_000, maxStartupFailures: 3 };

describe('Supervisor', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  function supervisor(workers = 2) {
    const forked: FakeWorker[] = [];
    const events: { event: string; fields: Record<string, unknown> }[] = [];
    const log = {
      event: (event: string, fields: Record<string, unknown>) => events.push({ event, fields }),
    } as unknown as EventLog;
    const fork = (env: NodeJS.ProcessEnv) => {
      const worker = new FakeWorker(env);
      forked.push(worker);
      return worker as unknown as Worker;
    };
    const sup = new Supervisor(workers, 4321, 'shared', log, POLICY, fork);
    const alive = (slot: number) => forked.filter((w) => w.slot === slot && !w.dead).at(-1)!;
    return { sup, forked, events, alive };
  }

  it('should fork one worker per slot and be ready with the port once every worker listens', async () => {
    const { sup, forked, events } = supervisor(2);
    let ready: number | undefined;
    void sup.start().then((port) => (ready = port));
    expect(forked.map((w) => w.slot)).toEqual([1, 2]);
    forked[0].say({ type: 'listening', port: 4321 });
    await Promise.resolve();
    expect(ready).toBeUndefined();
    forked[1].say({ type: 'listening', port: 4321 });
    await Promise.resolve();
    expect(ready).toBe(4321);
    expect(events.map((e) => [e.event, e.fields.worker])).toEqual([
      ['WORKER_START', 1],
      ['WORKER_START', 2],
    ]);
    expect(sup.runningWorkers).toBe(2);
  });

  it('should restart a worker that dies in its slot, after a back-off that doubles while it keeps dying', async () => {
    const { sup, forked, events, alive } = supervisor(1);
    void sup.start();
    forked[0].say({ type: 'listening', port: 4321 });
    forked[0].die(1);
    expect(events.at(-1)).toMatchObject({ event: 'WORKER_EXIT', fields: { worker: 1, code: 1 } });
    jest.advanceTimersByTime(99);
    expect(forked).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(forked).toHaveLength(2);
    expect(forked[1].slot).toBe(1);
    alive(1).say({ type: 'listening', port: 4321 });
    alive(1).die(null, 'SIGKILL');
    // Second death in a row: 200 ms.
    jest.advanceTimersByTime(199);
    expect(forked).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(forked).toHaveLength(3);
  });

  it('should give up on a slot whose workers die before they listen, again and again, and say why', async () => {
    const { sup, forked } = supervisor(1);
    const started = sup.start();
    const failed = started.catch((error: StartupError) => error);
    forked[0].say({ type: 'fatal', code: 'LISTEN_FAILED', message: 'cannot listen', permanent: false });
    forked[0].die(1);
    jest.advanceTimersByTime(100);
    forked[1].die(1);
    jest.advanceTimersByTime(200);
    forked[2].die(1);
    const error = await failed;
    expect(error).toMatchObject({ code: 'WORKERS_FAILING' });
    expect((error as Error).message).toContain('cannot listen');
    jest.advanceTimersByTime(10_000);
    expect(forked).toHaveLength(3);
  });

  it('should give up at once on a permanent start-up failure, with its code', async () => {
    const { sup, forked } = supervisor(2);
    const failed = sup.start().catch((error: StartupError) => error);
    forked[1].say({ type: 'fatal', code: 'PORT_IN_USE', message: 'port in use', permanent: true });
    expect(await failed).toMatchObject({ code: 'PORT_IN_USE', message: 'port in use' });
  });

  it('should tell every worker the deadline on stop, restart none, and kill one still alive past the deadline', async () => {
    const { sup, forked } = supervisor(2);
    void sup.start();
    for (const w of forked) w.say({ type: 'listening', port: 4321 });
    const deadline = Date.now() + 500;
    let stopped = false;
    void sup.stop(deadline).then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    expect(forked.map((w) => w.watched.join(''))).toEqual([`${deadline}\n`, `${deadline}\n`]);
    forked[0].die(0);
    jest.advanceTimersByTime(500 + 1999);
    expect(forked[1].dead).toBe(false);
    jest.advanceTimersByTime(1);
    expect(forked[1].dead).toBe(true);
    for (let turn = 0; turn < 10 && !stopped; turn += 1) await Promise.resolve();
    expect(stopped).toBe(true);
    jest.advanceTimersByTime(60_000);
    expect(forked).toHaveLength(2);
  });
});
