/**
 * The shutdown signals of a server from the first line of its `main.js`.
 *
 * A server's main.js loads Nest, RxJS and winston before any of its own code
 * runs (300-400 ms on a busy machine), and until a handler is installed
 * SIGTERM's default action kills the process with nothing logged. So each
 * server's `main.ts` imports only this module, holds the signals, and then
 * loads the app with a dynamic `import()`; `ShutdownSignals` takes the held
 * signals over when the bootstrap starts (`takeHeldSignals`). This file must
 * import nothing: whatever it imports is loaded before the signals are held.
 */
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

interface Held {
  signals: NodeJS.Signals[];
  listener: (signal: NodeJS.Signals) => void;
}

/** One per process, also if two copies of this module were bundled. */
const HELD = Symbol.for('mirror-lab.held-signals');
type WithHeld = typeof globalThis & { [HELD]?: Held };

/** Keeps SIGINT, SIGTERM and SIGHUP from killing the process until `takeHeldSignals`; they are remembered in order. */
export function holdShutdownSignals(): void {
  const global = globalThis as WithHeld;
  if (global[HELD]) return;
  const held: Held = { signals: [], listener: (signal) => held.signals.push(signal) };
  for (const signal of SIGNALS) process.on(signal, held.listener);
  global[HELD] = held;
}

/** Stops holding (the caller has its own handlers now) and returns the signals that came meanwhile, oldest first. */
export function takeHeldSignals(): NodeJS.Signals[] {
  const global = globalThis as WithHeld;
  const held = global[HELD];
  if (!held) return [];
  for (const signal of SIGNALS) process.off(signal, held.listener);
  delete global[HELD];
  return held.signals;
}
