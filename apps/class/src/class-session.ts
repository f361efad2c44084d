import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ini from 'ini';
import type { LogRecord } from '@app/common';
import type { ClassOptions, RoundApp, RoundKey } from './class-options.js';
import { ROUND_SERVERS } from './class-options.js';
import { classTexts } from './class-texts.js';
import { LogTail } from './log-tail.js';
import { roundCondition, serverConnections, type ServerConnection } from './one-clock.js';
import { GRACE_MS, ServerProcess } from './server-process.js';
import { UploadStore } from './upload-store.js';

export type RoundStatus = 'waiting' | 'starting' | 'running' | 'stopping' | 'done' | 'failed';

export interface Round {
  index: number;
  key: RoundKey;
  app: RoundApp;
  /** Folder of the round inside the session folder: `round-1-server-sync`. */
  name: string;
  status: RoundStatus;
  startedAt?: number;
  endedAt?: number;
  /** Why the server did not start (its last console line). */
  error?: string;
  tail?: LogTail;
}

/** What a row of the live board says about one connection. */
export type RowState = 'queued' | 'served' | 'answered' | 'disconnected';

export interface Row {
  peer: string;
  name: string;
  state: RowState;
  reason?: string;
  answered: number;
  arrived: number;
  served?: number;
  requests: Array<{ received: number; sent?: number }>;
  disconnected?: number;
  worker?: string;
}

export function rowOf(c: ServerConnection): Row {
  const answered = c.requests.filter((r) => r.sent !== undefined).length;
  const state: RowState =
    c.disconnected !== undefined
      ? 'disconnected'
      : answered > 0
        ? 'answered'
        : c.queued && c.served === undefined
          ? 'queued'
          : 'served';
  return {
    peer: c.peer,
    name: c.message ?? '',
    state,
    reason: c.reason,
    answered,
    arrived: c.arrived,
    served: c.served,
    requests: c.requests,
    disconnected: c.disconnected,
    worker: c.worker,
  };
}

/** The session's phase: rounds to run, all rounds done (uploads still come), or ended. */
export type Phase = 'rounds' | 'after' | 'ended';

/**
 * The class session: its folder, its rounds run one after another on one port
 * (each server stopped gracefully before the next starts), their logs
 * followed as they grow, and the uploads. The board and the console drive it;
 * it knows nothing of HTTP.
 */
export class ClassSession {
  readonly rounds: Round[];
  readonly uploads: UploadStore;
  current = -1;
  phase: Phase = 'rounds';
  private server?: ServerProcess;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  /** Called after every change a board should show (new log lines, a round, an upload). */
  onChange: () => void = () => undefined;

  constructor(
    readonly options: ClassOptions,
    readonly keys: RoundKey[],
    readonly dir: string,
    readonly code: string,
    readonly port: number,
    private readonly dist: string,
    /** The servers' reply.signature: the session owner's, from the student file. */
    private readonly signature?: string,
  ) {
    mkdirSync(dir, { recursive: true });
    this.rounds = keys.map((key, i) => ({
      index: i + 1,
      key,
      app: ROUND_SERVERS[key],
      name: `round-${i + 1}-${ROUND_SERVERS[key]}`,
      status: 'waiting',
    }));
    this.uploads = new UploadStore(dir, code);
    // The board is at most this much behind the server's log (plus its own refresh).
    this.timer = setInterval(() => this.pollLogs(), 100);
  }

  get round(): Round | undefined {
    return this.rounds[this.current];
  }

  /** Ends the current round (if one runs) and starts the next; after the last, the session waits for uploads. */
  next(): Promise<void> {
    return this.serial(async () => {
      if (this.phase !== 'rounds') return;
      await this.stopCurrent();
      if (this.current + 1 >= this.rounds.length) {
        this.phase = 'after';
        this.onChange();
        return;
      }
      this.current += 1;
      await this.startRound(this.rounds[this.current]);
    });
  }

  /** Stops the running server (gracefully) and ends the session; idempotent. */
  end(): Promise<void> {
    return this.serial(async () => {
      if (this.phase === 'ended') return;
      await this.stopCurrent();
      this.phase = 'ended';
      clearInterval(this.timer);
      this.pollLogs();
      this.onChange();
    });
  }

  /** Records of one round's server log so far. */
  records(round: Round): readonly LogRecord[] {
    return round.tail?.records ?? [];
  }

  connections(round: Round): ServerConnection[] {
    return serverConnections(this.records(round));
  }

  /** Whether the assignment's condition is met so far in a round (on the server's clock). */
  condition(round: Round) {
    return roundCondition(this.connections(round));
  }

  /** Names students sent, as the servers logged them (distinct, in order of arrival). */
  participants(): string[] {
    const names = new Set<string>();
    for (const r of this.rounds) for (const c of this.connections(r)) if (c.message) names.add(c.message);
    return [...names];
  }

  configFile(round: Round): string {
    return join(this.dir, round.name, 'server.ini');
  }

  logFile(round: Round): string {
    return join(this.dir, round.name, 'server.log');
  }

  private serial(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private pollLogs(): void {
    let changed = false;
    for (const r of this.rounds) {
      try {
        if (r.tail && r.tail.poll().length > 0) changed = true;
      } catch {
        // A log that cannot be read this moment (gone, replaced) is read at the next poll;
        // the board is a view and must never take the session down.
      }
    }
    if (changed) this.onChange();
  }

  private serverIni(round: Round): string {
    const o = this.options;
    const sections: Record<string, Record<string, string | number>> = {
      server: { host: o.host, port: this.port },
      ...(this.signature ? { reply: { signature: this.signature } } : {}),
      work: { delay_ms: o.delayMs },
      shutdown: { grace_ms: GRACE_MS },
      log: { file: 'server.log' },
    };
    return (
      // In the session's language: the report shows this file to a Russian reader too.
      classTexts(this.options.lang).console.iniComment(round.index, round.app) +
      '\n' +
      Object.entries(sections)
        .map(
          ([name, keys]) =>
            `[${name}]\n` +
            Object.entries(keys)
              .map(([k, v]) => `${k} = ${ini.safe(String(v))}\n`)
              .join(''),
        )
        .join('\n')
    );
  }

  private async startRound(round: Round): Promise<void> {
    const dir = join(this.dir, round.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(this.configFile(round), this.serverIni(round));
    round.status = 'starting';
    round.tail = new LogTail(this.logFile(round));
    this.onChange();
    try {
      this.server = new ServerProcess(
        join(this.dist, round.app, 'main.js'),
        'server.ini',
        dir,
        join(dir, 'console.txt'),
        this.options.lang,
      );
    } catch (error) {
      round.status = 'failed';
      round.error = (error as Error).message;
      this.onChange();
      return;
    }
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && this.server.running) {
      this.pollLogs();
      if (round.tail.records.some((r) => r.event === 'SERVER_START')) {
        round.status = 'running';
        round.startedAt = Date.now();
        this.onChange();
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.server.stop();
    round.status = 'failed';
    round.error = this.server.lastLine();
    this.server = undefined;
    this.onChange();
  }

  private async stopCurrent(): Promise<void> {
    const round = this.round;
    if (!this.server || !round) return;
    round.status = 'stopping';
    this.onChange();
    await this.server.stop();
    this.server = undefined;
    round.tail?.poll();
    round.status = round.status === 'stopping' ? 'done' : round.status;
    round.endedAt = Date.now();
    this.onChange();
  }
}

/** The rounds: `--rounds`, else server-sync then the variant's concurrent server (odd: processes, even: threads), else all three. */
export function roundsFor(options: ClassOptions, variant: number | undefined): RoundKey[] {
  if (options.rounds) return options.rounds;
  if (variant === undefined) return ['sync', 'cluster', 'threads'];
  return ['sync', variant % 2 === 1 ? 'cluster' : 'threads'];
}
