import { Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { WorkDeadline } from '@app/common';
import { watchPipe, type WatchData } from './watch-pipe.js';

/**
 * The watchdog thread of a server-cluster worker, built as a bundle of its
 * own beside main.js (apps/server-cluster/rspack.config.js) and started by
 * primary-watch.ts. It runs beside the worker's event loop, so it reads the
 * watch pipe even while a spin blocks that loop.
 */
const data = workerData as WatchData;
watchPipe(new Socket({ fd: data.fd, readable: true, writable: false }), new WorkDeadline(data.buffer), data, {
  tell: (news) => parentPort?.postMessage(news),
  kill: () => process.kill(process.pid, 'SIGKILL'),
});
