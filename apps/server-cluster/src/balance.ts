import { createServer, type ListenOptions } from 'node:net';
import { messages, StartupError, StartupErrorCode, type ServerConfig } from '@app/common';

type WorkMode = ServerConfig['work']['mode'];

/**
 * How the workers share the port.
 * - `shared`: one listening socket (bound by the primary, Node's cluster
 *   SharedHandle), every worker accepting on it (SCHED_NONE). One accept
 *   queue: whichever worker wakes first takes the connection, so a few
 *   clients at once often all land on one worker.
 * - `reuseport`: each worker binds its own socket with SO_REUSEPORT; the
 *   kernel hashes each new connection to one of the sockets, so clients are
 *   spread over the workers and every worker has an accept queue of its own.
 */
export type Balance = 'shared' | 'reuseport';

/** Forces a mode: `shared` or `reuseport`; unset (or empty) picks reuseport where Node and the OS offer it. */
export const BALANCE_ENV = 'MIRROR_LAB_BALANCE';
/** Carries the primary's choice to each worker. */
export const WORKER_BALANCE_ENV = 'MIRROR_LAB_WORKER_BALANCE';

/** `listen({ reusePort })` came in Node 22.12 (and 23.1); older Nodes ignore the option silently, so it must be checked by version. */
function nodeHasReusePort(version: string = process.versions.node): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
}

/**
 * The listen options that give a worker its own SO_REUSEPORT socket. In a
 * cluster worker, `exclusive` is what makes Node bind the socket in the
 * worker instead of asking the primary for its one shared handle (Node 24
 * sets it by itself when reusePort is given; 22.12 does not).
 * @types/node 20 does not know `reusePort`, hence the cast.
 */
export function reusePortOptions(): Partial<ListenOptions> {
  return { reusePort: true, exclusive: true } as Partial<ListenOptions>;
}

/** What libuv answers where the platform has no balancing SO_REUSEPORT. */
const REFUSED = new Set(['ENOTSUP', 'EOPNOTSUPP', 'EINVAL', 'ENOPROTOOPT']);

/** Binds `port` with `options` and closes it again; rejects with the listen error. */
function probe(host: string, port: number, options: Partial<ListenOptions>): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port, ...options }, () => server.close(() => resolve()));
  });
}

/**
 * Decides the balance mode in the primary, before any worker starts.
 * `forced` is the environment variable's value. Auto mode takes reuseport
 * for sleep work when this Node has it and the OS accepts SO_REUSEPORT
 * (libuv refuses it where the kernel would not balance, e.g. macOS), and
 * shared otherwise (spin work: see below); a forced `reuseport` that cannot work is a start-up error.
 */
export async function chooseBalance(forced: string | undefined, host: string, mode: WorkMode): Promise<Balance> {
  const wanted = forced?.trim() ?? '';
  if (wanted !== '' && wanted !== 'shared' && wanted !== 'reuseport') {
    throw new StartupError(StartupErrorCode.CONFIG_INVALID, messages().server.balanceUnknown(BALANCE_ENV, wanted));
  }
  if (wanted === 'shared') return 'shared';
  // The kernel picks a worker's socket at connect time, blind to whether that
  // worker can accept: a worker blocked by spin work leaves its queue waiting
  // while another worker idles (4 spin requests on 2 workers took 3.8x one
  // request instead of <= 3x), and what waits in a queue is reset if the worker
  // dies. The shared queue is served by whichever worker is free.
  if (wanted === '' && mode === 'spin') return 'shared';
  if (!nodeHasReusePort()) {
    if (wanted === '') return 'shared';
    throw new StartupError(
      StartupErrorCode.CONFIG_INVALID,
      messages().server.balanceNeedsNode(BALANCE_ENV, process.versions.node),
    );
  }
  try {
    await probe(host, 0, reusePortOptions());
    return 'reuseport';
  } catch (error) {
    // Anything else (a host this machine lacks) fails the workers' own listen too, where it is explained.
    if (!REFUSED.has((error as NodeJS.ErrnoException).code ?? '')) return 'reuseport';
    if (wanted === '') return 'shared';
    throw new StartupError(
      StartupErrorCode.CONFIG_INVALID,
      messages().server.balanceRefused(BALANCE_ENV, (error as Error).message),
    );
  }
}

/**
 * In reuseport mode, checks that nothing listens on `port` yet. Workers that
 * bind with SO_REUSEPORT would otherwise join the sockets of another process
 * of the same user that also set it (an earlier server-cluster still
 * running), and the two servers would split the clients silently instead of
 * the second one failing with "port in use". A bind without SO_REUSEPORT
 * conflicts with any listener. (In shared mode the primary's own bind fails
 * the same way.)
 */
export function checkPortFree(host: string, port: number): Promise<void> {
  return probe(host, port, {});
}
