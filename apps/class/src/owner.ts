import { timingSafeEqual } from 'node:crypto';

/** Loopback in every form a socket reports it (IPv4, IPv6, IPv4-mapped IPv6). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/i, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/**
 * The session's controls (next round, end) are the owner's: a request from
 * the board's own machine (a loopback peer), or one that carries the owner's
 * key printed on the console. A student's browser has neither.
 */
export function isOwner(peer: string | undefined, givenKey: string | undefined, key: string): boolean {
  if (isLoopback(peer)) return true;
  if (!givenKey) return false;
  const a = Buffer.from(givenKey);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}
