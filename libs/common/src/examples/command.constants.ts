/** The clock the TIME command reads: `() => Date.now()` in a server, a fixed time in a test. */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => number;

/** The client addresses AllowedPeersGuard lets through (`127.0.0.1`, `::1`, ...). */
export const ALLOWED_ADDRESSES = Symbol('ALLOWED_ADDRESSES');

/** The commands CommandController knows; any other line is mirrored as usual. */
export const CommandName = {
  COUNT: 'COUNT',
  TIME: 'TIME',
  MIRROR: 'MIRROR',
} as const;
export type CommandName = (typeof CommandName)[keyof typeof CommandName];
