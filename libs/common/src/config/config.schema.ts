import { availableParallelism } from 'node:os';
import { isIP } from 'node:net';

/**
 * Every key an app reads, with its default and what is allowed (SPEC §5).
 * One table per app; the loader validates against it, the shipped INI files
 * and the README document it.
 */
export type KeySpec =
  | { type: 'int'; default: number | (() => number); min: number; max: number }
  | { type: 'bool'; default: boolean }
  | { type: 'enum'; default: string; values: readonly string[] }
  | { type: 'host'; default: string }
  | { type: 'text'; default: string; maxBytes: number };

export type Schema = Record<string, Record<string, KeySpec>>;

const DAY_MS = 86_400_000;
export const MAX_PORT = 65_535;

const serverKeys = (app: string, cluster: boolean, threads = false): Schema => ({
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
  ...(cluster && {
    cluster: {
      workers: { type: 'int', default: () => availableParallelism(), min: 1, max: 256 },
    },
  }),
  ...(threads && {
    threads: {
      count: { type: 'int', default: 4, min: 1, max: 256 },
    },
  }),
  shutdown: {
    grace_ms: { type: 'int', default: 5000, min: 0, max: 600_000 },
  },
  log: {
    file: { type: 'text', default: `logs/${app}.log`, maxBytes: 4096 },
  },
});

export const SERVER_SYNC_SCHEMA: Schema = serverKeys('server-sync', false);
export const SERVER_CLUSTER_SCHEMA: Schema = serverKeys('server-cluster', true);
export const SERVER_THREADS_SCHEMA: Schema = serverKeys('server-threads', false, true);

export const CLIENT_SCHEMA: Schema = {
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
};

/** A host name or an IP address, as `net.connect`/`listen` take it. */
export function isHost(value: string): boolean {
  if (isIP(value) !== 0) return true;
  return /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/.test(
    value,
  );
}
