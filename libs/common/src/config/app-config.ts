import { parseArgs } from 'node:util';
import type { Lang } from '../i18n/lang.js';
import { resolveLang } from './lang-option.js';
import { messages } from '../i18n/messages.js';
import { configErrors } from './config.errors.js';
import { loadConfigFile } from './config.loader.js';
import {
  CLIENT_SCHEMA,
  SERVER_CLUSTER_SCHEMA,
  SERVER_SYNC_SCHEMA,
  SERVER_THREADS_SCHEMA,
  serverSchema,
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
/**
 * What every server's config holds, whichever app it is: all the line
 * transport, the simulated work and the server core read (a later lab's own
 * server, apps/server-commands, adds its sections to it).
 */
export type LineServerConfig = { app: string; source: string } & ConfigOf<ReturnType<typeof serverSchema>>;
/** Any server's config; `config.app` tells them apart (only server-threads has `threads`). */
export type ServerConfig = SyncServerConfig | ClusterServerConfig | ThreadsServerConfig;
export type ClientConfig = AppConfig<'client', typeof CLIENT_SCHEMA>;

export interface CommandLine {
  configFile: string;
  help: boolean;
  lang: Lang;
}

/**
 * `--config FILE` (default `config/<app>.ini`), `--lang ru|en` (default
 * MIRROR_LAB_LANG, then Russian) and `--help`; anything else is refused.
 */
export function parseCommandLine(app: string, argv: string[], env: NodeJS.ProcessEnv = process.env): CommandLine {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
        lang: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw configErrors.usage(error as NodeJS.ErrnoException, (lang) => usage(app, lang));
  }
  return { configFile: values.config ?? `config/${app}.ini`, help: values.help ?? false, lang: resolveLang(argv, env) };
}

/** The one-line usage, in `lang`. */
export function usage(app: string, lang: Lang): string {
  return messages(lang).cli.usage(app);
}

/**
 * What `--help` prints, in `lang`: `what` says what the app is (an app of
 * the kit has its line in the catalogue; a later lab's app brings its own).
 */
export function helpText(app: string, lang: Lang, what?: string): string {
  const t = messages(lang).cli;
  return t.help(app, what ?? (Object.hasOwn(t.what, app) ? t.what[app as AppName] : app));
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

export function loadClientConfig(file: string): ClientConfig {
  return { app: 'client', source: file, ...loadConfigFile(file, CLIENT_SCHEMA) };
}
