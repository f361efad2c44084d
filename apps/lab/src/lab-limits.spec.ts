import fc from 'fast-check';
import type { ServerKey } from './lab-kinds.js';
import { replyTimeout, SESSION_MARGIN_MS, sessionPlan, waitsInSession } from './lab-limits.js';

const DAY_MS = 86_400_000;
const base = { clients: 5, delayMs: 2000, sendAfterMs: 1000, lingerMs: 500, mode: 'sleep' as const, threads: 4 };
const KEYS: ServerKey[] = ['sync', 'cluster', 'threads'];

describe('lab session limits', () => {
  it('should outlast the pauses the issue found fatal: --send-after 31000, --linger 31000, --delay 60000', () => {
    for (const key of KEYS) {
      expect(sessionPlan({ ...base, sendAfterMs: 31_000 }, key).idle_ms).toBeGreaterThan(31_000);
      expect(sessionPlan({ ...base, lingerMs: 31_000 }, key).idle_ms).toBeGreaterThan(31_000);
      expect(sessionPlan({ ...base, delayMs: 60_000 }, key).max_ms).toBeGreaterThan(1000 + 60_000 + 500);
    }
  });

  it('should end the last session by the server a few seconds after the defaults need, not a minute', () => {
    // send-after 1 s + work 2 s + linger 0.5 s + 3 s margin; the fifth client waits one delay for one of 4 threads.
    expect(sessionPlan(base, 'sync')).toEqual({ max_ms: 6500, idle_ms: 30_000, lastLingerMs: 5500 });
    expect(sessionPlan(base, 'threads').max_ms).toBe(8500);
    expect(sessionPlan({ ...base, mode: 'spin' }, 'cluster').max_ms).toBe(1000 + 5 * 2000 + 500 + SESSION_MARGIN_MS);
  });

  it('should give every accepted combination limits a server accepts, replies within them, and one session past them', () => {
    const ms = fc.integer({ min: 0, max: DAY_MS });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        ms,
        ms,
        ms,
        fc.constantFrom(...KEYS),
        fc.constantFrom('sleep' as const, 'spin' as const),
        fc.integer({ min: 1, max: 64 }),
        (clients, delayMs, sendAfterMs, lingerMs, key, mode, threads) => {
          const o = { clients, delayMs, sendAfterMs, lingerMs, mode, threads };
          const { idle_ms, max_ms, lastLingerMs } = sessionPlan(o, key);
          for (const v of [idle_ms, max_ms, lastLingerMs]) expect(v >= 0 && v <= DAY_MS).toBe(true);
          // 0 switches a limit off; otherwise it is longer than the client's longest silence / session.
          expect(idle_ms === 0 || idle_ms > Math.max(sendAfterMs, lingerMs, lastLingerMs)).toBe(true);
          const need = sendAfterMs + (waitsInSession(o, key) + 1) * delayMs + lingerMs;
          expect(max_ms === 0 || max_ms > need).toBe(true);
          // The last reply comes at least one delay into the session; the linger after it passes max_ms.
          if (max_ms > 0) expect(delayMs + lastLingerMs).toBeGreaterThan(max_ms);
          const reply = replyTimeout(o);
          expect(reply >= 1 && reply <= DAY_MS).toBe(true);
        },
      ),
    );
  });
});
