/** What a worker tells the primary over the cluster IPC channel. */
export type WorkerMessage =
  | { type: 'listening'; port: number }
  /** Start-up failed; `permanent` when retrying cannot help (port in use, bad log file). */
  | { type: 'fatal'; message: string; permanent: boolean };

/** What the primary tells a worker. */
export type PrimaryMessage = { type: 'shutdown' };

/** Environment variable that carries a worker's slot number (1..workers) to it. */
export const WORKER_SLOT_ENV = 'MIRROR_LAB_WORKER';
