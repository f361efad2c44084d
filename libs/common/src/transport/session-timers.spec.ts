import { jest } from '@jest/globals';
import { SessionTimers, type SessionTimeouts } from './session-timers.js';

/** The connection's side, recording which clock ran out and when (on the fake clock). */
class Clock implements SessionTimeouts {
  busy = false;
  readonly expired: { what: 'session' | 'idle'; at: number }[] = [];
  constructor(private readonly t0: number) {}
  sessionExpired(): void {
    this.expired.push({ what: 'session', at: Date.now() - this.t0 });
  }
  idleExpired(): void {
    this.expired.push({ what: 'idle', at: Date.now() - this.t0 });
  }
  isBusy(): boolean {
    return this.busy;
  }
}

describe(SessionTimers.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  function timers(sessionMs: number, idleMs: number) {
    const on = new Clock(Date.now());
    const t = new SessionTimers({ sessionMs, idleMs }, on);
    t.start();
    return { t, on };
  }

  it('should end the session session_ms after it started, however active the client is', () => {
    const { t, on } = timers(1000, 0);
    for (let i = 0; i < 9; i += 1) {
      jest.advanceTimersByTime(100);
      t.touch();
    }
    jest.advanceTimersByTime(99);
    expect(on.expired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(on.expired).toEqual([{ what: 'session', at: 1000 }]);
  });

  it('should end a silent session idle_ms after the last activity, counting from each touch', () => {
    const { t, on } = timers(0, 500);
    jest.advanceTimersByTime(300);
    t.touch();
    // The timer fires at 500 and finds 200 ms of silence: it waits out the other 300.
    jest.advanceTimersByTime(499);
    expect(on.expired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(on.expired).toEqual([{ what: 'idle', at: 800 }]);
  });

  it('should not count a request waiting or in progress as silence, and count from the check once it is done', () => {
    const { on } = timers(0, 500);
    on.busy = true;
    jest.advanceTimersByTime(1400);
    expect(on.expired).toEqual([]);
    on.busy = false;
    // Busy at the check at 1000: the next check is a whole idle time later, at 1500.
    jest.advanceTimersByTime(100);
    expect(on.expired).toEqual([{ what: 'idle', at: 1500 }]);
  });

  it('should run neither clock when both limits are 0, nor any after stop', () => {
    const none = timers(0, 0);
    jest.advanceTimersByTime(86_400_000);
    expect(none.on.expired).toEqual([]);

    const stopped = timers(1000, 500);
    jest.advanceTimersByTime(100);
    stopped.t.stop();
    jest.advanceTimersByTime(10_000);
    expect(stopped.on.expired).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
