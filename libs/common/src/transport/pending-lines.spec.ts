import { PendingLines } from './pending-lines.js';
import { PENDING_LINE_OVERHEAD_BYTES } from './transport.constants.js';

describe(PendingLines.name, () => {
  it('should give the lines back in order, and count what they hold in UTF-8 bytes plus the overhead of each', () => {
    const pending = new PendingLines();
    pending.push('abc');
    pending.push('привет');
    expect([pending.count, pending.first]).toEqual([2, 'abc']);
    expect(pending.bytes).toBe(3 + 12 + 2 * PENDING_LINE_OVERHEAD_BYTES);
    pending.shift();
    expect([pending.count, pending.first, pending.bytes]).toEqual([1, 'привет', 12 + PENDING_LINE_OVERHEAD_BYTES]);
    pending.shift();
    expect([pending.count, pending.first, pending.bytes]).toEqual([0, undefined, 0]);
  });

  it('should count nothing for a shift with no line, and hold nothing after clear', () => {
    const pending = new PendingLines();
    pending.shift();
    expect(pending.bytes).toBe(0);
    pending.push('x');
    pending.push('y');
    pending.clear();
    expect([pending.count, pending.first, pending.bytes]).toEqual([0, undefined, 0]);
    pending.push('z');
    expect([pending.count, pending.bytes]).toEqual([1, 1 + PENDING_LINE_OVERHEAD_BYTES]);
  });
});
