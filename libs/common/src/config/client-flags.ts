import { CLIENT_SCHEMA } from './config.schema.js';
import { parseConfigValue } from './config.value.js';

/**
 * The client's flags that stand for keys of its config file, so that the one
 * command the class session prints works with the shipped file:
 * `--host` = [server] host, `--port` = [server] port, `--board` = [board] url,
 * `--code` = [board] code. A flag wins over the file; each is validated with
 * the key's own schema entry, so both accept exactly the same values.
 */
export const CLIENT_FLAG_KEYS = {
  host: ['server', 'host'],
  port: ['server', 'port'],
  board: ['board', 'url'],
  code: ['board', 'code'],
} as const;

export type ClientFlags = { [F in keyof typeof CLIENT_FLAG_KEYS]?: string };

export const CLIENT_FLAG_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  board: { type: 'string' },
  code: { type: 'string' },
} as const;

/** The client flags present in parseArgs' values. */
export function pickClientFlags(values: Record<string, unknown>): ClientFlags {
  const flags: { -readonly [F in keyof ClientFlags]: string } = {};
  for (const flag of Object.keys(CLIENT_FLAG_KEYS) as (keyof ClientFlags)[]) {
    const value = values[flag];
    if (typeof value === 'string') flags[flag] = value;
  }
  return flags;
}

/** The two sections the flags override. */
interface ClientSections {
  server: { host: string; port: number };
  board: { url: string; code: string };
}

/**
 * `config` with the flags' values over its keys; a bad value throws the config
 * error naming the flag. Generic over the config, so this file needs nothing
 * from app-config.ts (which imports it): no circle of imports.
 */
export function applyClientFlags<C extends ClientSections>(config: C, flags: ClientFlags = {}): C {
  const server = { ...config.server };
  const board = { ...config.board };
  if (flags.host !== undefined) server.host = parseConfigValue(flags.host, CLIENT_SCHEMA.server.host, '--host');
  if (flags.port !== undefined) server.port = parseConfigValue(flags.port, CLIENT_SCHEMA.server.port, '--port');
  // `--board ""` turns off a board the file names, as `url =` does in the file.
  if (flags.board !== undefined) board.url = parseConfigValue(flags.board, CLIENT_SCHEMA.board.url, '--board');
  if (flags.code !== undefined) board.code = parseConfigValue(flags.code, CLIENT_SCHEMA.board.code, '--code');
  return { ...config, server, board };
}
