/** The error of class `type` that `fn` throws; any other error is thrown on, and nothing thrown fails the spec. */
export function thrown<E extends Error>(type: abstract new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`nothing was thrown (expected a ${type.name})`);
}
