/** When a spin must stop early: epoch ms, or Infinity (`WorkDeadline` is one). */
export interface SpinDeadline {
  readonly at: number;
}

const NO_DEADLINE: SpinDeadline = { at: Infinity };

/**
 * Keeps the calling thread busy for `ms`: nothing else runs on it meanwhile
 * (in server-sync and server-cluster, that is the process's only thread).
 * Returns true when the time is spent, false as soon as `deadline.at` (read
 * on every turn of the loop, so that another thread may set it) has passed.
 * The one spin loop: server-threads' threads call it without a deadline, and
 * `spin()` (work-deadline.ts) calls it for each of its slices.
 * A module of its own, free of Nest, so that server-threads' threads load it cheaply.
 */
export function spinFor(ms: number, deadline: SpinDeadline = NO_DEADLINE): boolean {
  const until = performance.now() + ms;
  for (;;) {
    if (performance.now() >= until) return true;
    if (Date.now() >= deadline.at) return false;
  }
}
