import { Worker } from 'node:worker_threads';
import { workDeadline } from '@app/common';
import { WATCH_FD } from './cluster.messages.js';

/**
 * Runs in a thread of its own, beside the worker's event loop, so it works
 * while that loop is blocked by spin work. It reads the watch pipe: each line
 * is a shutdown deadline from the primary (now, for a forced stop), stored
 * where a spin sees it (WorkDeadline) and passed on to the event loop. When
 * the pipe closes, the primary is gone, however it died (SIGKILL included):
 * the worker gets the grace time, and if it is still alive after that and a
 * margin (something other than a spin blocked it), the thread kills it, so a
 * worker never holds the port for longer.
 *
 * The pipe, not the IPC channel, carries the deadlines because it buffers
 * them for a worker that is still starting (a message on the IPC channel
 * before the worker listens for it is lost) and because a thread can read it.
 *
 * CommonJS source text, run with `eval`: the apps are bundled into one file
 * each, so there is no separate module file for a thread to load.
 */
const WATCHDOG_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const cell = new BigInt64Array(workerData.buffer);
function setDeadline(ms) {
  const next = BigInt(Math.max(1, Math.floor(ms)));
  for (;;) {
    const current = Atomics.load(cell, 0);
    if (current !== 0n && current <= next) return;
    if (Atomics.compareExchange(cell, 0, current, next) === current) return;
  }
}
const pipe = new net.Socket({ fd: workerData.fd, readable: true, writable: false });
let text = '';
pipe.setEncoding('utf8');
pipe.on('data', (chunk) => {
  text += chunk;
  let i;
  while ((i = text.indexOf('\\n')) !== -1) {
    const deadline = Number(text.slice(0, i));
    text = text.slice(i + 1);
    if (deadline > 0) {
      setDeadline(deadline);
      parentPort.postMessage({ deadline, primaryGone: false });
    }
  }
});
pipe.on('error', () => undefined);
pipe.once('close', () => {
  const deadline = Date.now() + workerData.graceMs;
  setDeadline(deadline);
  parentPort.postMessage({ deadline, primaryGone: true });
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), workerData.graceMs + workerData.marginMs);
});
`;

/** How long past the grace time a worker whose primary died may take to exit by itself. */
export const ORPHAN_MARGIN_MS = 2000;

export interface WatchNews {
  /** Epoch ms by which the worker must have closed every connection. */
  deadline: number;
  primaryGone: boolean;
}

export function watchPrimary(graceMs: number, onNews: (news: WatchNews) => void, onError: (error: Error) => void): void {
  const thread = new Worker(WATCHDOG_SOURCE, {
    eval: true,
    workerData: { fd: WATCH_FD, buffer: workDeadline.buffer, graceMs, marginMs: ORPHAN_MARGIN_MS },
  });
  // The thread must not keep a worker alive that is done.
  thread.unref();
  thread.on('message', onNews);
  thread.on('error', onError);
}
