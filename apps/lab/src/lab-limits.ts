import type { LabOptions } from './lab-options.js';

const DAY_MS = 86_400_000;
// Slack for process start-up and scheduling on a loaded 2-core machine.
export const SLACK_MS = 10_000;

/**
 * Session limits that every run the lab accepts fits in: a client is silent
 * for `send-after` before its line and `linger` after its reply, and a session
 * lasts its queueing (spin work or a busy thread pool can hold a request for
 * every other client's delay) plus both pauses. 0 (off) where the longest
 * possible run passes what the key allows.
 */
export function sessionLimits(o: Pick<LabOptions, 'clients' | 'delayMs' | 'sendAfterMs' | 'lingerMs'>): {
  max_ms: number;
  idle_ms: number;
} {
  const idle = Math.max(30_000, Math.max(o.sendAfterMs, o.lingerMs) + SLACK_MS);
  const max = Math.max(60_000, o.sendAfterMs + o.clients * o.delayMs + o.lingerMs + SLACK_MS);
  return { idle_ms: idle <= DAY_MS ? idle : 0, max_ms: max <= DAY_MS ? max : 0 };
}

/** How long a client may wait for its reply: behind every other client on a one-at-a-time server. */
export function replyTimeout(o: Pick<LabOptions, 'clients' | 'delayMs' | 'sendAfterMs' | 'lingerMs'>): number {
  return Math.min(DAY_MS, (o.clients + 2) * (o.delayMs + o.sendAfterMs + o.lingerMs + 2000) + SLACK_MS);
}
