/**
 * What the apps import as `@app/common`: the bootstrap, the config, the log,
 * the mirror and the line transport. Each name is exported by name, and only
 * when an app, the report library or a test imports it (`exports.spec.ts`
 * checks both). Pieces used only inside the library (the connection, its
 * codec's internals, the INI parser, the log's formatter) are not exported
 * here; test helpers live in `./testing`, which is not part of this surface.
 */

// Bootstrap: what an app's main.ts runs.
export { runApp, type AppContext, type AppSpec } from './cli/run-app.js';
export { runMain } from './cli/run-main.js';
export { StartupError, StartupErrorCode, type StartupErrorCodeName } from './server/startup.error.js';
export { startLineServer, type LineServer } from './server/line-server.js';
export { serveOneProcess } from './server/one-process-server.js';
export { explainListenError } from './server/listen-error.js';
export { SHUTDOWN_SIGNALS, signalExitCode, type Stoppable } from './server/shutdown.js';
export { workDeadline, WorkDeadline, yieldSpinEvery } from './work/work-deadline.js';
export { CONTROL_ENV, requestStop } from './cli/stop-control.js';

// Configuration: read, validated and typed once (docs/config.md).
export {
  appExampleNotice,
  loadClientConfig,
  loadServerConfig,
  parseCommandLine,
  type ClientConfig,
  type ServerConfig,
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
  serverSchema,
  type ConfigOf,
  type KeySpec,
  type WorkMode,
} from './config/config.schema.js';
export { configToken, InjectConfig, provideConfig } from './config/config.token.js';
export { loadConfigFile } from './config/config.loader.js';
export { parseConfigValue } from './config/config.value.js';
export {
  DEFAULT_STUDENT_FILE,
  EXAMPLE_STUDENT,
  loadStudent,
  STUDENT_ENV,
  STUDENT_SCHEMA,
  studentMessage,
  studentSignature,
  variantServer,
  type Student,
} from './config/student.js';
export { parseAppOptions } from './config/app-options.js';
export { shown } from './config/config.errors.js';

// Language of everything said to a person (docs/i18n.md).
export type { Catalogue } from './i18n/catalogue.ru.js';
export { currentLang, type Lang } from './i18n/lang.js';
export { messages } from './i18n/messages.js';
export { count } from './i18n/plural.js';

// The append-only event log (docs/logs.md).
export { consoleErr, consoleOut } from './log/console-out.js';
export { EventLog } from './log/event-log.js';
export { LogFile } from './log/log-file.js';
export { localTimestamp, parseLogLine, type Fields, type LogRecord } from './log/log-line.js';
export { EVENT_LOG, LogEvent, type LogEventName } from './log/log.constants.js';
export { LogModule } from './log/log.module.js';

// The mirror: a plain function, its Nest service, and the module servers run.
export { mirrorText } from './mirror/mirror.js';
export { MirrorController } from './mirror/mirror.controller.js';
export { MirrorModule } from './mirror/mirror.module.js';
export { MirrorService } from './mirror/mirror.service.js';

// The line transport (docs/architecture.md).
export { ConcurrentAdmission, SerialAdmission } from './transport/admission.js';
export { LineContext } from './transport/line.context.js';
export { LineDecoder } from './transport/line.decoder.js';
export { hostOf, hostPort } from './transport/peer-address.js';
export { type ConnectionHandoff } from './transport/line.transport.js';
export { LINE_PATTERN, LISTEN_BACKLOG } from './transport/transport.constants.js';

// Simulated work (docs/servers.md, "Spin work and the grace time").
export { spinFor } from './work/spin.js';
