import type { WorkMode } from '@app/common';

/** What a generated server config depends on. */
export interface ServerConfigInput {
  workers: number;
  threads: number;
}

/**
 * Each server the lab can compare is one entry: the built app, the sections
 * only it has, what runs its requests (for the conclusions), and the language
 * of its code. A new server is a new entry here.
 */
export const SERVER_KINDS = {
  sync: {
    app: 'server-sync',
    unit: undefined,
    language: 'TypeScript',
    extraSections: (_o: ServerConfigInput): Record<string, Record<string, number>> => ({}),
    units: (_o: ServerConfigInput) => 1,
  },
  cluster: {
    app: 'server-cluster',
    unit: 'process',
    language: 'TypeScript',
    extraSections: (o: ServerConfigInput): Record<string, Record<string, number>> => ({ cluster: { workers: o.workers } }),
    units: (o: ServerConfigInput) => o.workers,
  },
  threads: {
    app: 'server-threads',
    unit: 'thread',
    language: 'TypeScript',
    extraSections: (o: ServerConfigInput): Record<string, Record<string, number>> => ({ threads: { count: o.threads } }),
    units: (o: ServerConfigInput) => o.threads,
  },
} as const;

export type ServerKey = keyof typeof SERVER_KINDS;
export type ServerApp = (typeof SERVER_KINDS)[ServerKey]['app'];
export const SERVER_KEYS = Object.keys(SERVER_KINDS) as ServerKey[];
export const DEFAULT_SERVERS: readonly ServerKey[] = ['sync', 'cluster', 'threads'];

/**
 * Each client the lab can run: how to start it on a config file, the language
 * of its code and the source files the report attaches as "the client's code"
 * (paths from the project root).
 */
export const CLIENT_KINDS = {
  ts: {
    language: 'TypeScript',
    command: (root: string, dist: string, config: string, lang: string) => ({
      file: process.execPath,
      args: [`${dist}/client/main.js`, '--config', config],
      env: { MIRROR_LAB_LANG: lang },
      entry: `${dist}/client/main.js`,
      root,
    }),
    sources: { dir: 'apps/client/src', match: /^(?!.*\.spec\.ts$).*\.ts$/ },
  },
  python: {
    language: 'Python',
    command: (root: string, _dist: string, config: string, lang: string) => ({
      file: 'python3',
      args: [`${root}/clients/python/client.py`, '--config', config, '--lang', lang],
      env: { MIRROR_LAB_LANG: lang },
      entry: `${root}/clients/python/client.py`,
      root,
    }),
    sources: { dir: 'clients/python', match: /^client\.py$/ },
  },
} as const;

export type ClientKey = keyof typeof CLIENT_KINDS;
export const CLIENT_KEYS = Object.keys(CLIENT_KINDS) as ClientKey[];

export type { WorkMode };
