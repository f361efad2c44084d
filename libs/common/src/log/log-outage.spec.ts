import { jest } from '@jest/globals';
import { LogOutage } from './log-outage.js';

describe(LogOutage.name, () => {
  let stderr: jest.SpiedFunction<typeof process.stderr.write>;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());
  const said = () => stderr.mock.calls.map(([s]) => String(s));

  it('should say an outage on stderr once, count what it lost and keep the latest reason', () => {
    const outage = new LogOutage('/x/f.log');
    expect([outage.active, outage.lost, outage.why]).toEqual([false, 0, undefined]);
    outage.failed(2, 'the disk is full');
    outage.failed(3, 'the file system is read-only');
    expect([outage.active, outage.lost, outage.why]).toEqual([true, 5, 'the file system is read-only']);
    expect(said()).toHaveLength(1);
    expect(said()[0]).toContain('/x/f.log');
  });

  it('should say once that the file is writable again, and then be over', () => {
    const outage = new LogOutage('/x/f.log');
    outage.recovered();
    expect(said()).toHaveLength(0);
    outage.failed(4, 'full');
    outage.recovered();
    expect(said()).toHaveLength(2);
    expect(said()[1]).toContain('4');
    expect([outage.active, outage.lost]).toEqual([false, 0]);
    outage.recovered();
    expect(said()).toHaveLength(2);
  });

  it('should forget the count a LOG_RECOVERED told of, and at exit say only a count still lost', () => {
    const outage = new LogOutage('/x/f.log');
    outage.failed(7, 'full');
    outage.told();
    expect([outage.active, outage.lost]).toEqual([true, 0]);
    outage.closing();
    expect(said()).toHaveLength(1);
    outage.failed(2, 'full');
    outage.closing();
    expect(said()).toHaveLength(2);
    expect(said()[1]).toMatch(/2/);
  });
});
