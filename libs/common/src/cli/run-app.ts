import type { AppName, CommandLine } from '../config/app-config.js';
import { helpText, parseCommandLine } from '../config/app-config.js';
import type { Lang } from '../i18n/lang.js';
import { echoPerSecondFrom, EventLog } from '../log/event-log.js';
import { LogFile } from '../log/log-file.js';
import type { Fields } from '../log/log-line.js';
import { AppConsole } from '../log/nest-logger.js';
import { ignoreShutdownSignals, ShutdownSignals, type Stoppable } from '../server/shutdown.js';
import { runMain, toStartupError } from './run-main.js';
import { StartupError, StartupErrorCode } from '../server/startup.error.js';
import { watchStopControl } from './stop-control.js';

/** What an app gets once its flags, config, console and event log are set up. */
export interface AppContext<C> {
  config: C;
  console: AppConsole;
  eventLog: EventLog;
  /** Closes the log and the console, then exits: the one way out once the app runs. */
  exit(code: number): Promise<never>;
  /**
   * For `signals: 'app'`: `handler` runs once when the parent asks for the
   * stop through stdin (MIRROR_LAB_CONTROL=stdin, stop-control.ts), at once
   * if it asked before this call. The app treats it as it treats SIGTERM.
   */
  onStopRequest(handler: () => void): void;
}

export interface AppSpec<C> {
  /** The kit's apps, or a later lab's own (apps/server-commands). */
  name: AppName | (string & {});
  /** What `--help` says the app is, in `lang`; an app of the kit has its line in the catalogue. */
  describe?: (lang: Lang) => string;
  loadConfig(file: string, cli: CommandLine): C;
  logFile(config: C): string;
  /**
   * The one line said at start while the built-in example name is in use
   * (appExampleNotice); left out where another process says it (cluster workers).
   */
  exampleNotice?(config: C): string | undefined;
  /** The console's label; default `name` (a cluster worker: `server-cluster:2`). */
  label?: string;
  /** Fields every event carries first (a cluster worker: `worker=2`). */
  logContext?: Fields;
  /**
   * Show every event on the console as the log writes it (default `true`:
   * the servers' echo, docs/decisions.md); `false` where the app says its
   * steps in sentences of its own (the client).
   */
  echoEvents?: boolean;
  /**
   * SIGINT, SIGTERM, SIGHUP: `shutdown` stops the Stoppable that `run`
   * returns (ShutdownSignals); `ignore` for cluster workers, whose primary
   * decides; `app` when the app handles them itself (the client).
   * MIRROR_LAB_CONTROL=stdin adds the stop from stdin to `shutdown` and
   * `app` (see AppContext.onStopRequest); cluster workers never read stdin.
   */
  signals: 'shutdown' | 'ignore' | 'app';
  /**
   * Starts the app. A server returns what the signals stop; a one-shot app
   * (the client) returns its exit code; `void` means the app ends itself.
   */
  run(context: AppContext<C>): Promise<Stoppable | number | void>;
  /** Instead of printing the start-up failure (a cluster worker tells its primary, which prints it once). */
  reportStartupError?(error: StartupError): void;
}

/**
 * The one bootstrap of every app: `--version` and `--help`, the config, the
 * console, the event log and its flush at exit, the signals. Start-up
 * failures become one line and an exit code (see runMain).
 */
export function runApp<C>(spec: AppSpec<C>): void {
  runMain(spec.name, async () => {
    const shutdown = spec.signals === 'shutdown' ? new ShutdownSignals((code) => void exit(code)) : undefined;
    if (spec.signals === 'ignore') ignoreShutdownSignals();
    const stopRequest = new StopRequest();
    // From the first moment, like the signals: a stop asked during start-up is kept, not lost.
    if (spec.signals !== 'ignore') watchStopControl(() => (shutdown ? shutdown.requestStop() : stopRequest.fire()));
    let context: AppContext<C> | undefined;
    const exit = async (code: number): Promise<never> => {
      context?.eventLog.close();
      await context?.console.close();
      process.exit(code);
    };
    try {
      const cli = parseCommandLine(spec.name, process.argv.slice(2));
      if (cli.help) {
        process.stdout.write(helpText(spec.name, cli.lang, spec.describe?.(cli.lang)) + '\n');
        return process.exit(0);
      }
      const config = spec.loadConfig(cli.configFile, cli);
      const appConsole = new AppConsole(spec.label ?? spec.name);
      const notice = spec.exampleNotice?.(config);
      if (notice !== undefined) appConsole.nest.log(notice, spec.name);
      const eventLog = new EventLog(openLogFile(spec.logFile(config)), {
        app: spec.name,
        context: spec.logContext,
        echo: spec.echoEvents === false ? undefined : appConsole.nest,
        echoPerSecond: echoPerSecondFrom(),
      });
      // Every event is on disk however the process ends (process.exit included).
      process.on('exit', () => eventLog.close());
      context = { config, console: appConsole, eventLog, exit, onStopRequest: (h) => stopRequest.listen(h) };

      const started = await spec.run(context);
      if (typeof started === 'number') await exit(started);
      else if (started) shutdown?.attach(started);
    } catch (error) {
      const failure = toStartupError(error);
      if (!spec.reportStartupError) throw failure;
      spec.reportStartupError(failure);
      process.exitCode = failure.exitCode;
      setTimeout(() => process.exit(failure.exitCode), 50).unref();
    }
  });
}

/** A stop asked for through stdin, kept until the app listens for it. */
class StopRequest {
  private fired = false;
  private handler?: () => void;

  fire(): void {
    this.fired = true;
    this.handler?.();
  }

  listen(handler: () => void): void {
    this.handler = handler;
    if (this.fired) handler();
  }
}

function openLogFile(path: string): LogFile {
  try {
    return LogFile.open(path);
  } catch (error) {
    throw new StartupError(StartupErrorCode.LOG_UNWRITABLE, (error as Error).message);
  }
}
