import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { workDeadline } from '@app/common';
import { WATCH_FD } from './cluster.messages.js';
import type { WatchData, WatchNews } from './watch-pipe.js';

/**
 * The watchdog: a thread of the worker that reads the watch pipe
 * (watch-pipe.ts says what it does with it) and tells the worker's event
 * loop. The pipe, not the IPC channel, carries the deadlines because it
 * buffers them for a worker that is still starting (a message on the IPC
 * channel before the worker listens for it is lost) and because a thread
 * can read it.
 */

/** How long past the grace time a worker whose primary died may take to exit by itself. */
const ORPHAN_MARGIN_MS = 2000;

/** The thread's bundle, built beside main.js (apps/server-cluster/rspack.config.js). */
const WATCHDOG_FILE = 'primary-watch.thread.js';

export function watchPrimary(graceMs: number, onNews: (news: WatchNews) => void, onError: (error: Error) => void): void {
  const workerData: WatchData = { fd: WATCH_FD, buffer: workDeadline.buffer, graceMs, marginMs: ORPHAN_MARGIN_MS };
  const thread = new Worker(join(dirname(fileURLToPath(import.meta.url)), WATCHDOG_FILE), { workerData });
  // The thread must not keep a worker alive that is done.
  thread.unref();
  thread.on('message', onNews);
  thread.on('error', onError);
}
