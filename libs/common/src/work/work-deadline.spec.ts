import { spinFor } from './spin.js';
import { spin, workDeadline, yieldSpinEvery } from './work-deadline.js';

/** Measured on the same clock as the spin's, in this run. */
const timed = <T>(run: () => T): { value: T; ms: number } => {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
};

describe('spinFor: the one spin loop', () => {
  it('should keep the thread busy for the whole time when there is no deadline', () => {
    const { value, ms } = timed(() => spinFor(30));
    expect(value).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(30);
  });

  it('should stop at once, with false, when the deadline has passed', () => {
    const { value, ms } = timed(() => spinFor(10_000, { at: Date.now() - 1 }));
    expect(value).toBe(false);
    // A tenth of the asked time: the loop returns on its first turn.
    expect(ms).toBeLessThan(1000);
  });

  it('should read the deadline on every turn, so that another thread can set it mid-spin', () => {
    let reads = 0;
    const deadline = {
      get at() {
        reads += 1;
        return reads > 1000 ? 0 : Infinity;
      },
    };
    expect(spinFor(10_000, deadline)).toBe(false);
    expect(reads).toBe(1001);
  });
});

describe('spin: the interceptor’s spin, with the work deadline', () => {
  afterEach(() => yieldSpinEvery(0));

  it('should hold the event loop for the whole spin when it yields never (server-cluster)', async () => {
    let ranDuring = false;
    setImmediate(() => (ranDuring = true));
    const started = performance.now();
    expect(await spin(30)).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
    expect(ranDuring).toBe(false);
  });

  it('should give the event loop a turn between slices when told to (server-sync)', async () => {
    yieldSpinEvery(2);
    let turns = 0;
    const tick = (): void => {
      turns += 1;
      if (!done) setImmediate(tick);
    };
    let done = false;
    setImmediate(tick);
    const started = performance.now();
    expect(await spin(30)).toBe(true);
    done = true;
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
    // 30 ms in slices of 2 ms: some 15 turns; more than one proves the yield.
    expect(turns).toBeGreaterThan(1);
  });

  it('should stop with false when the work deadline comes before the work is done', async () => {
    yieldSpinEvery(2);
    workDeadline.set(Date.now() + 20);
    const started = performance.now();
    expect(await spin(10_000)).toBe(false);
    // Cut at the deadline (20 ms), far from the 10 s asked for.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
