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

export type StatFs = (path: string) => { bavail: number; bsize: number; blocks: number };
/** On a small file system the reserve is this part of its size instead (a 1 GB disk keeps 100 MB). */
const RESERVE_PART = 0.1;

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
  private reserve: number;

  constructor(
    logFile: string,
    readonly reserveBytes = DISK_RESERVE_BYTES,
    private readonly statfs: StatFs = (path) => statfsSync(path),
    private readonly now: () => number = Date.now,
  ) {
    this.dir = dirname(logFile);
    this.reserve = reserveBytes;
  }

  private readonly dir: string;

  /** Free bytes at the last look. */
  get freeBytes(): number {
    return this.free;
  }

  /** The free space kept: `reserveBytes`, or a tenth of a smaller file system. */
  get keptBytes(): number {
    return this.reserve;
  }

  /** Whether new work may be taken: at least the reserve free (or the free space cannot be read). */
  roomy(): boolean {
    const now = this.now();
    if (now - this.checkedAt >= CHECK_EVERY_MS) {
      this.checkedAt = now;
      try {
        const st = this.statfs(this.dir);
        this.free = st.bavail * st.bsize;
        this.reserve = Math.min(this.reserveBytes, st.blocks * st.bsize * RESERVE_PART);
      } catch {
        // Cannot look (the directory went away): the log file's own errors say what is wrong.
        this.free = Infinity;
      }
    }
    return this.free >= this.reserve;
  }
}
