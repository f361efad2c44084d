import { PassThrough } from 'node:stream';
import { jest } from '@jest/globals';
// By path: @app/common's index pulls in nest-winston, which Jest's runtime cannot load; the deadline needs nothing of it.
import { WorkDeadline } from '../../../libs/common/src/work/work-deadline.js';
import { watchPipe, type WatchNews } from './watch-pipe.js';

describe(watchPipe.name, () => {
  afterEach(() => jest.useRealTimers());

  function watch(graceMs = 300, marginMs = 200) {
    const pipe = new PassThrough();
    const deadline = new WorkDeadline();
    const news: WatchNews[] = [];
    const kill = jest.fn();
    watchPipe(pipe, deadline, { graceMs, marginMs }, { tell: (n) => news.push(n), kill });
    const flush = () => new Promise((resolve) => setImmediate(resolve));
    return { pipe, deadline, news, kill, flush };
  }

  it('should take each line as a deadline, also one split across writes, set the earliest and tell every one', async () => {
    const { pipe, deadline, news, flush } = watch();
    pipe.write('2000000000');
    pipe.write('000\n1900000000000\n0\n');
    await flush();
    expect(news).toEqual([
      { deadline: 2_000_000_000_000, primaryGone: false },
      { deadline: 1_900_000_000_000, primaryGone: false },
    ]);
    expect(deadline.at).toBe(1_900_000_000_000);
    // The same buffer, seen from another thread's WorkDeadline: what a spin in the worker reads.
    expect(new WorkDeadline(deadline.buffer).at).toBe(1_900_000_000_000);
  });

  it('should give the worker the grace time when the pipe closes, and kill it once the margin after that has passed', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const { pipe, deadline, news, kill, flush } = watch(300, 200);
    const closedAt = Date.now();
    pipe.destroy();
    await flush();
    expect(news).toEqual([{ deadline: closedAt + 300, primaryGone: true }]);
    expect(deadline.at).toBe(closedAt + 300);
    jest.advanceTimersByTime(499);
    expect(kill).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(kill).toHaveBeenCalledTimes(1);
  });
});
