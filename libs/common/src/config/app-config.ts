import { parseArgs } from 'node:util';
import { ConfigError } from './config.error.js';
import { loadConfigFile } from './config.loader.js';
import { CLIENT_SCHEMA, SERVER_CLUSTER_SCHEMA, SERVER_SYNC_SCHEMA, SERVER_THREADS_SCHEMA, type Schema } from './config.schema.js';

export type AppName = 'server-sync' | 'server-cluster' | 'server-threads' | 'client';
export type WorkMode = 'sleep' | 'spin';

/** A validated server config; keys keep their INI names so code and docs read alike. */
export interface ServerConfig {
  app: AppName;
  source: string;
  server: { host: string; port: number };
  reply: { signature: string };
  mirror: { preserve_case: boolean };
  work: { delay_ms: number; mode: WorkMode };
  session: { max_ms: number; idle_ms: number };
  limits: { max_line_bytes: number; max_queue: number; max_connections: number };
  cluster: { workers: number };
  /** server-threads only: the size of its thread pool. */
  threads: { count: number };
  shutdown: { grace_ms: number };
  log: { file: string };
}

export interface ClientConfig {
  app: 'client';
  source: string;
  server: { host: string; port: number };
  client: {
    message: string;
    send_after_ms: number;
    messages: number;
    interval_ms: number;
    linger_ms: number;
    connect_timeout_ms: number;
    reply_timeout_ms: number;
  };
  log: { file: string };
}

const SCHEMAS: Record<AppName, Schema> = {
  'server-sync': SERVER_SYNC_SCHEMA,
  'server-cluster': SERVER_CLUSTER_SCHEMA,
  'server-threads': SERVER_THREADS_SCHEMA,
  client: CLIENT_SCHEMA,
};

export interface CommandLine {
  configFile: string;
  help: boolean;
}

/** `--config FILE` (default `config/<app>.ini`) and `--help`; anything else is refused. */
export function parseCommandLine(app: AppName, argv: string[]): CommandLine {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    return { configFile: values.config ?? `config/${app}.ini`, help: values.help ?? false };
  } catch (error) {
    throw new ConfigError(`${(error as Error).message.split('\n')[0]} (usage: ${usage(app)})`);
  }
}

export function usage(app: AppName): string {
  return `${app} [--config FILE]   (default config/${app}.ini)`;
}

export function loadServerConfig(app: 'server-sync' | 'server-cluster' | 'server-threads', file: string): ServerConfig {
  const values = loadConfigFile(file, SCHEMAS[app]);
  const config = { app, source: file, ...values } as unknown as ServerConfig;
  // server-sync has no [cluster] section; one process is what it is.
  config.cluster ??= { workers: 1 };
  // Only server-threads has a pool; the others do a request's work on their one thread.
  config.threads ??= { count: 1 };
  return config;
}

export function loadClientConfig(file: string): ClientConfig {
  const values = loadConfigFile(file, SCHEMAS.client);
  return { app: 'client', source: file, ...values } as unknown as ClientConfig;
}
