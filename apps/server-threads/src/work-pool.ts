import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { hostOf, LogEvent, messages, type EventLog } from '@app/common';
import type { ThreadSettings, WorkResult, WorkStarted, WorkTask } from './threads.messages.js';

/** A request handed to the pool and not answered yet. */
interface Request {
  id: number;
  peer: string;
  /** The thread working on it, once WORK_START is logged. */
  thread?: number;
}

/** A request waiting in WorkPool's own queue for a free thread. */
interface Waiting {
  start: () => void;
  reject: (error: Error) => void;
}

type State = 'running' | 'stopping' | 'stopped';

/**
 * The error a waiting request gets when the pool stops: the same text piscina
 * gives a task still in its queue when it is destroyed, so the log of a
 * forced shutdown reads as it always has.
 */
const POOL_STOPPED = 'Terminating worker thread';

/**
 * server-threads' pool of `count` threads, on piscina, and the events of the
 * main thread's view of it (the log is the main thread's alone):
 * THREAD_START / THREAD_EXIT, REQUEST_QUEUED when every thread is busy,
 * WORK_START / WORK_DONE with `thread=` for each request.
 *
 * A thread takes one request at a time (piscina's concurrentTasksPerWorker =
 * 1) and is kept however long it idles (min = max threads). A thread that
 * dies is replaced by piscina, and the request it held is rejected here with
 * an error that names the thread; the connection answers it with
 * `ERROR internal server error`.
 *
 * **The order of waiting requests** (docs/server-threads.md, "Which waiting
 * request gets the next thread"): a request goes to piscina only when a
 * thread is free, so piscina never holds more than `count`; the others wait
 * here, one queue per client machine (the host part of the peer), FIFO
 * within it. When a thread frees, the machines take turns:
 * the one whose turn it is gives its oldest request and goes to the back of
 * the round. A machine with 100 connections thus gets one turn per round like
 * a student with one, instead of holding every thread for as long as its
 * requests keep coming (piscina's own queue is one FIFO).
 *
 * Memory stays bounded without a limit of its own: a connection hands the
 * handler one line at a time and the next only after the reply
 * (LineConnection's `inRequest`, libs/common/src/transport/line.connection.ts),
 * so this queue holds at most one request per open connection, and those are
 * at most `limits.max_connections`.
 */
export class WorkPool {
  private readonly pool: Piscina<WorkTask, WorkResult>;
  /** Requests handed to the pool or waiting for it, by id. */
  private readonly requests = new Map<number, Request>();
  /** Waiting requests per host; the Map's order is the round (the next turn first). */
  private readonly waiting = new Map<string, Waiting[]>();
  private waitingCount = 0;
  /** Requests with piscina (at most `count`). */
  private inPool = 0;
  private nextId = 1;
  private state: State = 'running';

  constructor(
    private readonly count: number,
    file: string,
    settings: ThreadSettings,
    private readonly log: EventLog,
  ) {
    this.pool = new Piscina({
      filename: file,
      minThreads: count,
      maxThreads: count,
      idleTimeout: Infinity,
      concurrentTasksPerWorker: 1,
      workerData: settings,
    });
    this.pool.on('workerCreate', (created: { id: number }) => this.onThreadStart(created.id));
    this.pool.on('message', (message: WorkStarted) => {
      if (message?.type === 'work-start') this.onWorkStart(message.id, message.thread);
    });
    // piscina emits 'error' for a thread that fails with no request on it; the
    // thread's own 'exit' (THREAD_EXIT, with the error) tells it, and an
    // 'error' with no listener would end the process.
    this.pool.on('error', () => undefined);
  }

  /** Does one request's work on a thread; resolves with the reply line and the thread that made it. */
  async run(line: string, peer: string): Promise<{ reply: string; thread: number }> {
    const request: Request = { id: this.nextId++, peer };
    this.requests.set(request.id, request);
    try {
      if (this.state !== 'running') throw new Error(POOL_STOPPED);
      // A free thread is taken at once; a waiting request's is taken for it
      // by startNext, in the same turn that frees it (no request arriving in
      // between can take it first).
      if (this.inPool < this.count) this.inPool += 1;
      else await this.wait(request);
      try {
        const result = await this.pool.run({ id: request.id, line });
        // The thread's WORK_START message and its result come over different
        // ports, in either order: the start is logged first, whichever arrives first.
        this.onWorkStart(request.id, result.thread);
        this.log.event(LogEvent.WORK_DONE, { peer, thread: result.thread, work_ms: result.workMs });
        return { reply: result.reply, thread: result.thread };
      } finally {
        this.inPool -= 1;
        this.startNext();
      }
    } catch (error) {
      throw new Error(messages().server.threadFailed(request.thread, (error as Error).message), { cause: error });
    } finally {
      this.requests.delete(request.id);
    }
  }

  /** Checks that a thread runs the work code (the thread bundle loads); throws if not. */
  async check(): Promise<void> {
    await this.pool.run({ id: 0, line: '', probe: true });
  }

  /**
   * Ends every thread at once, even one in the middle of its work (a spin
   * cannot be interrupted any other way); requests still waiting for a
   * thread or in the pool are rejected. Resolves once every thread has exited
   * and its THREAD_EXIT is logged.
   */
  async stop(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'stopping';
    const waiting = [...this.waiting.values()].flat();
    this.waiting.clear();
    this.waitingCount = 0;
    for (const w of waiting) w.reject(new Error(POOL_STOPPED));
    await this.pool.destroy();
    this.state = 'stopped';
  }

  /** Puts a request in its host's queue (REQUEST_QUEUED); resolves when a thread is free for it. */
  private wait(request: Request): Promise<void> {
    return new Promise<void>((start, reject) => {
      const host = hostOf(request.peer);
      let queue = this.waiting.get(host);
      if (!queue) this.waiting.set(host, (queue = []));
      queue.push({ start, reject });
      this.waitingCount += 1;
      this.log.event(LogEvent.REQUEST_QUEUED, { peer: request.peer, waiting: this.waitingCount });
    });
  }

  /** A thread is free: the host whose turn it is gives its oldest request, and goes to the back of the round. */
  private startNext(): void {
    if (this.state !== 'running' || this.inPool >= this.count) return;
    const next = this.waiting.entries().next();
    if (next.done) return;
    const [host, queue] = next.value;
    const first = queue.shift()!;
    this.waiting.delete(host);
    if (queue.length > 0) this.waiting.set(host, queue);
    this.waitingCount -= 1;
    this.inPool += 1;
    first.start();
  }

  private onWorkStart(id: number, thread: number): void {
    const request = this.requests.get(id);
    if (!request || request.thread !== undefined) return;
    request.thread = thread;
    this.log.event(LogEvent.WORK_START, { peer: request.peer, thread });
  }

  private onThreadStart(thread: number): void {
    const worker = this.pool.threads.find((w) => w.threadId === thread);
    this.log.event(LogEvent.THREAD_START, { thread, threads: this.pool.threads.length });
    if (worker) this.watch(worker, thread);
  }

  private watch(worker: Worker, thread: number): void {
    const startedAt = Date.now();
    let error: Error | undefined;
    worker.once('error', (e) => (error = e));
    // Registered after piscina's own listener, which has rejected the thread's
    // request by now: THREAD_EXIT comes before that request's HANDLER_ERROR.
    worker.once('exit', (code) => {
      this.log.event(LogEvent.THREAD_EXIT, {
        thread,
        code,
        reason: this.state === 'running' ? 'died' : 'server-shutdown',
        error: error ? error.message : undefined,
        uptime_ms: Date.now() - startedAt,
      });
    });
  }
}
