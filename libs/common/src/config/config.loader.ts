import { readFileSync } from 'node:fs';
import ini from 'ini';
import { ConfigError } from './config.error.js';
import { isHost, type KeySpec, type Schema } from './config.schema.js';

export type ConfigValue = string | number | boolean;
export type ConfigValues = Record<string, Record<string, ConfigValue>>;

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/**
 * Reads an INI file once and validates every key against the schema: unknown
 * sections and keys, wrong types and out-of-range values are all refused with
 * one line that names the file, the key and what is allowed. Missing keys take
 * their defaults.
 */
export function loadConfigFile(file: string, schema: Schema): ConfigValues {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(`${file}: config file not found (pass --config FILE)`);
    if (code === 'EISDIR') throw new ConfigError(`${file}: is a directory, not a config file`);
    throw new ConfigError(`${file}: cannot read config file (${code ?? String(error)})`);
  }
  return parseConfig(text, file, schema);
}

/** Validates INI text; `file` only names the source in messages. */
export function parseConfig(text: string, file: string, schema: Schema): ConfigValues {
  const raw = ini.parse(text) as Record<string, unknown>;
  const values: ConfigValues = {};
  for (const [section, keys] of Object.entries(schema)) {
    values[section] = {};
    for (const [key, spec] of Object.entries(keys)) {
      values[section][key] = typeof spec.default === 'function' ? spec.default() : spec.default;
    }
  }
  const sections = Object.keys(schema).join(', ');
  for (const [section, body] of Object.entries(raw)) {
    if (!isPlainObject(body)) {
      throw new ConfigError(`${file}: key "${section}" stands outside any section; put it under one of [${sections}]`);
    }
    const keys = schema[section];
    if (!keys) {
      throw new ConfigError(`${file}: unknown section [${section}]; allowed sections: ${sections}`);
    }
    for (const [key, value] of Object.entries(body)) {
      const spec = keys[key];
      if (!spec) {
        const hint = isPlainObject(value) ? ` (section names may not contain dots)` : '';
        throw new ConfigError(
          `${file}: unknown key ${section}.${key}${hint}; allowed in [${section}]: ${Object.keys(keys).join(', ')}`,
        );
      }
      values[section][key] = parseValue(value, spec, `${file}: ${section}.${key}`);
    }
  }
  return values;
}

function parseValue(value: unknown, spec: KeySpec, where: string): ConfigValue {
  if (Array.isArray(value) || isPlainObject(value)) {
    throw new ConfigError(`${where}: must be a single value, ${describe(spec)}`);
  }
  const shown = value === true ? '(no value)' : JSON.stringify(String(value));
  const text = typeof value === 'string' ? value.trim() : undefined;
  switch (spec.type) {
    case 'int': {
      if (text === undefined || !/^[+-]?\d+$/.test(text)) break;
      const n = Number(text);
      if (Number.isSafeInteger(n) && n >= spec.min && n <= spec.max) return n;
      break;
    }
    case 'bool': {
      if (typeof value === 'boolean') return value;
      if (text !== undefined && TRUE.has(text.toLowerCase())) return true;
      if (text !== undefined && FALSE.has(text.toLowerCase())) return false;
      break;
    }
    case 'enum':
      if (text !== undefined && spec.values.includes(text)) return text;
      break;
    case 'host':
      if (text !== undefined && isHost(text)) return text;
      break;
    case 'text':
      if (text !== undefined && text.length > 0 && Buffer.byteLength(text) <= spec.maxBytes && !/[\u0000-\u001f\u007f]/.test(text)) {
        return text;
      }
      break;
  }
  throw new ConfigError(`${where} = ${shown}: ${describe(spec)}`);
}

function describe(spec: KeySpec): string {
  switch (spec.type) {
    case 'int':
      return `must be a whole number from ${spec.min} to ${spec.max}`;
    case 'bool':
      return 'must be true or false';
    case 'enum':
      return `must be one of: ${spec.values.join(', ')}`;
    case 'host':
      return 'must be a host name or an IP address (e.g. 0.0.0.0, 127.0.0.1, lab-server.local)';
    case 'text':
      return `must be non-empty text on one line, at most ${spec.maxBytes} bytes`;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
