import { parentPort, threadId, workerData } from 'node:worker_threads';
import { mirrorText, spinFor } from '@app/common';
import {
  THREAD_TEST_EXIT_CODE,
  type ThreadSettings,
  type WorkResult,
  type WorkStarted,
  type WorkTask,
} from './threads.messages.js';

/**
 * The code each thread of server-threads' pool runs for one request: the
 * simulated work, then the mirror. It blocks its thread for the whole
 * request, in both work modes, as a classic thread-per-request server does:
 * `sleep` waits in Atomics.wait (the thread sleeps in the kernel, like a
 * blocking read from a disk or a database), `spin` burns CPU. The pool gives
 * a thread one request at a time, so `threads.count` bounds the requests in
 * progress.
 */
const settings = workerData as ThreadSettings;
/** Never notified: Atomics.wait on it always runs to its timeout. */
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

export default function work(task: WorkTask): WorkResult {
  if (task.probe) return { reply: '', thread: threadId, workMs: 0 };
  const started = performance.now();
  // The main thread logs WORK_START from this; the log is the main thread's alone.
  parentPort?.postMessage({ type: 'work-start', id: task.id, thread: threadId } satisfies WorkStarted);
  if (settings.exitOn !== undefined && task.line === settings.exitOn) process.exit(THREAD_TEST_EXIT_CODE);
  if (settings.delayMs > 0) {
    if (settings.mode === 'spin') spinFor(settings.delayMs);
    else Atomics.wait(sleepCell, 0, 0, settings.delayMs);
  }
  // The same code as MirrorService's (which wraps it for Nest).
  const reply = mirrorText(task.line, settings.preserveCase) + settings.suffix;
  return { reply, thread: threadId, workMs: Math.round(performance.now() - started) };
}
