import cluster from 'node:cluster';
import { ConsoleLogger, EventLog, LogEvent, LogFile, onShutdownSignal, type ServerConfig } from '@app/common';
import { Distributor } from './distributor.js';
import { Supervisor } from './supervisor.js';

const APP = 'server-cluster';
const PRIMARY = 0;

/**
 * The primary process: owns the port (the Distributor accepts and hands each
 * connection to a worker), supervises the workers and writes the server-level
 * events (SERVER_START/STOP, WORKER_START/EXIT). It serves no client itself.
 */
export async function runPrimary(config: ServerConfig): Promise<void> {
  const logger = new ConsoleLogger(APP);
  const eventLog = new EventLog(LogFile.open(config.log.file), { app: APP, echo: logger.nest });
  process.on('exit', () => eventLog.close());
  cluster.setupPrimary({ silent: false });

  const supervisor = new Supervisor(config.cluster.workers, eventLog);
  let lastAcceptError = 0;
  const distributor = new Distributor(
    () => supervisor.pick(),
    (error) => {
      // Out of descriptors, every accept fails: say so at most once a second.
      if (Date.now() - lastAcceptError < 1000) return;
      lastAcceptError = Date.now();
      logger.nest.warn(`accept failed: ${error.message}`, APP);
    },
  );
  supervisor.onWorkerReady(() => distributor.workerReady());
  const fail = async (error: Error) => {
    logger.nest.error(error.message, APP);
    await distributor.close();
    await supervisor.stop(0);
    eventLog.close();
    process.stderr.write(`${APP}: ${error.message}\n`);
    process.exit(1);
  };
  supervisor.onFailure((error) => void fail(error));

  // Bind first: a port in use ends here, in one line, before any worker is forked.
  const port = await distributor.listen(config.server.host, config.server.port);
  await supervisor.start(port);
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
      const stopped = distributor.close();
      await supervisor.stop(config.shutdown.grace_ms);
      await stopped;
      eventLog.event(LogEvent.SERVER_STOP, { worker: PRIMARY, signal });
      eventLog.close();
      await logger.close();
    },
    () => eventLog.close(),
  );
}
