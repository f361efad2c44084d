import { ConfigError } from '../config/config.error.js';

/**
 * Runs an app's `main`, turning a start-up failure into one readable line on
 * stderr and an exit code: 2 for a bad config or flag, 1 for anything else.
 */
export function runMain(app: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const code = error instanceof ConfigError ? error.exitCode : 1;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${app}: ${message.split('\n')[0]}\n`);
    process.exitCode = code;
    // Whatever Nest left open (timers, handles) must not keep a failed start alive.
    setTimeout(() => process.exit(code), 50).unref();
  });
}

/** Turns a listen error into words a student can act on. */
export function explainListenError(error: unknown, host: string, port: number): Error {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'EADDRINUSE':
      return new Error(
        `cannot listen on ${host}:${port}: the port is already in use (is another server running? stop it, or set server.port to another port or to 0)`,
      );
    case 'EACCES':
      return new Error(`cannot listen on ${host}:${port}: permission denied (ports below 1024 need root; use a port above 1024)`);
    case 'EADDRNOTAVAIL':
      return new Error(`cannot listen on ${host}:${port}: this machine has no such address (use 0.0.0.0 for every interface)`);
    default:
      return new Error(`cannot listen on ${host}:${port}: ${e?.message ?? String(error)}`);
  }
}
