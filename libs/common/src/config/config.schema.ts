import { availableParallelism } from 'node:os';
import { isIP } from 'node:net';

/**
 * Every key an app reads, with its default and what is allowed (docs/spec.md#5-configuration).
 * One table per app: the loader validates against it, the config types are
 * derived from it (`ConfigOf`), and the lab validates its flags with the same
 * entries (`parseConfigValue`), so ranges and defaults live only here.
 */
export interface IntKey {
  readonly type: 'int';
  /** A function where the default depends on the machine (the number of CPUs). */
  readonly default: number | (() => number);
  readonly min: number;
  readonly max: number;
  /** `key =` with nothing after it keeps the default (a field the user may leave blank). */
  readonly blankIsDefault?: true;
}
export interface BoolKey {
  readonly type: 'bool';
  readonly default: boolean;
}
export interface EnumKey {
  readonly type: 'enum';
  readonly default: string;
  readonly values: readonly string[];
}
export interface HostKey {
  readonly type: 'host';
  readonly default: string;
}
export interface TextKey {
  readonly type: 'text';
  readonly default: string;
  readonly maxBytes: number;
  /** `key =` with nothing after it keeps the default (a field the user may leave blank). */
  readonly blankIsDefault?: true;
}
/** The address of a web service (the class board): http:// or https://, or blank for none. */
export interface UrlKey {
  readonly type: 'url';
  readonly default: string;
  readonly maxBytes: number;
  /** `key =` with nothing after it keeps the default (a field the user may leave blank). */
  readonly blankIsDefault?: true;
}
export type KeySpec = IntKey | BoolKey | EnumKey | HostKey | TextKey | UrlKey;

export type Schema = { readonly [section: string]: { readonly [key: string]: KeySpec } };

/** The type of a validated value: an enum key's type is the union of its values. */
export type ValueOf<K extends KeySpec> = K extends IntKey
  ? number
  : K extends BoolKey
    ? boolean
    : K extends { readonly type: 'enum'; readonly values: readonly (infer V extends string)[] }
      ? V
      : string;

/** The validated values of a schema, keyed by the INI names so that code and docs read alike. */
export type ConfigOf<S extends Schema> = { -readonly [Sec in keyof S]: { -readonly [Key in keyof S[Sec]]: ValueOf<S[Sec][Key]> } };

/** Defaults that depend on something outside the schema (the student's name), per section and key. */
export type DefaultsOf<S extends Schema> = { readonly [Sec in keyof S]?: { readonly [Key in keyof S[Sec]]?: ValueOf<S[Sec][Key]> } };

const DAY_MS = 86_400_000;
const MAX_PORT = 65_535;

// Sections every server has, in the order the shipped files and messages list them.
const serverHead = {
  server: {
    host: { type: 'host', default: '0.0.0.0' },
    port: { type: 'int', default: 12345, min: 0, max: MAX_PORT },
  },
  reply: {
    signature: { type: 'text', default: 'Сервер написан Титов Ю.П. М3О-3ХХБ-ХХ', maxBytes: 1024 },
  },
  mirror: {
    preserve_case: { type: 'bool', default: true },
  },
  work: {
    delay_ms: { type: 'int', default: 2000, min: 0, max: DAY_MS },
    mode: { type: 'enum', default: 'sleep', values: ['sleep', 'spin'] },
  },
  session: {
    max_ms: { type: 'int', default: 60_000, min: 0, max: DAY_MS },
    idle_ms: { type: 'int', default: 30_000, min: 0, max: DAY_MS },
  },
  limits: {
    max_line_bytes: { type: 'int', default: 65_536, min: 16, max: 16 * 1024 * 1024 },
    max_queue: { type: 'int', default: 128, min: 0, max: 100_000 },
    max_connections: { type: 'int', default: 10_000, min: 1, max: 1_000_000 },
  },
} as const satisfies Schema;

const serverTail = <App extends string>(app: App) =>
  ({
    shutdown: {
      grace_ms: { type: 'int', default: 5000, min: 0, max: 600_000 },
    },
    log: {
      file: { type: 'text', default: `logs/${app}.log`, maxBytes: 4096 },
    },
  }) as const satisfies Schema;

/**
 * The sections every server has (the line transport's, the work's, the
 * mirror's, the log's), with `logs/<app>.log` as the log's default: the
 * schema of a server that adds no section of its own, and the start of one
 * that does (apps/server-commands).
 */
export const serverSchema = <App extends string>(app: App) => ({ ...serverHead, ...serverTail(app) }) as const satisfies Schema;

/** server-sync: one process, one client at a time; no [cluster] or [threads] section. */
export const SERVER_SYNC_SCHEMA = serverSchema('server-sync');

/** server-cluster: a primary and `cluster.workers` worker processes. */
export const SERVER_CLUSTER_SCHEMA = {
  ...serverHead,
  cluster: {
    workers: { type: 'int', default: () => availableParallelism(), min: 1, max: 256 },
  },
  ...serverTail('server-cluster'),
} as const satisfies Schema;

/** server-threads: one process whose requests' work runs on a pool of `threads.count` threads. */
export const SERVER_THREADS_SCHEMA = {
  ...serverHead,
  threads: {
    count: { type: 'int', default: 4, min: 1, max: 256 },
  },
  ...serverTail('server-threads'),
} as const satisfies Schema;

export const CLIENT_SCHEMA = {
  server: {
    host: { type: 'host', default: '127.0.0.1' },
    port: { type: 'int', default: 12345, min: 1, max: MAX_PORT },
  },
  client: {
    message: { type: 'text', default: 'Титов Юрий Павлович М3О-3ХХБ-ХХ', maxBytes: 65_536 },
    send_after_ms: { type: 'int', default: 1000, min: 0, max: DAY_MS },
    messages: { type: 'int', default: 1, min: 1, max: 1_000_000 },
    interval_ms: { type: 'int', default: 1000, min: 0, max: DAY_MS },
    linger_ms: { type: 'int', default: 500, min: 0, max: DAY_MS },
    connect_timeout_ms: { type: 'int', default: 5000, min: 1, max: DAY_MS },
    reply_timeout_ms: { type: 'int', default: 60_000, min: 1, max: DAY_MS },
  },
  log: {
    file: { type: 'text', default: 'logs/client.log', maxBytes: 4096 },
  },
  // The class session's board (docs/network.md): blank url = the log stays here.
  board: {
    url: { type: 'url', default: '', maxBytes: 2048, blankIsDefault: true },
    code: { type: 'text', default: '', maxBytes: 64, blankIsDefault: true },
  },
} as const satisfies Schema;

export type WorkMode = ValueOf<typeof SERVER_SYNC_SCHEMA.work.mode>;

/** A key's default as a value (a machine-dependent default is computed now). */
export function defaultOf<K extends KeySpec>(spec: K): ValueOf<K> {
  return (typeof spec.default === 'function' ? spec.default() : spec.default) as ValueOf<K>;
}

/**
 * An http:// or https:// address with a host and no user name or password in
 * it (the client prints the address it sends to), as `fetch` takes it.
 */
export function isWebUrl(value: string): boolean {
  if (!/^https?:\/\/[^\s/?#]/i.test(value) || /[\u0000-\u0020\u007f]/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** A host name or an IP address, as `net.connect`/`listen` take it. */
export function isHost(value: string): boolean {
  if (isIP(value) !== 0) return true;
  return /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/.test(
    value,
  );
}
