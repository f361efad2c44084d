import { ConfigError, type ConfigErrorCode } from './config.error.js';

/**
 * Every config error is built here, one function per kind, so that each kind
 * has one code and one wording (a message catalogue can later map the code and
 * params to another language). A message is one line: it names the file, the
 * line, the key and what is allowed, and never echoes more than a short,
 * escaped excerpt of what the user wrote (a value may be a megabyte long, or
 * hold control characters that would break the terminal line).
 */

/** Where in a file: `config/x.ini: line 7: ` (or only the file, or nothing for a command-line flag). */
export interface Place {
  file?: string;
  line?: number;
}

/** How many characters of a user's text a message shows before cutting it. */
export const SHOWN_CHARS = 60;

// Characters that would be invisible, or would break or reorder the terminal
// line, if echoed as they are: C0/C1 controls, soft hyphen, zero-width and
// bidi controls, line/paragraph separators, the BOM.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** A user's text as a quoted, escaped excerpt of at most `SHOWN_CHARS` characters. */
export function shown(text: string): string {
  let cut = text.slice(0, SHOWN_CHARS);
  // Never cut between the two halves of a surrogate pair (an emoji, say).
  if (cut.length < text.length && /[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const escaped = cut
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return cut.length === text.length ? `"${escaped}"` : `"${escaped}…" (${text.length} characters)`;
}

/** A name the user wrote (section or key), shown bare when it is plain, escaped and cut otherwise. */
function name(text: string): string {
  return /^[A-Za-z0-9_.-]{1,60}$/.test(text) ? text : shown(text);
}

function at(place: Place): string {
  if (place.file === undefined) return '';
  return place.line === undefined ? `${place.file}: ` : `${place.file}: line ${place.line}: `;
}

function error(place: Place, code: ConfigErrorCode, message: string, params: Record<string, string | number>): ConfigError {
  const where: Record<string, string | number> = {};
  if (place.file !== undefined) where.file = place.file;
  if (place.line !== undefined) where.line = place.line;
  return new ConfigError(`${at(place)}${message}`, code, { ...where, ...params });
}

const SAVE_AS_UTF8 = 'save it as UTF-8 (Notepad: File → Save as → Encoding: UTF-8)';

export const configErrors = {
  usage: (problem: string, usage: string) => error({}, 'CONFIG_USAGE', `${problem} (usage: ${usage})`, { problem, usage }),

  fileNotFound: (file: string) => error({ file }, 'CONFIG_FILE_NOT_FOUND', 'config file not found (pass --config FILE)', {}),

  fileIsDirectory: (file: string) => error({ file }, 'CONFIG_FILE_IS_DIRECTORY', 'is a directory, not a config file', {}),

  fileUnreadable: (file: string, reason: string) =>
    error({ file }, 'CONFIG_FILE_UNREADABLE', `cannot read config file (${reason})`, { reason }),

  fileTooLarge: (file: string, maxBytes: number) =>
    error(
      { file },
      'CONFIG_FILE_TOO_LARGE',
      `is larger than ${maxBytes} bytes, too large for a config file (the shipped ones are about 2 KB); is it the right file?`,
      { maxBytes },
    ),

  utf16: (file: string) =>
    error({ file }, 'CONFIG_UTF16', `is saved as UTF-16 ("Unicode"), not UTF-8; ${SAVE_AS_UTF8}`, {}),

  notUtf8: (place: Required<Place>, column: number, byte: number) =>
    error(
      place,
      'CONFIG_NOT_UTF8',
      `not valid UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at column ${column}; ` +
        `is the file in Windows-1251 or another code page?); ${SAVE_AS_UTF8}`,
      { column, byte },
    ),

  notText: (place: Required<Place>) =>
    error(place, 'CONFIG_NOT_TEXT', `holds a NUL byte: this is not a text file; ${SAVE_AS_UTF8}`, {}),

  badSectionLine: (place: Required<Place>, text: string) =>
    error(
      place,
      'CONFIG_BAD_SECTION_LINE',
      `${shown(text)} is not a section line; write the section name alone in brackets, e.g. [server]`,
      { text: shown(text) },
    ),

  badQuotedValue: (place: Required<Place>, key: string, text: string) =>
    error(
      place,
      'CONFIG_BAD_QUOTED_VALUE',
      `${name(key)} = ${shown(text)}: a value in double quotes is read as a JSON string; ` +
        `write \\\\ for a backslash and \\" for a quote, or use single quotes or no quotes`,
      { key: name(key), text: shown(text) },
    ),

  keyOutsideSection: (place: Required<Place>, key: string, sections: readonly string[]) =>
    error(
      place,
      'CONFIG_KEY_OUTSIDE_SECTION',
      `key ${name(key)} stands outside any section; put it under one of ${sections.map((s) => `[${s}]`).join(', ')}`,
      { key: name(key), sections: sections.join(', ') },
    ),

  unknownSection: (place: Required<Place>, section: string, sections: readonly string[]) =>
    error(
      place,
      'CONFIG_UNKNOWN_SECTION',
      `unknown section [${name(section)}]; allowed sections: ${sections.join(', ')}`,
      { section: name(section), sections: sections.join(', ') },
    ),

  unknownKey: (place: Required<Place>, section: string, key: string, keys: readonly string[]) => {
    const near = keys.find((k) => k.toLowerCase() === key.trim().toLowerCase());
    const hint = near ? ` (did you mean ${near}? keys are lower-case)` : '';
    return error(
      place,
      'CONFIG_UNKNOWN_KEY',
      `unknown key ${section}.${name(key)}${hint}; allowed in [${section}]: ${keys.join(', ')}`,
      { section, key: name(key), keys: keys.join(', ') },
    );
  },

  duplicateSection: (place: Required<Place>, section: string, firstLine: number) =>
    error(
      place,
      'CONFIG_DUPLICATE_SECTION',
      `section [${section}] given twice (first on line ${firstLine}); put all its keys under one [${section}]`,
      { section, firstLine },
    ),

  duplicateKey: (place: Required<Place>, section: string, key: string, firstLine: number) =>
    error(
      place,
      'CONFIG_DUPLICATE_KEY',
      `key ${section}.${key} given twice (first on line ${firstLine}); keep one of them`,
      { section, key, firstLine },
    ),

  listKey: (place: Required<Place>, section: string, key: string) =>
    error(
      place,
      'CONFIG_LIST_KEY',
      `${section}.${key}[]: lists are not supported; each key is a single value, give ${section}.${key} once`,
      { section, key },
    ),

  /** `key` is `section.key` in a file, or a command-line flag such as `--delay-ms`. */
  badValue: (place: Place, key: string, value: string | undefined, allowed: string) => {
    const text = value === undefined ? '(no value)' : shown(value);
    return error(place, 'CONFIG_BAD_VALUE', `${key} = ${text}: ${allowed}`, { key, value: text, allowed });
  },
};
