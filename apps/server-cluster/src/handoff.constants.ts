/**
 * Connection hand-off (worker-handoff.ts in each worker, handoff-router.ts in
 * the primary): spreads clients that arrive at the same instant over
 * idle workers (docs/servers.md, "Hand-off"; docs/decisions.md).
 *
 * Each worker tells the primary only when its open connections go from 0 to 1
 * or from 1 to 0; the primary sends every worker the set of idle workers when
 * that set changes. A worker that accepts a connection while it already
 * serves one, and believes another worker idle, passes the socket (accepted
 * paused, nothing read from it) to the primary, which passes it on to a
 * worker idle by its own, up-to-date view, or back to the sender when none is.
 * When every worker is busy, nothing is passed: a burst of thousands of
 * clients costs a handful of messages.
 */

/** Set to `0` to turn the hand-off off (for measurements and tests). */
export const HANDOFF_ENV = 'MIRROR_LAB_HANDOFF';
/**
 * A file the primary writes its hand-off counters to (JSON) when it stops:
 * how the bench and the tests count hand-offs without a log event of their own.
 */
export const HANDOFF_STATS_ENV = 'MIRROR_LAB_HANDOFF_STATS';

export function handoffEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[HANDOFF_ENV]?.trim() !== '0';
}
