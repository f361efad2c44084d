import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../config/config.error.js';
import { currentLang } from '../i18n/lang.js';
import { messages } from '../i18n/messages.js';
import { StartupError, StartupErrorCode } from './startup.error.js';

/**
 * Runs an app's `main`: `--version` answered before anything else, console
 * output that can never take the process down, and a start-up failure turned
 * into one line on stderr and an exit code (2 for a bad config or flag, 1 for
 * anything else). Every app's `main.ts` goes through here, the lab included.
 */
export function runMain(app: string, main: () => Promise<void>): void {
  guardConsole();
  if (process.argv.slice(2).includes('--version')) {
    process.stdout.write(`${app} ${packageVersion()}\n`);
    return;
  }
  main().catch((error: unknown) => exitWithStartupError(app, error));
}

/** Prints one line for a start-up failure and exits with its code. */
export function exitWithStartupError(app: string, error: unknown): void {
  const failure = toStartupError(error);
  process.stderr.write(`${app}: ${failure.message.split('\n')[0]}\n`);
  process.exitCode = failure.exitCode;
  // Whatever Nest left open (timers, handles) must not keep a failed start alive.
  setTimeout(() => process.exit(failure.exitCode), 50).unref();
}

/** Any error thrown while starting, as a StartupError with a code; a config error in this process's language. */
export function toStartupError(error: unknown): StartupError {
  if (error instanceof StartupError) return error;
  if (error instanceof ConfigError) return new StartupError(StartupErrorCode.CONFIG_INVALID, error.text(currentLang()));
  return new StartupError(StartupErrorCode.UNEXPECTED, error instanceof Error ? error.message : String(error));
}

/**
 * A reader of our stdout or stderr that goes away (`| head`, a closed
 * terminal) makes the next write fail with EPIPE, and an unhandled stream
 * error would end the process. The console is only a view of what the log
 * file holds, so its errors are dropped.
 */
function guardConsole(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') === 0) stream.on('error', () => undefined);
  }
}

let version: string | undefined;

/** The version in the project's package.json (found upwards from the running script). */
export function packageVersion(): string {
  if (version) return version;
  let dir = dirname(process.argv[1] ?? process.cwd());
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mirror-lab' && pkg.version) return (version = pkg.version);
    }
    const parent = dirname(dir);
    if (parent === dir) return (version = 'unknown');
    dir = parent;
  }
}

/** Turns a listen error into a coded StartupError, in words a student can act on (in this process's language). */
export function explainListenError(error: unknown, host: string, port: number): StartupError {
  const e = error as NodeJS.ErrnoException;
  const t = messages().server;
  const where = `${host}:${port}`;
  switch (e?.code) {
    case 'EADDRINUSE':
      return new StartupError(StartupErrorCode.PORT_IN_USE, t.portInUse(where));
    case 'EACCES':
      return new StartupError(StartupErrorCode.PORT_FORBIDDEN, t.portForbidden(where));
    case 'EADDRNOTAVAIL':
      return new StartupError(StartupErrorCode.ADDRESS_UNAVAILABLE, t.addressUnavailable(where));
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new StartupError(StartupErrorCode.ADDRESS_UNAVAILABLE, messages().reliability.hostUnresolved(host));
    default:
      return new StartupError(StartupErrorCode.LISTEN_FAILED, t.listenFailed(where, e?.message ?? String(error)));
  }
}
