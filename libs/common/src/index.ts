/**
 * What the apps import as `@app/common`: the bootstrap, the config, the log,
 * the mirror and the line transport. Pieces used only inside the library (the
 * connection, its codec's internals, the INI parser, the log's formatter)
 * are not exported here; test helpers live in `./testing` and the example lab
 * in `./examples` (docs/extending.md), and neither is part of this surface.
 */

// Bootstrap: what an app's main.ts runs.
export * from './cli/run-app.js';
export * from './cli/run-main.js';
export * from './cli/startup.error.js';
export * from './server/mirror-server.js';
export { DiskGuard, DISK_RESERVE_BYTES } from './log/disk-guard.js';
export * from './server/shutdown.js';
export * from './server/work-deadline.js';

// Configuration: read, validated and typed once (docs/config.md).
export {
  loadClientConfig,
  loadServerConfig,
  parseCommandLine,
  usage,
  type ClientConfig,
  type ClusterServerConfig,
  type ServerConfig,
  type SyncServerConfig,
  type ThreadsServerConfig,
} from './config/app-config.js';
export { CLIENT_CONFIG, SERVER_CONFIG } from './config/config.constants.js';
export { ConfigError } from './config/config.error.js';
export {
  CLIENT_SCHEMA,
  isHost,
  SERVER_CLUSTER_SCHEMA,
  SERVER_SYNC_SCHEMA,
  SERVER_THREADS_SCHEMA,
  type KeySpec,
  type WorkMode,
} from './config/config.schema.js';
export { InjectConfig, provideConfig } from './config/config.token.js';
export { parseConfigValue } from './config/config.value.js';
export { shown } from './config/config.errors.js';

// Language of everything said to a person.
export * from './i18n/index.js';

// The append-only event log (docs/logs.md).
export { EventLog } from './log/event-log.js';
export { LogFile } from './log/log-file.js';
export { parseLogLine, type Fields, type LogRecord } from './log/log-line.js';
export { DisconnectReason, EVENT_LOG, LogEvent, type LogEventName } from './log/log.constants.js';
export { LogModule } from './log/log.module.js';
export { AppConsole } from './log/nest-logger.js';

// The mirror: a plain function, its Nest service, and the module servers run.
export { mirrorText } from './mirror/mirror.js';
export { MirrorController } from './mirror/mirror.controller.js';
export { MirrorServerModule } from './mirror/mirror-server.module.js';
export { MirrorService } from './mirror/mirror.service.js';

// The line transport (docs/architecture.md).
export { ConcurrentAdmission, SerialAdmission, type AdmissionPolicy } from './transport/admission.js';
export { HandlerErrorsFilter } from './transport/handler-errors.filter.js';
export { LineContext, type LinePeer } from './transport/line.context.js';
export { LineDecoder } from './transport/line.decoder.js';
export { hostPort } from './transport/line.connection.js';
export { LineTransport, type ConnectionHandoff, type LineTransportOptions } from './transport/line.transport.js';
export { LINE_PATTERN, LISTEN_BACKLOG } from './transport/transport.constants.js';

// Simulated work (SPEC §3).
export { DelayInterceptor } from './work/delay.interceptor.js';
export { spinFor } from './work/spin.js';
