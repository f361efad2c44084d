import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { messages } from '../i18n/messages.js';

/**
 * `mkdir -p`, one directory at a time. Not `mkdirSync(dir, { recursive: true })`:
 * on Node 20 that never returns for a path under /proc (measured: it spins at
 * full CPU until killed), where this stops with the first directory that
 * cannot be made (ENOENT).
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Opens `path` for appending (creating its directories), refusing anything
 * but a regular file, without ever blocking on a FIFO; throws a readable error
 * if it cannot.
 */
export function openAppend(path: string): number {
  try {
    makeDirectories(dirname(path));
    const existing = statSync(path, { throwIfNoEntry: false });
    if (existing && !existing.isFile()) throw new NotRegularFile(existing);
    const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK, 0o644);
    const st = fstatSync(fd);
    if (!st.isFile()) {
      closeSync(fd);
      throw new NotRegularFile(st);
    }
    return fd;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why =
      error instanceof NotRegularFile ? error.message : (messages().log.openFailures[e.code ?? ''] ?? e.code ?? e.message);
    throw new Error(messages().log.cannotOpen(path, why), { cause: error });
  }
}

class NotRegularFile extends Error {
  constructor(st: Stats) {
    const kind = st.isDirectory()
      ? 'directory'
      : st.isFIFO()
        ? 'fifo'
        : st.isSocket()
          ? 'socket'
          : st.isCharacterDevice() || st.isBlockDevice()
            ? 'device'
            : 'other';
    super(messages().log.notRegular(kind));
  }
}
