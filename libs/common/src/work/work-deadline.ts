import { spinFor } from './spin.js';

/**
 * When simulated spin work (`work.mode = spin`) must stop: the end of the
 * shutdown's grace time, or now on a forced stop. A spin blocks its thread,
 * so whoever learns of the shutdown cannot tell it by a callback; the spin
 * reads this instead, between slices of its loop.
 *
 * The value lives in a SharedArrayBuffer so that a thread other than the
 * spinning one can set it: a server-cluster worker's watchdog thread does,
 * when the primary announces a deadline or dies (apps/server-cluster,
 * watchdog.ts). 0 means no deadline.
 */
export class WorkDeadline {
  private readonly cell: BigInt64Array;

  /** `buffer`: another thread's deadline (its `buffer`), to set it from here; a new one by default. */
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(8)) {
    this.cell = new BigInt64Array(buffer);
  }

  /** Epoch ms by which spin work stops, or Infinity. */
  get at(): number {
    const value = Atomics.load(this.cell, 0);
    return value === 0n ? Infinity : Number(value);
  }

  /** Sets the deadline, unless an earlier one is already set. */
  set(epochMs: number): void {
    const next = BigInt(Math.max(1, Math.floor(epochMs)));
    for (;;) {
      const current = Atomics.load(this.cell, 0);
      if (current !== 0n && current <= next) return;
      if (Atomics.compareExchange(this.cell, 0, current, next) === current) return;
    }
  }
}

/** The process's one deadline for spin work. */
export const workDeadline = new WorkDeadline();

/**
 * Spin slices: 0 keeps the thread busy for the whole spin, as a computation
 * would (server-cluster: a busy worker does not accept, so the next client
 * goes to an idle one). server-sync sets a few ms, so that a signal is seen
 * during a long spin: it serves one client at a time anyway, so yielding
 * lets no other request run.
 */
let yieldEveryMs = 0;

export function yieldSpinEvery(ms: number): void {
  yieldEveryMs = ms;
}

/**
 * Burns CPU for `ms`. Resolves true when the work is done, false when the
 * work deadline cut it short (then no reply should be sent: the work did not
 * happen, and the shutdown closes the connection).
 */
export async function spin(ms: number): Promise<boolean> {
  const until = performance.now() + ms;
  for (;;) {
    const left = until - performance.now();
    if (!spinFor(yieldEveryMs > 0 ? Math.min(left, yieldEveryMs) : left, workDeadline)) return false;
    if (performance.now() >= until) return true;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
