import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Free space kept on the log's file system: below it a server takes no new
 * client. What the clients it already has can still make the log write fits
 * in it many times over: 1,000 open connections each logging a request a
 * second with messages at the `msg=` cap (about 2.5 KB) for a whole
 * 60-second session are 150 MB; a class of 30 writes some 40 KB.
 */
export const DISK_RESERVE_BYTES = 256 * 1024 * 1024;
/** How often (at most) the free space is looked up again: statfs(2) is cheap, but not per connection. */
const CHECK_EVERY_MS = 1000;

export type StatFs = (path: string) => { bavail: number; bsize: number };

/**
 * Whether the log's file system has room for new work. The log is never
 * cleared or rotated, so before the disk is full a server refuses new
 * clients (`ERROR server cannot take new clients: its disk is almost full`)
 * and keeps the rest of the room for the events of the clients it already
 * serves; it takes new clients again once there is room.
 */
export class DiskGuard {
  private checkedAt = -Infinity;
  private free = Infinity;

  constructor(
    logFile: string,
    readonly reserveBytes = DISK_RESERVE_BYTES,
    private readonly statfs: StatFs = (path) => statfsSync(path),
    private readonly now: () => number = Date.now,
  ) {
    this.dir = dirname(logFile);
  }

  private readonly dir: string;

  /** Free bytes at the last look. */
  get freeBytes(): number {
    return this.free;
  }

  /** Whether new work may be taken: at least `reserveBytes` free (or the free space cannot be read). */
  roomy(): boolean {
    const now = this.now();
    if (now - this.checkedAt >= CHECK_EVERY_MS) {
      this.checkedAt = now;
      try {
        const st = this.statfs(this.dir);
        this.free = st.bavail * st.bsize;
      } catch {
        // Cannot look (the directory went away): the log file's own errors say what is wrong.
        this.free = Infinity;
      }
    }
    return this.free >= this.reserveBytes;
  }
}
