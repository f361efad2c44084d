import type { LineServerConfig } from '../config/app-config.js';
import { messages } from '../i18n/messages.js';
import type { EventLog } from '../log/event-log.js';
import type { Fields } from '../log/log-line.js';
import { LogEvent } from '../log/log.constants.js';
import type { AppConsole } from '../log/nest-logger.js';
import { workDeadline } from '../work/work-deadline.js';
import { startLineServer, type LineServerOptions } from './line-server.js';
import type { Stoppable } from './shutdown.js';

export interface OneProcessServerOptions extends LineServerOptions {
  /** What SERVER_START says besides host, port, mode, delay, workers and config (server-threads: `threads=`). */
  startFields?: Fields;
  /** The console's line once the server listens on `where`. */
  listening?: (where: string, logPath: string) => string;
  /** Once the drain is over, before SERVER_STOP (server-threads ends its pool). */
  afterClose?: () => Promise<void>;
  /** A forced stop, besides closing every connection now (server-threads ends its threads). */
  onForce?: () => void;
}

/**
 * A server that is one process (server-sync, server-threads,
 * server-commands): the server core started with the feature, SERVER_START
 * and the console's line, and what the shutdown signals stop. A spin in
 * progress past the grace time is cut there (it gets no reply).
 */
export async function serveOneProcess(
  name: string,
  config: LineServerConfig,
  eventLog: EventLog,
  logger: AppConsole,
  options: OneProcessServerOptions,
): Promise<Stoppable> {
  const server = await startLineServer(config, eventLog, logger.nest, options);
  const t = messages().server;
  eventLog.event(LogEvent.SERVER_START, {
    host: config.server.host,
    port: server.port,
    mode: config.work.mode,
    delay: config.work.delay_ms,
    workers: 1,
    ...options.startFields,
    config: config.source,
  });
  const where = `${config.server.host}:${server.port}`;
  logger.nest.log((options.listening ?? t.listening)(where, eventLog.path), name);

  let forced = false;
  return {
    async stop(signal) {
      logger.nest.log(t.stopping(signal, config.shutdown.grace_ms), name);
      workDeadline.set(Date.now() + config.shutdown.grace_ms);
      // Requests in progress get their replies for up to the grace time...
      await server.app.close();
      // ...then what the feature runs beside them ends.
      await options.afterClose?.();
      eventLog.event(LogEvent.SERVER_STOP, { signal, forced: forced || undefined });
    },
    force(signal) {
      forced = true;
      logger.nest.log(t.forcing(signal), name);
      workDeadline.set(Date.now());
      server.transport.forceClose();
      options.onForce?.();
    },
  };
}
