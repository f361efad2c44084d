/** When a session ends by time (docs/spec.md#3-servers): both limits in ms, 0 = no limit. */
export interface SessionLimits {
  sessionMs: number;
  idleMs: number;
}

/** The connection whose clocks they are. */
export interface SessionTimeouts {
  /** `session.max_ms` after service began. */
  sessionExpired(): void;
  /** `session.idle_ms` with nothing in progress or waiting and no complete line. */
  idleExpired(): void;
  /** A request is waiting or in progress: the client is not idle, however long it has been silent. */
  isBusy(): boolean;
}

/**
 * A session's two clocks. The idle timer is not re-armed on every line (that
 * would be a timer call per request): `touch` only notes the time, and when
 * the timer fires it re-arms itself for the rest of the idle time.
 */
export class SessionTimers {
  private lastActivity = 0;
  private sessionTimer?: NodeJS.Timeout;
  private idleTimer?: NodeJS.Timeout;

  constructor(
    private readonly limits: SessionLimits,
    private readonly on: SessionTimeouts,
  ) {}

  start(): void {
    this.lastActivity = Date.now();
    if (this.limits.sessionMs > 0) this.sessionTimer = setTimeout(this.sessionEnded, this.limits.sessionMs);
    if (this.limits.idleMs > 0) this.idleTimer = setTimeout(this.checkIdle, this.limits.idleMs);
  }

  /** The client did something that counts as activity: a complete line, or a reply to it. */
  touch(): void {
    this.lastActivity = Date.now();
  }

  stop(): void {
    clearTimeout(this.sessionTimer);
    clearTimeout(this.idleTimer);
    this.sessionTimer = this.idleTimer = undefined;
  }

  private readonly sessionEnded = (): void => this.on.sessionExpired();

  private readonly checkIdle = (): void => {
    const idleMs = this.limits.idleMs;
    const busy = this.on.isBusy();
    const silent = Date.now() - this.lastActivity;
    if (!busy && silent >= idleMs) {
      this.idleTimer = undefined;
      this.on.idleExpired();
      return;
    }
    this.idleTimer = setTimeout(this.checkIdle, busy ? idleMs : idleMs - silent);
  };
}
