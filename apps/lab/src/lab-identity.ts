import { existsSync, readFileSync } from 'node:fs';
import ini from 'ini';
import { CLIENT_SCHEMA, SERVER_SYNC_SCHEMA, loadClientConfig } from '@app/common';
import { SERVER_KINDS, type ServerKey } from './lab-kinds.js';
import type { LabOptions } from './lab-options.js';

/** One piece of the student's identity and where it came from. */
export interface Sourced {
  text: string;
  /** `--message`, `config/client.ini`, or undefined for the built-in example. */
  source?: string;
  isExample: boolean;
}

/** Who the report is for: the client's message and each server's signature. */
export interface Identity {
  message: Sourced;
  signatures: Record<ServerKey, Sourced>;
}

const textDefault = (spec: { default: unknown }) => String(spec.default);
export const EXAMPLE_MESSAGE = textDefault(CLIENT_SCHEMA.client.message);
export const EXAMPLE_SIGNATURE = textDefault(SERVER_SYNC_SCHEMA.reply.signature);

/**
 * Only `reply.signature` is read from a server's INI, without the full schema:
 * the lab generates the config each server runs with, and that one the server
 * validates itself (a bad signature stops it with its own clear line).
 */
function readSignature(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = ini.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as { reply?: { signature?: unknown } };
  const value = parsed.reply?.signature;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The student's message from `--message`, else `config/client.ini`; each
 * server's signature from `--signature`, else its own `config/<app>.ini`, else
 * the first server INI the student changed (one signature usually serves all).
 * The built-in example is used only where the student set nothing.
 */
export function loadIdentity(options: Pick<LabOptions, 'message' | 'signature'>, configDir = 'config'): Identity {
  let message: Sourced;
  if (options.message !== undefined)
    message = { text: options.message, source: '--message', isExample: options.message === EXAMPLE_MESSAGE };
  else {
    const file = `${configDir}/client.ini`;
    const text = existsSync(file) ? loadClientConfig(file).client.message : EXAMPLE_MESSAGE;
    message = { text, source: existsSync(file) ? file : undefined, isExample: text === EXAMPLE_MESSAGE };
  }

  const own = new Map<ServerKey, Sourced>();
  for (const key of Object.keys(SERVER_KINDS) as ServerKey[]) {
    const file = `${configDir}/${SERVER_KINDS[key].app}.ini`;
    const text = readSignature(file);
    if (text !== undefined && text !== EXAMPLE_SIGNATURE) own.set(key, { text, source: file, isExample: false });
  }
  const shared =
    options.signature !== undefined
      ? { text: options.signature, source: '--signature', isExample: options.signature === EXAMPLE_SIGNATURE }
      : ([...own.values()][0] ?? { text: EXAMPLE_SIGNATURE, isExample: true });
  const signatures = Object.fromEntries(
    (Object.keys(SERVER_KINDS) as ServerKey[]).map((key) => [
      key,
      options.signature === undefined ? (own.get(key) ?? shared) : shared,
    ]),
  ) as Record<ServerKey, Sourced>;
  return { message, signatures };
}
