import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConcurrentAdmission,
  messages,
  serveOneProcess,
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

  try {
    return await serveOneProcess(APP, config, eventLog, logger, {
      feature: ThreadsServerModule.forRoot(pool),
      admission: new ConcurrentAdmission(),
      workBy: 'feature',
      beforeListen: () =>
        pool.check().catch((error: Error) => {
          throw new StartupError(StartupErrorCode.UNEXPECTED, messages().server.threadPoolBroken(threadFile, error.message));
        }),
      startFields: { threads: config.threads.count },
      listening: (where, logPath) => messages().server.listeningThreads(where, config.threads.count, logPath),
      // Requests in progress have had their replies; the threads are ended, even one still spinning.
      afterClose: () => pool.stop(),
      onForce: () => void pool.stop(),
    });
  } catch (error) {
    await pool.stop();
    throw error;
  }
}
