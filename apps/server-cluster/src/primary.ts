import cluster from 'node:cluster';
import { ConsoleLogger, EventLog, LogEvent, LogFile, onShutdownSignal, type ServerConfig } from '@app/common';
import { Supervisor } from './supervisor.js';

const APP = 'server-cluster';
const PRIMARY = 0;

/**
 * The primary process: supervises the workers and writes the server-level
 * events (SERVER_START/STOP, WORKER_START/EXIT). It serves no client itself:
 * it binds the port once and the workers accept on that socket.
 */
export async function runPrimary(config: ServerConfig): Promise<void> {
  const logger = new ConsoleLogger(APP);
  const eventLog = new EventLog(LogFile.open(config.log.file), { app: APP, echo: logger.nest });
  process.on('exit', () => eventLog.close());
  // Every worker accepts on the one shared socket itself (SCHED_NONE); see
  // the README, Decisions, for why not the primary passing connections on.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({ silent: false });

  const supervisor = new Supervisor(config.cluster.workers, eventLog);
  const fail = async (error: Error) => {
    logger.nest.error(error.message, APP);
    await supervisor.stop(0);
    eventLog.close();
    process.stderr.write(`${APP}: ${error.message}\n`);
    process.exit(1);
  };
  supervisor.onFailure((error) => void fail(error));

  const port = await supervisor.start();
  // `worker=0` marks the primary's own lines, so every server-cluster event carries worker=.
  eventLog.event(LogEvent.SERVER_START, {
    worker: PRIMARY,
    host: config.server.host,
    port,
    mode: config.work.mode,
    delay: config.work.delay_ms,
    workers: config.cluster.workers,
    config: config.source,
  });
  logger.nest.log(`listening on ${config.server.host}:${port} with ${config.cluster.workers} workers; log: ${eventLog.path}`, APP);

  onShutdownSignal(
    async (signal) => {
      logger.nest.log(`${signal}: stopping ${supervisor.runningWorkers} workers (grace ${config.shutdown.grace_ms} ms)`, APP);
      await supervisor.stop(config.shutdown.grace_ms);
      eventLog.event(LogEvent.SERVER_STOP, { worker: PRIMARY, signal });
      eventLog.close();
      await logger.close();
    },
    () => eventLog.close(),
  );
}
