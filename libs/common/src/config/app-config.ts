import { parseArgs } from 'node:util';
import { resolveLang, type Lang } from '../i18n/lang.js';
import { messages } from '../i18n/messages.js';
import { applyClientFlags, CLIENT_FLAG_OPTIONS, pickClientFlags, type ClientFlags } from './client-flags.js';
import { configErrors } from './config.errors.js';
import { loadConfigFile } from './config.loader.js';
import {
  CLIENT_SCHEMA,
  SERVER_CLUSTER_SCHEMA,
  SERVER_SYNC_SCHEMA,
  SERVER_THREADS_SCHEMA,
  type ConfigOf,
  type Schema,
} from './config.schema.js';

export type ServerAppName = 'server-sync' | 'server-cluster' | 'server-threads';
export type AppName = ServerAppName | 'client';

/** An app's validated config: which app, which file, and the values of its schema. */
type AppConfig<App extends AppName, S extends Schema> = { app: App; source: string } & ConfigOf<S>;

// Code that serves requests reads `cluster.workers` whatever the server; a
// server that is one process has one.
type OneProcess = { cluster: { workers: number } };

export type SyncServerConfig = AppConfig<'server-sync', typeof SERVER_SYNC_SCHEMA> & OneProcess;
export type ClusterServerConfig = AppConfig<'server-cluster', typeof SERVER_CLUSTER_SCHEMA>;
export type ThreadsServerConfig = AppConfig<'server-threads', typeof SERVER_THREADS_SCHEMA> & OneProcess;
/** Any server's config; `config.app` tells them apart (only server-threads has `threads`). */
export type ServerConfig = SyncServerConfig | ClusterServerConfig | ThreadsServerConfig;
export type ClientConfig = AppConfig<'client', typeof CLIENT_SCHEMA>;

export interface CommandLine {
  configFile: string;
  help: boolean;
  lang: Lang;
  /** The client's `--host`, `--port`, `--board`, `--code`: raw, validated over the file's keys (client-flags.ts). */
  clientFlags?: ClientFlags;
}

/**
 * `--config FILE` (default `config/<app>.ini`), `--lang ru|en` (default
 * MIRROR_LAB_LANG, then Russian) and `--help`; anything else is refused.
 */
export function parseCommandLine(app: AppName, argv: string[], env: NodeJS.ProcessEnv = process.env): CommandLine {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
        lang: { type: 'string' },
        ...(app === 'client' ? CLIENT_FLAG_OPTIONS : {}),
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw configErrors.usage(error as NodeJS.ErrnoException, (lang) => usage(app, lang));
  }
  const clientFlags = app === 'client' ? pickClientFlags(values) : {};
  return {
    configFile: values.config ?? `config/${app}.ini`,
    help: values.help ?? false,
    lang: resolveLang(argv, env),
    ...(Object.keys(clientFlags).length > 0 ? { clientFlags } : {}),
  };
}

/** The one-line usage, in `lang`. */
export function usage(app: AppName, lang: Lang): string {
  const line = messages(lang).cli.usage(app);
  return app === 'client' ? line + messages(lang).upload.usage : line;
}

/** What `--help` prints, in `lang`. */
export function helpText(app: AppName, lang: Lang): string {
  const t = messages(lang).cli;
  const text = t.help(app, t.what[app]);
  return app === 'client' ? `${text}\n${messages(lang).upload.flagsHelp}` : text;
}

export function loadServerConfig(app: 'server-sync', file: string): SyncServerConfig;
export function loadServerConfig(app: 'server-cluster', file: string): ClusterServerConfig;
export function loadServerConfig(app: 'server-threads', file: string): ThreadsServerConfig;
export function loadServerConfig(app: ServerAppName, file: string): ServerConfig;
export function loadServerConfig(app: ServerAppName, file: string): ServerConfig {
  switch (app) {
    case 'server-sync':
      return { app, source: file, ...loadConfigFile(file, SERVER_SYNC_SCHEMA), cluster: { workers: 1 } };
    case 'server-cluster':
      return { app, source: file, ...loadConfigFile(file, SERVER_CLUSTER_SCHEMA) };
    case 'server-threads':
      return { app, source: file, ...loadConfigFile(file, SERVER_THREADS_SCHEMA), cluster: { workers: 1 } };
  }
}

/** The client's config: the file's keys, then `--host`, `--port`, `--board`, `--code` over them. */
export function loadClientConfig(file: string, flags?: ClientFlags): ClientConfig {
  return applyClientFlags({ app: 'client', source: file, ...loadConfigFile(file, CLIENT_SCHEMA) }, flags);
}
