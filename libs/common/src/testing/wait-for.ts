/**
 * Polls `probe` until it returns something, or fails after `ms` with `what()`.
 * When `gone` (e.g. a spawned app) has exited, it fails at once instead of
 * waiting out the time for something that can no longer happen.
 */
export async function waitFor<T>(
  probe: () => T | undefined,
  ms: number,
  what: () => string,
  gone?: { exited: Promise<unknown> },
): Promise<T> {
  const deadline = Date.now() + ms;
  let exited = false;
  gone?.exited.then(() => (exited = true));
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline || exited) throw new Error(what());
    await new Promise((r) => setTimeout(r, 25));
  }
}
