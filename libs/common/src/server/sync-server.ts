import { loadServerConfig, parseCommandLine, usage } from '../config/app-config.js';
import { EventLog } from '../log/event-log.js';
import { LogFile } from '../log/log-file.js';
import { LogEvent } from '../log/log.constants.js';
import { ConsoleLogger } from '../log/nest-logger.js';
import { SerialAdmission } from '../transport/admission.js';
import { onShutdownSignal } from './shutdown.js';
import { startMirrorServer } from './mirror-server.js';

const APP = 'server-sync';

/** server-sync: the iterative server, one client at a time, the others queued. */
export async function runSyncServer(argv: string[]): Promise<void> {
  const cli = parseCommandLine(APP, argv);
  if (cli.help) {
    process.stdout.write(`usage: ${usage(APP)}\n`);
    return;
  }
  const config = loadServerConfig(APP, cli.configFile);
  const logger = new ConsoleLogger(APP);
  const eventLog = new EventLog(LogFile.open(config.log.file), { app: APP, echo: logger.nest });
  process.on('exit', () => eventLog.close());

  const server = await startMirrorServer(config, new SerialAdmission(config.limits.max_queue), eventLog, logger);
  eventLog.event(LogEvent.SERVER_START, {
    host: config.server.host,
    port: server.port,
    mode: config.work.mode,
    delay: config.work.delay_ms,
    workers: 1,
    config: config.source,
  });
  logger.nest.log(`listening on ${config.server.host}:${server.port}; log: ${eventLog.path}`, APP);

  onShutdownSignal(
    async (signal) => {
      logger.nest.log(`${signal}: stopping (grace ${config.shutdown.grace_ms} ms)`, APP);
      await server.app.close();
      eventLog.event(LogEvent.SERVER_STOP, { signal });
      eventLog.close();
      await logger.close();
    },
    () => eventLog.close(),
  );
}
