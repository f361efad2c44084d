import { isLoopback, isOwner } from './owner.js';

describe('isOwner', () => {
  const key = 'k3y-0f-the-0wner-0123456789ab';

  it.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])('should let the board machine itself (%s) control', (peer) => {
    expect(isLoopback(peer)).toBe(true);
    expect(isOwner(peer, undefined, key)).toBe(true);
  });

  it.each(['10.0.0.7', '192.168.1.5', '::ffff:192.168.1.5', 'fe80::1', '128.0.0.1', '', undefined])(
    'should refuse a student machine (%s) without the key',
    (peer) => {
      expect(isOwner(peer, undefined, key)).toBe(false);
      expect(isOwner(peer, 'wrong', key)).toBe(false);
      expect(isOwner(peer, key.slice(0, -1) + 'c', key)).toBe(false);
    },
  );

  it('should let another machine control with the owner key', () => {
    expect(isOwner('10.0.0.7', key, key)).toBe(true);
  });
});
