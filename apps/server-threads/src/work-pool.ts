import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { LogEvent, messages, type EventLog } from '@app/common';
import type { ThreadSettings, WorkResult, WorkStarted, WorkTask } from './threads.messages.js';

/** A request handed to the pool and not answered yet. */
interface Request {
  peer: string;
  /** The thread working on it, once WORK_START is logged. */
  thread?: number;
}

type State = 'running' | 'stopping' | 'stopped';

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
 */
export class WorkPool {
  private readonly pool: Piscina<WorkTask, WorkResult>;
  private readonly requests = new Map<number, Request>();
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
    const id = this.nextId++;
    const request: Request = { peer };
    this.requests.set(id, request);
    if (this.requests.size > this.count) {
      this.log.event(LogEvent.REQUEST_QUEUED, { peer, waiting: this.requests.size - this.count });
    }
    try {
      const result = await this.pool.run({ id, line });
      // The thread's WORK_START message and its result come over different
      // ports, in either order: the start is logged first, whichever arrives first.
      this.onWorkStart(id, result.thread);
      this.log.event(LogEvent.WORK_DONE, { peer, thread: result.thread, work_ms: result.workMs });
      return { reply: result.reply, thread: result.thread };
    } catch (error) {
      throw new Error(messages().server.threadFailed(request.thread, (error as Error).message), { cause: error });
    } finally {
      this.requests.delete(id);
    }
  }

  /** Checks that a thread runs the work code (the thread bundle loads); throws if not. */
  async check(): Promise<void> {
    await this.pool.run({ id: 0, line: '', probe: true });
  }

  /**
   * Ends every thread at once, even one in the middle of its work (a spin
   * cannot be interrupted any other way); requests still in the pool are
   * rejected. Resolves once every thread has exited and its THREAD_EXIT is logged.
   */
  async stop(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'stopping';
    await this.pool.destroy();
    this.state = 'stopped';
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
