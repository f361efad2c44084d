import type { StartupErrorCodeName } from '@app/common';

/** What a worker tells the primary over the cluster IPC channel. */
export type WorkerMessage =
  | { type: 'listening'; port: number }
  /** Start-up failed; the primary decides on `code` whether to retry. */
  | { type: 'fatal'; code: StartupErrorCodeName; message: string; permanent: boolean }
  /**
   * The worker's open connections went from 0 to 1 (`busy`) or from 1 to 0,
   * or it adopted a handed-off connection; `adopted` counts the hand-offs it
   * has taken in so far (worker-handoff.ts).
   */
  | { type: 'load'; busy: boolean; adopted: number }
  /** Comes with a socket the worker accepted and passes on (worker-handoff.ts). */
  | { type: 'handoff' };

/** What the primary tells a worker. */
export type PrimaryMessage =
  /**
   * The workers that have no open connection and none on its way (sent
   * whenever that set changes), and how many sockets the primary has received
   * from this worker to pass on so far.
   */
  | { type: 'idle'; slots: number[]; yours: number }
  /** Comes with a socket another worker accepted: serve it. */
  | { type: 'handoff' };

/** Environment variable that carries a worker's slot number (1..workers) to it. */
export const WORKER_SLOT_ENV = 'MIRROR_LAB_WORKER';
/** Environment variable that carries the port the primary resolved (server.port = 0) to a worker. */
export const WORKER_PORT_ENV = 'MIRROR_LAB_PORT';
/**
 * The file descriptor of each worker's watch pipe (stdio index 4, after the
 * IPC channel at 3). The primary writes a shutdown deadline to it (epoch ms,
 * one line); its end closing is how a worker learns that the primary is
 * gone, even in the middle of a spin (primary-watch.ts).
 */
export const WATCH_FD = 4;
