import { parseArgs } from 'node:util';
import type { Lang } from '../i18n/lang.js';
import { resolveLang } from './lang-option.js';
import { messages } from '../i18n/messages.js';
import { applyClientFlags, CLIENT_FLAG_OPTIONS, pickClientFlags, type ClientFlags } from './client-flags.js';
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
import { EXAMPLE_STUDENT, exampleNotice, loadStudent, studentMessage, studentSignature, type Student } from './student.js';

export type ServerAppName = 'server-sync' | 'server-cluster' | 'server-threads';
export type AppName = ServerAppName | 'client';

/**
 * An app's validated config: which app, which file, the values of its schema,
 * and the student (config/student.ini) its defaults for `client.message` and
 * `reply.signature` came from (the loaders always set it; a config built by
 * hand in a test may leave it out, and then it counts as the built-in example).
 */
type AppConfig<App extends AppName, S extends Schema> = { app: App; source: string; student?: Student } & ConfigOf<S>;

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
  /** `--student FILE`; else loadStudent looks at MIRROR_LAB_STUDENT, then config/student.ini. */
  studentFile?: string;
  help: boolean;
  lang: Lang;
  /** The client's `--host`, `--port`, `--board`, `--code`: raw, validated over the file's keys (client-flags.ts). */
  clientFlags?: ClientFlags;
}

/**
 * `--config FILE` (default `config/<app>.ini`), `--student FILE` (see
 * loadStudent), `--lang ru|en` (default MIRROR_LAB_LANG, then Russian) and
 * `--help`; anything else is refused.
 */
export function parseCommandLine(app: string, argv: string[], env: NodeJS.ProcessEnv = process.env): CommandLine {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', short: 'c' },
        student: { type: 'string' },
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
    ...(values.student === undefined ? {} : { studentFile: values.student }),
    help: values.help ?? false,
    lang: resolveLang(argv, env),
    ...(Object.keys(clientFlags).length > 0 ? { clientFlags } : {}),
  };
}

/** The one-line usage, in `lang`. */
export function usage(app: string, lang: Lang): string {
  const line = messages(lang).cli.usage(app);
  return app === 'client' ? line + messages(lang).upload.usage : line;
}

/**
 * What `--help` prints, in `lang`: `what` says what the app is (an app of
 * the kit has its line in the catalogue; a later lab's app brings its own).
 */
export function helpText(app: string, lang: Lang, what?: string): string {
  const t = messages(lang).cli;
  const text = t.help(app, what ?? (Object.hasOwn(t.what, app) ? t.what[app as AppName] : app));
  return app === 'client' ? `${text}\n${messages(lang).upload.flagsHelp}` : text;
}

/** A server's config; `reply.signature` defaults to the student's (config/student.ini), the file's own key wins. */
export function loadServerConfig(app: 'server-sync', file: string, student?: Student): SyncServerConfig;
export function loadServerConfig(app: 'server-cluster', file: string, student?: Student): ClusterServerConfig;
export function loadServerConfig(app: 'server-threads', file: string, student?: Student): ThreadsServerConfig;
export function loadServerConfig(app: ServerAppName, file: string, student?: Student): ServerConfig;
export function loadServerConfig(app: ServerAppName, file: string, student: Student = loadStudent()): ServerConfig {
  const defaults = { reply: { signature: studentSignature(student) } };
  switch (app) {
    case 'server-sync':
      return { app, source: file, student, ...loadConfigFile(file, SERVER_SYNC_SCHEMA, defaults), cluster: { workers: 1 } };
    case 'server-cluster':
      return { app, source: file, student, ...loadConfigFile(file, SERVER_CLUSTER_SCHEMA, defaults) };
    case 'server-threads':
      return { app, source: file, student, ...loadConfigFile(file, SERVER_THREADS_SCHEMA, defaults), cluster: { workers: 1 } };
  }
}

/**
 * The client's config: `client.message` defaults to the student's "name group"
 * (config/student.ini) and the file's own key wins; then `--host`, `--port`,
 * `--board`, `--code` over them.
 */
export function loadClientConfig(file: string, student: Student = loadStudent(), flags?: ClientFlags): ClientConfig {
  return applyClientFlags(
    { app: 'client', source: file, student, ...loadConfigFile(file, CLIENT_SCHEMA, { client: { message: studentMessage(student) } }) },
    flags,
  );
}

/** The one start-up line while an app would use the built-in example (undefined otherwise), in `lang`. */
export function appExampleNotice(config: ServerConfig | ClientConfig, lang?: Lang): string | undefined {
  const use =
    config.app === 'client'
      ? { key: 'client.message' as const, value: config.client.message }
      : { key: 'reply.signature' as const, value: config.reply.signature };
  return exampleNotice({ ...use, configFile: config.source }, config.student ?? EXAMPLE_STUDENT, lang);
}
