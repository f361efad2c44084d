import { configErrors, type Place } from './config.errors.js';
import { defaultOf, isHost, isWebUrl, type KeySpec, type ValueOf } from './config.schema.js';

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/**
 * Validates one raw string against one schema entry and returns the typed
 * value, or throws a `ConfigError` (`CONFIG_BAD_VALUE`) naming `name` and what
 * is allowed. The config loader uses it for every key (`name` = `work.delay_ms`,
 * with the file and line in `place`); the lab uses it for its flags
 * (`name` = `--delay-ms`), so both accept exactly the same values.
 * `undefined` is a key written with no `=` at all.
 */
export function parseConfigValue<K extends KeySpec>(raw: string | undefined, spec: K, name: string, place: Place = {}): ValueOf<K> {
  // A field the user may leave blank (`key =`, `--board ""`) keeps its default, as in the loader.
  if (raw !== undefined && raw.trim() === '' && 'blankIsDefault' in spec && spec.blankIsDefault) return defaultOf(spec);
  const value = raw === undefined ? undefined : checkValue(raw.trim(), spec);
  if (value === undefined) throw configErrors.badValue(place, name, raw, spec);
  // checkValue returns the type that spec.type names; TypeScript cannot follow a generic through the switch.
  return value as ValueOf<K>;
}

function checkValue(text: string, spec: KeySpec): string | number | boolean | undefined {
  switch (spec.type) {
    case 'int': {
      if (!/^[+-]?\d+$/.test(text)) return undefined;
      const n = Number(text);
      return Number.isSafeInteger(n) && n >= spec.min && n <= spec.max ? n : undefined;
    }
    case 'bool': {
      const word = text.toLowerCase();
      return TRUE.has(word) ? true : FALSE.has(word) ? false : undefined;
    }
    case 'enum':
      return spec.values.includes(text) ? text : undefined;
    case 'host':
      return isHost(text) ? text : undefined;
    case 'url':
      return Buffer.byteLength(text) <= spec.maxBytes && isWebUrl(text) ? text : undefined;
    case 'text':
      return text.length > 0 && Buffer.byteLength(text) <= spec.maxBytes && !/[\u0000-\u001f\u007f]/.test(text) ? text : undefined;
  }
}
