/**
 * Why an app could not start, as a code that programs decide on (the cluster
 * primary stops restarting a worker whose failure is permanent). The words
 * are for people and may change; the codes do not.
 */
export const StartupErrorCode = {
  /** A bad config file or command line (exit code 2). */
  CONFIG_INVALID: 'CONFIG_INVALID',
  LOG_UNWRITABLE: 'LOG_UNWRITABLE',
  PORT_IN_USE: 'PORT_IN_USE',
  PORT_FORBIDDEN: 'PORT_FORBIDDEN',
  ADDRESS_UNAVAILABLE: 'ADDRESS_UNAVAILABLE',
  /** Any other listen failure; it may pass, so a worker is retried. */
  LISTEN_FAILED: 'LISTEN_FAILED',
  /** server-cluster: a worker seat kept dying during start-up. */
  WORKERS_FAILING: 'WORKERS_FAILING',
  /** Anything not foreseen (a bug); retried like a crash. */
  UNEXPECTED: 'UNEXPECTED',
} as const;

export type StartupErrorCodeName = (typeof StartupErrorCode)[keyof typeof StartupErrorCode];

/** Failures that the same start, tried again, would meet again. */
const PERMANENT: ReadonlySet<StartupErrorCodeName> = new Set([
  StartupErrorCode.CONFIG_INVALID,
  StartupErrorCode.LOG_UNWRITABLE,
  StartupErrorCode.PORT_IN_USE,
  StartupErrorCode.PORT_FORBIDDEN,
  StartupErrorCode.ADDRESS_UNAVAILABLE,
  StartupErrorCode.WORKERS_FAILING,
]);

export class StartupError extends Error {
  readonly permanent: boolean;
  /** 2 for a configuration or command-line problem (docs/spec.md#5-configuration), 1 otherwise. */
  readonly exitCode: number;

  constructor(
    readonly code: StartupErrorCodeName,
    message: string,
  ) {
    super(message);
    this.name = StartupError.name;
    this.permanent = PERMANENT.has(code);
    this.exitCode = code === StartupErrorCode.CONFIG_INVALID ? 2 : 1;
  }
}
