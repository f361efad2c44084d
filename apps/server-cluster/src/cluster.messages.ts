/** What a worker tells the primary over the cluster IPC channel. */
export type WorkerMessage =
  /** Its Nest microservice is up: it can be given connections. */
  | { type: 'ready' }
  /** How many connections it has open now (sent when it changes, at most once per tick). */
  | { type: 'load'; open: number }
  /** Start-up failed; `permanent` when retrying cannot help (a bad log file). */
  | { type: 'fatal'; message: string; permanent: boolean };

/**
 * What the primary tells a worker: a connection to serve (the socket comes as
 * the message's handle), or to shut down.
 */
export type PrimaryMessage = { type: 'connection' } | { type: 'shutdown' };

/** Environment variable that carries a worker's slot number (1..workers) to it. */
export const WORKER_SLOT_ENV = 'MIRROR_LAB_WORKER';
