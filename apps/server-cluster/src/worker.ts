import { ConcurrentAdmission, ConsoleLogger, EventLog, LogFile, startMirrorServer, type ServerConfig } from '@app/common';
import { WORKER_SLOT_ENV, type PrimaryMessage, type WorkerMessage } from './cluster.messages.js';

const APP = 'server-cluster';

/**
 * One worker: the same Nest microservice as server-sync, but admitting every
 * client at once. It writes its own events straight to the shared log file
 * (see LogFile for why that is safe across processes) and shuts down when the
 * primary says so — not on signals, which the terminal also sends to workers
 * on Ctrl-C; the primary coordinates the shutdown.
 */
export async function runWorker(config: ServerConfig): Promise<void> {
  const slot = Number(process.env[WORKER_SLOT_ENV] ?? 0);
  const tell = (message: WorkerMessage) => {
    if (process.connected) process.send?.(message);
  };
  const logger = new ConsoleLogger(`${APP}:${slot}`);

  let eventLog: EventLog;
  let server: Awaited<ReturnType<typeof startMirrorServer>>;
  try {
    eventLog = new EventLog(LogFile.open(config.log.file), { app: APP, context: { worker: slot }, echo: logger.nest });
    process.on('exit', () => eventLog.close());
    server = await startMirrorServer(config, new ConcurrentAdmission(), eventLog, logger);
  } catch (error) {
    const message = (error as Error).message;
    tell({ type: 'fatal', message, permanent: /already in use|permission denied|no such address|cannot open log file/.test(message) });
    throw error;
  }
  tell({ type: 'listening', port: server.port });

  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);
  // A worker crashed by a bug still leaves its events in the file.
  process.on('uncaughtException', (error) => {
    process.stderr.write(`${APP} worker ${slot}: ${error.stack ?? error.message}\n`);
    eventLog.close();
    process.exit(1);
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.app.close();
    eventLog.close();
    await logger.close();
    process.exit(0);
  };
  process.on('message', (message: PrimaryMessage) => {
    if (message?.type === 'shutdown') void stop();
  });
  // The primary is gone (killed): finish what is in progress and leave.
  process.on('disconnect', () => void stop());
}
