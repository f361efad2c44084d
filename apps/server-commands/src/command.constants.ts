/** The commands CommandController knows; any other line is mirrored as usual. */
export const CommandName = {
  COUNT: 'COUNT',
  TIME: 'TIME',
  MIRROR: 'MIRROR',
} as const;
export type CommandName = (typeof CommandName)[keyof typeof CommandName];

/**
 * The client addresses AllowedPeersGuard lets through (`127.0.0.1`, `::1`,
 * ...). A class as the token, as for Clock: typed where it is injected.
 */
export class AllowedPeers {
  constructor(readonly addresses: readonly string[]) {}
}

/** Only this machine, unless the module is given other addresses. */
export const LOOPBACK = new AllowedPeers(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
