/**
 * What the apps import as `@app/common`: the bootstrap, the config, the log,
 * the mirror and the line transport. Pieces used only inside the library (the
 * connection, its codec's internals, the INI parser, the log's formatter)
 * are not exported here; test helpers live in `./testing`, which is not part
 * of this surface.
 */

// Bootstrap: what an app's main.ts runs.
export * from './cli/run-app.js';
export * from './cli/run-main.js';
export * from './server/startup.error.js';
export * from './server/line-server.js';
export * from './server/line-server.module.js';
export * from './server/one-process-server.js';
export * from './server/listen-error.js';
export { CONTROL_ENV, requestStop } from './cli/stop-control.js';
export * from './server/shutdown.js';
export * from './work/work-deadline.js';

// Configuration: read, validated and typed once (docs/config.md).
export {
  appExampleNotice,
  loadClientConfig,
  loadServerConfig,
  parseCommandLine,
  usage,
  type ClientConfig,
  type ClusterServerConfig,
  type LineServerConfig,
  type ServerConfig,
  type SyncServerConfig,
  type ThreadsServerConfig,
} from './config/app-config.js';
export { CLIENT_CONFIG, LINE_SERVER_CONFIG, SERVER_CONFIG } from './config/config.constants.js';
export { ConfigError } from './config/config.error.js';
export {
  CLIENT_SCHEMA,
  isHost,
  SERVER_CLUSTER_SCHEMA,
  SERVER_SYNC_SCHEMA,
  SERVER_THREADS_SCHEMA,
  serverSchema,
  type ConfigOf,
  type KeySpec,
  type WorkMode,
} from './config/config.schema.js';
export { configToken, InjectConfig, provideConfig, type ConfigToken } from './config/config.token.js';
export { loadConfigFile } from './config/config.loader.js';
export { parseConfigValue } from './config/config.value.js';
export {
  DEFAULT_STUDENT_FILE,
  EXAMPLE_STUDENT,
  exampleNotice,
  loadStudent,
  shortName,
  STUDENT_ENV,
  STUDENT_SCHEMA,
  studentMessage,
  studentSignature,
  variantServer,
  type Course,
  type IdentityUse,
  type Student,
} from './config/student.js';
export { resolveLang } from './config/lang-option.js';
export { shown } from './config/config.errors.js';

// Language of everything said to a person.
export * from './i18n/index.js';

// The append-only event log (docs/logs.md).
export { EventLog } from './log/event-log.js';
export { LogFile } from './log/log-file.js';
export { localTimestamp, parseLogLine, type Fields, type LogRecord } from './log/log-line.js';
export { DisconnectReason, EVENT_LOG, LogEvent, type LogEventName } from './log/log.constants.js';
export { LogModule } from './log/log.module.js';
export { AppConsole } from './log/nest-logger.js';

// The mirror: a plain function, its Nest service, and the module servers run.
export { mirrorText } from './mirror/mirror.js';
export { MirrorController } from './mirror/mirror.controller.js';
export { MirrorModule } from './mirror/mirror.module.js';
export { MirrorService } from './mirror/mirror.service.js';

// The line transport (docs/architecture.md).
export { ConcurrentAdmission, SerialAdmission, type AdmissionPolicy } from './transport/admission.js';
export { HandlerErrorsFilter } from './transport/handler-errors.filter.js';
export { LineContext, type LinePeer } from './transport/line.context.js';
export { LineDecoder } from './transport/line.decoder.js';
export { hostPort } from './transport/line.connection.js';
export { LineTransport, type ConnectionHandoff, type LineTransportOptions } from './transport/line.transport.js';
export { LINE_PATTERN, LISTEN_BACKLOG } from './transport/transport.constants.js';

// Simulated work (docs/spec.md#3-servers).
export { DelayInterceptor } from './work/delay.interceptor.js';
export { spinFor } from './work/spin.js';
