import { ReplayKeeper } from './replay-keeper.js';

describe(ReplayKeeper.name, () => {
  it('should keep the batches it is given, in order, with their events', () => {
    const keeper = new ReplayKeeper();
    keeper.keep(Buffer.from('один\n'), 1);
    keeper.keep(Buffer.from('two\nthree\n'), 2);
    expect(keeper.text()).toBe('один\ntwo\nthree\n');
    expect(keeper.events).toBe(3);
    expect(keeper.unkept).toBe(0);
  });

  it('should keep at most 4 MiB and, once one batch did not fit, no later one: the kept lines have no gap', () => {
    const keeper = new ReplayKeeper();
    const mib = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 4; i += 1) keeper.keep(mib, 10);
    keeper.keep(Buffer.from('a\n'), 1);
    keeper.keep(Buffer.from('b\n'), 1);
    expect(keeper.events).toBe(40);
    expect(keeper.unkept).toBe(2);
    expect(keeper.text().length).toBe(4 * 1024 * 1024);
  });

  it('should keep nothing after events were skipped', () => {
    const keeper = new ReplayKeeper();
    keeper.keep(Buffer.from('a\n'), 1);
    keeper.skip(2);
    keeper.keep(Buffer.from('b\n'), 1);
    expect(keeper.text()).toBe('a\n');
    expect([keeper.events, keeper.unkept]).toEqual([1, 3]);
  });

  it('should start over after forget', () => {
    const keeper = new ReplayKeeper();
    keeper.keep(Buffer.alloc(300 * 1024, 'x'), 5);
    keeper.skip(1);
    keeper.forget();
    expect([keeper.text(), keeper.events, keeper.unkept]).toEqual(['', 0, 0]);
    keeper.keep(Buffer.from('c\n'), 1);
    expect([keeper.text(), keeper.events]).toEqual(['c\n', 1]);
  });
});
