/** The pattern every line is dispatched to: `@MessagePattern(LINE_PATTERN)`. */
export const LINE_PATTERN = 'line';

/** What a peer reads when the server refuses or ends something; all end with LF. */
export const ErrorReply = {
  lineTooLong: (limit: number) => `ERROR line too long (limit ${limit} bytes)\n`,
  serverBusy: 'ERROR server busy\n',
  tooManyConnections: (limit: number) => `ERROR server busy (too many connections, limit ${limit})\n`,
  internal: 'ERROR internal server error\n',
} as const;

/**
 * Pipelined requests a connection holds before it stops reading from its
 * peer, and reply bytes it lets pile up in the socket before the same. A peer
 * that sends without reading is paused (TCP then pushes back on it), not
 * buffered without bound.
 */
export const MAX_PENDING_LINES = 256;
export const MAX_UNSENT_BYTES = 128 * 1024;

/** How long a closed-by-us socket may take to finish its FIN before it is destroyed. */
export const CLOSE_LINGER_MS = 2000;

/**
 * Listen backlog: connections the kernel completes before we accept them.
 * Node's default (511) overflows when thousands of clients connect at once,
 * and a dropped SYN is retried by the client only after a second. Linux caps
 * it at net.core.somaxconn (4096 by default).
 */
export const LISTEN_BACKLOG = 4096;
