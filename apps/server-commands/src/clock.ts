/**
 * The clock the TIME command reads. A class is its own injection token, and a
 * typed one: `constructor(private readonly clock: Clock)` gets whatever the
 * module provides for `Clock` (the real time in the server, a stopped clock
 * in a test), and a provider of another shape does not compile.
 */
export abstract class Clock {
  abstract now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
