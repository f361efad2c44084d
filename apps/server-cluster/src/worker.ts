import cluster from 'node:cluster';
import {
  ConcurrentAdmission,
  loadServerConfig,
  loadStudent,
  messages,
  MirrorModule,
  startLineServer,
  workDeadline,
  type AppContext,
  type AppSpec,
  type LineServer,
  type ServerConfig,
} from '@app/common';
import { reusePortOptions, WORKER_BALANCE_ENV } from './balance.js';
import { WORKER_PORT_ENV, WORKER_SLOT_ENV, type WorkerMessage } from './cluster.messages.js';
import { handoffEnabled } from './handoff.constants.js';
import { WorkerHandoff } from './worker-handoff.js';
import { watchPrimary } from './primary-watch.js';
import type { WatchNews } from './watch-pipe.js';

const APP = 'server-cluster';

/** Over IPC; an error (the primary already gone) must not become an unhandled 'error' event. */
function tell(message: WorkerMessage): void {
  if (process.connected) process.send?.(message, undefined, {}, () => undefined);
}

/**
 * One worker: the same Nest microservice as server-sync, but admitting every
 * client at once. It writes its own events straight to the shared log file
 * (see LogFile for why that is safe across processes). It ignores signals
 * (the terminal sends Ctrl-C to the workers too) and stops when the primary
 * says so through the watch pipe, or when the primary is gone: either way it
 * stops accepting, lets requests in progress get their replies until the
 * deadline, closes the rest (CLIENT_DISCONNECTED) and exits.
 */
export function workerSpec(): AppSpec<ServerConfig> {
  const slot = Number(process.env[WORKER_SLOT_ENV] ?? 0);
  return {
    name: APP,
    label: `${APP}:${slot}`,
    logContext: { worker: slot },
    signals: 'ignore',
    // The primary prints the example notice; a worker reads the same student file (its argv and environment are the primary's).
    loadConfig: (file, cli) => {
      const config = loadServerConfig(APP, file, loadStudent(cli.studentFile));
      // server.port = 0 was resolved once by the primary: every worker, restarted ones included, takes that port.
      const port = process.env[WORKER_PORT_ENV];
      return port ? { ...config, server: { ...config.server, port: Number(port) } } : config;
    },
    logFile: (config) => config.log.file,
    // The primary prints it, once for the whole server, and decides on its code whether to retry.
    reportStartupError: (error) => tell({ type: 'fatal', code: error.code, message: error.message, permanent: error.permanent }),
    run: (context) => runWorker(slot, context),
  };
}

async function runWorker(slot: number, { config, console, eventLog, exit }: AppContext<ServerConfig>): Promise<void> {
  let server: LineServer | undefined;
  let deadline = Infinity;
  let forceTimer: NodeJS.Timeout | undefined;
  let closing = false;
  // Connections accepted while this worker serves others go to an idle worker (worker-handoff.ts).
  const handoff = handoffEnabled() ? new WorkerHandoff(slot) : undefined;

  const stop = (at: number) => {
    // Stopping: a worker serves (or closes) what it accepted itself.
    handoff?.stop();
    deadline = Math.min(deadline, at);
    workDeadline.set(deadline);
    // Still starting: applied once it listens.
    if (!server) return;
    const running = server;
    clearTimeout(forceTimer);
    forceTimer = setTimeout(() => running.transport.forceClose(), Math.max(0, deadline - Date.now()));
    if (closing) return;
    closing = true;
    void running.app.close().then(() => exit(0));
  };

  const onNews = ({ deadline: at, primaryGone }: WatchNews) => {
    if (primaryGone) {
      console.nest.warn(messages().server.primaryGone, `${APP}:${slot}`);
      // Closing the shared listener tells the primary over IPC. After a spin
      // the loop may not have seen the channel close yet, and that write
      // would fail with an uncaught EPIPE: close our end first (expected, so
      // cluster does not exit at once; see below).
      if (cluster.worker) cluster.worker.exitedAfterDisconnect = true;
      if (process.connected) process.disconnect();
    }
    stop(at);
  };
  watchPrimary(config.shutdown.grace_ms, onNews, (error) => {
    process.stderr.write(`${APP}: ${messages().server.watchdogFailed(slot, error.message)}\n`);
  });
  // Node's cluster ends a worker at once when its primary disconnects,
  // dropping the replies in progress, unless the disconnect was expected.
  // This handler runs just before that check: mark it expected, and let the
  // watch pipe's news (it closes at the same time) drive the drain.
  cluster.worker?.on('disconnect', () => {
    cluster.worker!.exitedAfterDisconnect = true;
    stop(Date.now() + config.shutdown.grace_ms);
  });
  // A worker crashed by a bug still leaves its events in the file.
  process.on('uncaughtException', (error) => {
    process.stderr.write(`${APP}: ${messages().server.workerCrashed(slot, error.stack ?? error.message)}\n`);
    eventLog.close();
    process.exit(1);
  });

  // reuseport: a socket of our own in the port's SO_REUSEPORT group (balance.ts); shared: the primary's socket.
  const own = process.env[WORKER_BALANCE_ENV] === 'reuseport';
  server = await startLineServer(config, eventLog, console.nest, {
    feature: MirrorModule.forRoot(config),
    admission: new ConcurrentAdmission(),
    listenOptions: own ? reusePortOptions() : undefined,
    handoff,
    // Its workers share one machine's log budget (peer-budget.ts).
    processes: config.cluster.workers,
  });
  handoff?.attach(server.transport);
  tell({ type: 'listening', port: server.port });
  if (deadline < Infinity) stop(deadline);
}
