import fc from 'fast-check';
import { replyTimeout, sessionLimits } from './lab-limits.js';

const DAY_MS = 86_400_000;
const base = { clients: 5, delayMs: 2000, sendAfterMs: 1000, lingerMs: 500 };

describe('lab session limits', () => {
  it('should outlast the pauses the issue found fatal: --send-after 31000, --linger 31000, --delay 60000', () => {
    expect(sessionLimits({ ...base, sendAfterMs: 31_000 }).idle_ms).toBeGreaterThan(31_000);
    expect(sessionLimits({ ...base, lingerMs: 31_000 }).idle_ms).toBeGreaterThan(31_000);
    expect(sessionLimits({ ...base, delayMs: 60_000 }).max_ms).toBeGreaterThan(1000 + 5 * 60_000 + 500);
    expect(sessionLimits(base)).toEqual({ idle_ms: 30_000, max_ms: 60_000 });
  });

  it('should give every accepted combination limits a server accepts and a session outlives', () => {
    const ms = fc.integer({ min: 0, max: DAY_MS });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), ms, ms, ms, (clients, delayMs, sendAfterMs, lingerMs) => {
        const o = { clients, delayMs, sendAfterMs, lingerMs };
        const { idle_ms, max_ms } = sessionLimits(o);
        for (const v of [idle_ms, max_ms]) expect(v >= 0 && v <= DAY_MS).toBe(true);
        // 0 switches a limit off; otherwise it is longer than the client's longest silence / session.
        expect(idle_ms === 0 || idle_ms > Math.max(sendAfterMs, lingerMs)).toBe(true);
        expect(max_ms === 0 || max_ms > sendAfterMs + clients * delayMs + lingerMs).toBe(true);
        const reply = replyTimeout(o);
        expect(reply >= 1 && reply <= DAY_MS).toBe(true);
      }),
    );
  });
});
