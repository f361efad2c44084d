import type { LabOptions } from './lab-options.js';
import type { ServerKey } from './lab-kinds.js';

const DAY_MS = 86_400_000;
// Slack for process start-up and scheduling on a loaded 2-core machine.
export const SLACK_MS = 10_000;
/** A client's reply arrives this long before its session limit at the latest (scheduling on a loaded machine). */
export const SESSION_MARGIN_MS = 3000;
/** The last client lingers this long past the server's session limit, so the server ends that session itself. */
export const TIMEOUT_MARGIN_MS = 1000;

type Timing = Pick<LabOptions, 'clients' | 'delayMs' | 'sendAfterMs' | 'lingerMs' | 'mode' | 'threads'>;

/**
 * How many other clients' work a client may wait behind, counted in work
 * delays, before its own work starts inside its session: server-sync starts
 * a session when it takes the client from its queue (0); server-threads runs
 * `threads` requests at once and queues the rest in order; server-cluster's
 * sleep work never waits, and its spin work may find every request on one
 * worker (the kernel picks the worker, not us).
 */
export function waitsInSession(o: Timing, key: ServerKey): number {
  if (key === 'threads') return Math.ceil(o.clients / o.threads) - 1;
  if (key === 'cluster' && o.mode === 'spin') return o.clients - 1;
  return 0;
}

export interface SessionPlan {
  /** The servers' `session.max_ms`; 0 (off) when a run is too long for the key. */
  max_ms: number;
  idle_ms: number;
  /** The last client's `linger_ms`: longer than the others', so that its session ends by `reason=session-timeout`. */
  lastLingerMs: number;
}

/**
 * Session limits that every client's reply arrives within, with one session
 * in each run that the server ends itself (the assignment's task 2: "the
 * server disconnects a client after some time"), all in the run's own
 * seconds: `max_ms` is what a client needs (send-after, the waits, its work,
 * its linger) plus SESSION_MARGIN_MS; the last client, started last so no
 * other waits behind it, lingers until `max_ms` has passed since its session
 * began, plus TIMEOUT_MARGIN_MS. Its reply has arrived by then, so it exits
 * 0. `idle_ms` outlasts every silence of a client, the last one's linger too.
 */
export function sessionPlan(o: Timing, key: ServerKey): SessionPlan {
  const max = o.sendAfterMs + (waitsInSession(o, key) + 1) * o.delayMs + o.lingerMs + SESSION_MARGIN_MS;
  // The last client's reply came at least one work delay after its session began.
  const lastLinger = max - o.delayMs + TIMEOUT_MARGIN_MS;
  const timed = max <= DAY_MS && lastLinger <= DAY_MS;
  const lastLingerMs = timed ? lastLinger : o.lingerMs;
  const idle = Math.max(30_000, Math.max(o.sendAfterMs, lastLingerMs) + SLACK_MS);
  return { max_ms: timed ? max : 0, idle_ms: idle <= DAY_MS ? idle : 0, lastLingerMs };
}

/** How long a client may wait for its reply: behind every other client on a one-at-a-time server. */
export function replyTimeout(o: Pick<LabOptions, 'clients' | 'delayMs' | 'sendAfterMs' | 'lingerMs'>): number {
  return Math.min(DAY_MS, (o.clients + 2) * (o.delayMs + o.sendAfterMs + o.lingerMs + 2000) + SLACK_MS);
}
