/**
 * Calls `stop` once on the first SIGINT or SIGTERM; a second signal exits at
 * once with `onForce` (which should flush what it can). Nest's own shutdown
 * hooks are not used: they can exit before the log is written.
 */
export function onShutdownSignal(stop: (signal: NodeJS.Signals) => Promise<void>, onForce: () => void): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      onForce();
      process.exit(130);
    }
    stopping = true;
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${(error as Error)?.message ?? String(error)}\n`);
        onForce();
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
