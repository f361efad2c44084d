/** The pattern every line is dispatched to: `@MessagePattern(LINE_PATTERN)`. */
export const LINE_PATTERN = 'line';

/** What a peer reads when the server refuses or ends something; all end with LF. */
export const ErrorReply = {
  lineTooLong: (limit: number) => `ERROR line too long (limit ${limit} bytes)\n`,
  serverBusy: 'ERROR server busy\n',
  tooManyConnections: (limit: number) => `ERROR server busy (too many connections, limit ${limit})\n`,
  internal: 'ERROR internal server error\n',
  /** The log's disk is almost full (DiskGuard): no new client until there is room. */
  diskLow: 'ERROR server cannot take new clients: its disk is almost full (ask the teacher to free space)\n',
  /** A machine that made the server log more than its budget (PeerLogBudget): refused for now. */
  peerOverBudget: 'ERROR server busy (too many connections and requests from your address; try again in a few seconds)\n',
  /** Instead of a reply whose MESSAGE_SENT could not be written (docs/spec.md#6-logs: disk full, read-only). */
  logUnwritable: 'ERROR server cannot write its log\n',
} as const;

/**
 * What one connection may hold for a peer that sends without reading: the
 * lines it has read and not yet answered, plus the reply bytes not yet taken
 * by the kernel. Past this many times `limits.max_line_bytes` the connection
 * stops reading (TCP then pushes back on the peer); it reads again once it
 * holds half as much. Counting bytes, not lines: 256 pending lines of 65,000
 * bytes were 17 MB a connection.
 */
export const HELD_LINES_PER_CONNECTION = 4;
/**
 * The least a connection may hold, whatever the line limit. Half of it must
 * be above the socket's high-water mark (16 KiB), so that a connection that
 * stopped reading because of unsent replies is sure to get the 'drain' event
 * that lets it read again.
 */
export const MIN_HELD_BYTES = 64 * 1024;
/** What a pending line costs besides its bytes: the string, its queue slot, and the signature its reply gains. */
export const PENDING_LINE_OVERHEAD_BYTES = 64;

/** How long a closed-by-us socket may take to finish its FIN before it is destroyed. */
export const CLOSE_LINGER_MS = 2000;

/**
 * Listen backlog: connections the kernel completes before we accept them.
 * Node's default (511) overflows when thousands of clients connect at once,
 * and a dropped SYN is retried by the client only after a second. Linux caps
 * it at net.core.somaxconn (4096 by default).
 */
export const LISTEN_BACKLOG = 4096;
