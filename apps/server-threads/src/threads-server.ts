import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import {
  ConcurrentAdmission,
  DiskGuard,
  explainListenError,
  LineTransport,
  LogEvent,
  messages,
  peerBudgetFor,
  StartupError,
  StartupErrorCode,
  type AppContext,
  type Stoppable,
  type ThreadsServerConfig,
} from '@app/common';
import { THREAD_EXIT_ON_ENV, THREAD_FILE, type ThreadSettings } from './threads.messages.js';
import { ThreadsServerModule } from './threads-server.module.js';
import { WorkPool } from './work-pool.js';

const APP = 'server-threads';

/**
 * server-threads: one process. Its main thread runs the Nest app on the line
 * transport (every client admitted at once) and owns the sockets and the log;
 * each request's work runs on a thread of a pool of `threads.count`.
 */
export async function runThreadsServer({
  config,
  console: logger,
  eventLog,
}: AppContext<ThreadsServerConfig>): Promise<Stoppable> {
  const exitOn = process.env[THREAD_EXIT_ON_ENV];
  if (exitOn !== undefined) logger.nest.warn(messages().server.threadExitHook(THREAD_EXIT_ON_ENV, JSON.stringify(exitOn)), APP);
  const settings: ThreadSettings = {
    delayMs: config.work.delay_ms,
    mode: config.work.mode,
    preserveCase: config.mirror.preserve_case,
    suffix: '. ' + config.reply.signature,
    exitOn,
  };
  const threadFile = join(dirname(fileURLToPath(import.meta.url)), THREAD_FILE);
  const pool = new WorkPool(config.threads.count, threadFile, settings, eventLog);

  const transport = new LineTransport({
    host: config.server.host,
    port: config.server.port,
    maxLineBytes: config.limits.max_line_bytes,
    peerBudget: peerBudgetFor(),
    diskGuard: new DiskGuard(eventLog.path),
    maxConnections: config.limits.max_connections,
    sessionMs: config.session.max_ms,
    idleMs: config.session.idle_ms,
    graceMs: config.shutdown.grace_ms,
    admission: new ConcurrentAdmission(),
    log: eventLog,
  });
  const app = await NestFactory.createMicroservice(ThreadsServerModule.forRoot(config, eventLog, pool), {
    strategy: transport,
    logger: logger.nest,
    abortOnError: false,
  });
  try {
    await pool.check().catch((error: Error) => {
      throw new StartupError(StartupErrorCode.UNEXPECTED, messages().server.threadPoolBroken(threadFile, error.message));
    });
    await app.listen().catch((error: unknown) => {
      throw explainListenError(error, config.server.host, config.server.port);
    });
  } catch (error) {
    await app.close().catch(() => undefined);
    await pool.stop();
    throw error;
  }
  const port = transport.address().port;
  eventLog.event(LogEvent.SERVER_START, {
    host: config.server.host,
    port,
    mode: config.work.mode,
    delay: config.work.delay_ms,
    workers: 1,
    threads: config.threads.count,
    config: config.source,
  });
  logger.nest.log(messages().server.listeningThreads(`${config.server.host}:${port}`, config.threads.count, eventLog.path), APP);

  let forced = false;
  return {
    async stop(signal) {
      logger.nest.log(messages().server.stopping(signal, config.shutdown.grace_ms), APP);
      // Requests in progress get their replies for up to the grace time...
      await app.close();
      // ...then the threads are ended, even one still spinning.
      await pool.stop();
      eventLog.event(LogEvent.SERVER_STOP, { signal, forced: forced || undefined });
    },
    force(signal) {
      forced = true;
      logger.nest.log(messages().server.forcing(signal), APP);
      transport.forceClose();
      void pool.stop();
    },
  };
}
