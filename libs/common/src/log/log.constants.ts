/** Event names of docs/spec.md#6-logs, in one place. */
export const LogEvent = {
  SERVER_START: 'SERVER_START',
  SERVER_STOP: 'SERVER_STOP',
  WORKER_START: 'WORKER_START',
  WORKER_EXIT: 'WORKER_EXIT',
  /** server-threads: a thread of the pool started / ended (`thread=` is its Node threadId). */
  THREAD_START: 'THREAD_START',
  THREAD_EXIT: 'THREAD_EXIT',
  /** server-threads: every thread is busy; the request waits for one (`waiting=` such requests). */
  REQUEST_QUEUED: 'REQUEST_QUEUED',
  /** server-threads: a thread took the request / finished its work (`thread=`). */
  WORK_START: 'WORK_START',
  WORK_DONE: 'WORK_DONE',
  CLIENT_QUEUED: 'CLIENT_QUEUED',
  CLIENT_CONNECTED: 'CLIENT_CONNECTED',
  MESSAGE_RECEIVED: 'MESSAGE_RECEIVED',
  MESSAGE_SENT: 'MESSAGE_SENT',
  CLIENT_DISCONNECTED: 'CLIENT_DISCONNECTED',
  /** Not in the spec's list: a peer that sends faster than it reads is paused, and the log says why. */
  CLIENT_THROTTLED: 'CLIENT_THROTTLED',
  /**
   * Not in the spec's list: connections from one address refused in the last
   * second because it made the log grow faster than its budget (`refused=`, `why=`);
   * or, with `reason=disk-low`, because the disk is almost full.
   */
  CLIENT_REFUSED: 'CLIENT_REFUSED',
  /**
   * Not in the spec's list: connections the peer reset before the server could
   * accept them (a port scan's connect-and-reset), `count=` in the last second.
   * The system gives no address for such a connection (getpeername fails once
   * it is reset), so they are summed up here instead of a line each with no peer.
   */
  CONNECTIONS_RESET: 'CONNECTIONS_RESET',
  /** A handler failed; the peer got an error line. */
  HANDLER_ERROR: 'HANDLER_ERROR',
  /** Not in the spec's list: the log file could be written again after an outage (`lost=`, `why=`). */
  LOG_RECOVERED: 'LOG_RECOVERED',
  /** Not in the spec's list: the log file was deleted, renamed or replaced, and its path opened again (`why=`). */
  LOG_REOPENED: 'LOG_REOPENED',
  CONNECTED: 'CONNECTED',
  SENT: 'SENT',
  RECEIVED: 'RECEIVED',
  DISCONNECTED: 'DISCONNECTED',
  ERROR: 'ERROR',
  /** A client got a line while no reply was awaited (a greeting, a late line); it is not taken as a reply. */
  UNEXPECTED: 'UNEXPECTED',
} as const;

export type LogEventName = (typeof LogEvent)[keyof typeof LogEvent];

/** Why a server ended a client's session (`reason=` of CLIENT_DISCONNECTED). */
export const DisconnectReason = {
  CLIENT_CLOSED: 'client-closed',
  SESSION_TIMEOUT: 'session-timeout',
  IDLE_TIMEOUT: 'idle-timeout',
  LINE_TOO_LONG: 'line-too-long',
  SERVER_BUSY: 'server-busy',
  ERROR: 'error',
  SERVER_SHUTDOWN: 'server-shutdown',
} as const;

export type DisconnectReasonName = (typeof DisconnectReason)[keyof typeof DisconnectReason];

export const EVENT_LOG = Symbol('EVENT_LOG');
