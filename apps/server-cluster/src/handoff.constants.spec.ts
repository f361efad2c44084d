import { HANDOFF_ENV, handoffEnabled } from './handoff.constants.js';

describe(handoffEnabled.name, () => {
  it('should be on unless the variable says 0', () => {
    expect(handoffEnabled({})).toBe(true);
    expect(handoffEnabled({ [HANDOFF_ENV]: '1' })).toBe(true);
    expect(handoffEnabled({ [HANDOFF_ENV]: '0' })).toBe(false);
    expect(handoffEnabled({ [HANDOFF_ENV]: ' 0 ' })).toBe(false);
  });
});
