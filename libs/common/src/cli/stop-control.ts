import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * The environment variable that asks a program to take its stop from its
 * stdin: `MIRROR_LAB_CONTROL=stdin`. Windows has no SIGTERM to send to a
 * child (Node's `kill()` there ends it at once, with nothing logged), so the
 * lab and the class session stop their children this way on every OS.
 */
export const CONTROL_ENV = 'MIRROR_LAB_CONTROL';

/** The one value of CONTROL_ENV that means anything. */
export const CONTROL_STDIN = 'stdin';

/** The line that asks for the stop. */
export const STOP_LINE = 'stop';

/** A line longer than this is no `stop`; only its end is kept, so stdin cannot fill the memory. */
const MAX_PENDING = 64;

/**
 * When CONTROL_ENV is `stdin`, reads stdin and calls `onStop` once: on a
 * `stop` line (CR LF too), or when stdin ends, closes or fails, which is
 * what a parent that died (even by SIGKILL) leaves behind. Other lines are
 * ignored. The variable is removed from this process's environment, so the
 * processes and threads it starts (cluster workers, the thread pool) never
 * inherit it: only the program its parent started takes orders from stdin.
 *
 * Returns whether stdin is watched.
 */
export function watchStopControl(
  onStop: () => void,
  env: NodeJS.ProcessEnv = process.env,
  stdin: Readable = process.stdin,
): boolean {
  const mode = env[CONTROL_ENV];
  delete env[CONTROL_ENV];
  if (mode !== CONTROL_STDIN) return false;
  let done = false;
  let pending = '';
  const stop = (): void => {
    if (done) return;
    done = true;
    onStop();
  };
  stdin.setEncoding('utf8');
  stdin.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop()!.slice(-MAX_PENDING);
    if (lines.some((line) => line.trim() === STOP_LINE)) stop();
  });
  stdin.once('end', stop);
  stdin.once('close', stop);
  // An unreadable stdin (closed, a broken pipe) is no parent to wait for.
  stdin.on('error', stop);
  return true;
}

/**
 * Asks a child started with `CONTROL_ENV=stdin` and a stdin pipe to stop as
 * it would on SIGTERM: writes `stop` and ends its stdin. Returns false when
 * there is no stdin to write to (no pipe, or the child already closed it).
 */
export function requestStop(child: ChildProcess): boolean {
  const stdin = child.stdin;
  if (!stdin || stdin.destroyed || stdin.writableEnded) return false;
  // A child that already exited closes the pipe: EPIPE then, and nothing to stop.
  stdin.on('error', () => undefined);
  stdin.end(`${STOP_LINE}\n`);
  return true;
}
