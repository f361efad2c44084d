import { configErrors } from './config.errors.js';
import { readConfigText } from './config.reader.js';
import { defaultOf, type ConfigOf, type DefaultsOf, type KeySpec, type Schema } from './config.schema.js';
import { parseConfigValue } from './config.value.js';
import { parseIniLines } from './ini.parser.js';

/**
 * Reads an INI file once and validates every key against the schema: unknown
 * sections and keys, a section or key given twice, wrong types and
 * out-of-range values are all refused with one line that names the file, the
 * line, the key and what is allowed. Missing keys take their defaults:
 * `defaults` where it names the key (a default built from config/student.ini),
 * else the schema's.
 */
export function loadConfigFile<S extends Schema>(file: string, schema: S, defaults: DefaultsOf<S> = {}): ConfigOf<S> {
  return parseConfig(readConfigText(file), file, schema, defaults);
}

/** Validates INI text; `file` only names the source in messages. */
export function parseConfig<S extends Schema>(text: string, file: string, schema: S, defaults: DefaultsOf<S> = {}): ConfigOf<S> {
  const sectionNames = Object.keys(schema);
  const values: Record<string, Record<string, unknown>> = {};
  for (const section of sectionNames) {
    values[section] = {};
    const given: Readonly<Record<string, unknown>> = defaults[section] ?? {};
    for (const [key, spec] of Object.entries(schema[section]))
      values[section][key] = Object.hasOwn(given, key) && given[key] !== undefined ? given[key] : defaultOf(spec);
  }

  // Names from the file are looked up with Object.hasOwn only: `constructor`,
  // `__proto__` and `hasOwnProperty` are unknown names like any other.
  const sectionLines = new Map<string, number>();
  let current: { name: string; specs: Readonly<Record<string, KeySpec>>; keyLines: Map<string, number> } | undefined;
  for (const entry of parseIniLines(text, file)) {
    const place = { file, line: entry.line };
    if (entry.kind === 'section') {
      if (!Object.hasOwn(schema, entry.name)) throw configErrors.unknownSection(place, entry.name, sectionNames);
      const firstLine = sectionLines.get(entry.name);
      if (firstLine !== undefined) throw configErrors.duplicateSection(place, entry.name, firstLine);
      sectionLines.set(entry.name, entry.line);
      current = { name: entry.name, specs: schema[entry.name], keyLines: new Map() };
      continue;
    }
    if (!current) throw configErrors.keyOutsideSection(place, entry.key, sectionNames);
    const { name: section, specs, keyLines } = current;
    const key = entry.key;
    if (!Object.hasOwn(specs, key)) {
      // `key[] = …` is the ini package's list syntax; say so rather than "unknown key".
      if (key.endsWith('[]') && Object.hasOwn(specs, key.slice(0, -2))) throw configErrors.listKey(place, section, key.slice(0, -2));
      throw configErrors.unknownKey(place, section, key, Object.keys(specs));
    }
    const firstLine = keyLines.get(key);
    if (firstLine !== undefined) throw configErrors.duplicateKey(place, section, key, firstLine);
    keyLines.set(key, entry.line);
    if ('blankIsDefault' in specs[key] && specs[key].blankIsDefault && entry.value !== undefined && entry.value.trim() === '') continue;
    values[section][key] = parseConfigValue(entry.value, specs[key], `${section}.${key}`, place);
  }
  // Every section and key of the schema was filled above, each with a value
  // its KeySpec validated: this is the shape ConfigOf<S> describes.
  return values as ConfigOf<S>;
}
