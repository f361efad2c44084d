import type { Readable } from 'node:stream';
import type { WorkDeadline } from '@app/common';

/** What the watchdog thread tells the worker's event loop. */
export interface WatchNews {
  /** Epoch ms by which the worker must have closed every connection. */
  deadline: number;
  primaryGone: boolean;
}

/** What the worker gives its watchdog thread (its `workerData`). */
export interface WatchData {
  /** The watch pipe's file descriptor (cluster.messages.ts, WATCH_FD). */
  fd: number;
  /** The worker's WorkDeadline buffer: a spin reads it between slices. */
  buffer: SharedArrayBuffer;
  graceMs: number;
  /** How long past the grace time a worker whose primary died may take to exit by itself. */
  marginMs: number;
}

export interface WatchHooks {
  /** Passes the news on to the worker's event loop. */
  tell(news: WatchNews): void;
  /** Ends the worker, whatever blocks it. */
  kill(): void;
}

/**
 * Reads the watch pipe: each line is a shutdown deadline from the primary
 * (epoch ms; now, for a forced stop), stored where a spin sees it and told
 * to the event loop. When the pipe closes, the primary is gone, however it
 * died (SIGKILL included): the worker gets the grace time, and if it is
 * still alive after that and the margin (something other than a spin
 * blocked it), it is killed, so a worker never holds the port for longer.
 * Runs on the watchdog thread (primary-watch.thread.ts), so that it works
 * while the worker's event loop is blocked by spin work.
 */
export function watchPipe(
  pipe: Readable,
  deadline: WorkDeadline,
  data: Pick<WatchData, 'graceMs' | 'marginMs'>,
  hooks: WatchHooks,
): void {
  let text = '';
  pipe.setEncoding('utf8');
  pipe.on('data', (chunk: string) => {
    text += chunk;
    let end: number;
    while ((end = text.indexOf('\n')) !== -1) {
      const at = Number(text.slice(0, end));
      text = text.slice(end + 1);
      if (at > 0) {
        deadline.set(at);
        hooks.tell({ deadline: at, primaryGone: false });
      }
    }
  });
  pipe.on('error', () => undefined);
  pipe.once('close', () => {
    const at = Date.now() + data.graceMs;
    deadline.set(at);
    hooks.tell({ deadline: at, primaryGone: true });
    setTimeout(hooks.kill, data.graceMs + data.marginMs);
  });
}
