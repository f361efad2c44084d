import type { Catalogue } from '../i18n/catalogue.ru.js';
import type { Lang } from '../i18n/lang.js';
import { messages } from '../i18n/messages.js';
import { ConfigError, type ConfigErrorCode } from './config.error.js';
import type { KeySpec } from './config.schema.js';

/**
 * Every config error is built here, one function per kind, so that each kind
 * has one code and one wording, taken from the message catalogue (the
 * `config` section) in each language. A message is one line: it names the
 * file, the line, the key and what is allowed, and never echoes more than a
 * short, escaped excerpt of what the user wrote (a value may be a megabyte
 * long, or hold control characters that would break the terminal line).
 */

/** Where in a file: `config/x.ini: line 7: ` (or only the file, or nothing for a command-line flag). */
export interface Place {
  file?: string;
  line?: number;
}

/** How many characters of a user's text a message shows before cutting it. */
const SHOWN_CHARS = 60;

// Characters that would be invisible, or would break or reorder the terminal
// line, if echoed as they are: C0/C1 controls, soft hyphen, zero-width and
// bidi controls, line/paragraph separators, the BOM.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** A user's text as a quoted, escaped excerpt of at most `SHOWN_CHARS` characters. */
export function shown(text: string, lang: Lang = 'en'): string {
  let cut = text.slice(0, SHOWN_CHARS);
  // Never cut between the two halves of a surrogate pair (an emoji, say).
  if (cut.length < text.length && /[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const escaped = cut
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return cut.length === text.length ? `"${escaped}"` : messages(lang).config.cut(escaped, text.length);
}

/** A name the user wrote (section or key), shown bare when it is plain, escaped and cut otherwise. */
function name(text: string, lang: Lang = 'en'): string {
  return /^[A-Za-z0-9_.-]{1,60}$/.test(text) ? text : shown(text, lang);
}

type Say = (t: Catalogue['config'], lang: Lang) => string;

/** The error, its English message, and its text in any language from the same facts. */
function error(place: Place, code: ConfigErrorCode, say: Say, params: Record<string, string | number>): ConfigError {
  const where: Record<string, string | number> = {};
  if (place.file !== undefined) where.file = place.file;
  if (place.line !== undefined) where.line = place.line;
  const text = (lang: Lang) => {
    const t = messages(lang).config;
    return (place.file === undefined ? '' : t.at(place.file, place.line)) + say(t, lang);
  };
  return new ConfigError(text('en'), code, { ...where, ...params }, text);
}

/** What a key allows, in `lang` (English by default, the words every English message uses). */
function allowedValues(spec: KeySpec, lang: Lang = 'en'): string {
  const t = messages(lang).config;
  switch (spec.type) {
    case 'int':
      return t.allowedInt(spec.min, spec.max);
    case 'bool':
      return t.allowedBool;
    case 'enum':
      return t.allowedEnum(spec.values);
    case 'host':
      return t.allowedHost;
    case 'text':
      return t.allowedText(spec.maxBytes);
    case 'url':
      return t.allowedUrl;
  }
}

/** Node's parseArgs error, in words of the catalogue when its code is known (the option it names is kept). */
export function argProblem(t: Catalogue['config'], problem: NodeJS.ErrnoException): string {
  const quoted = /'([^']*)'/.exec(problem.message)?.[1];
  const raw = problem.message.split('\n')[0];
  if (quoted === undefined) return raw;
  switch (problem.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return t.unknownOption(quoted);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      // Node writes '-c, --config <value>' for an option with a short form: the long one is named.
      return t.missingValue(/--[^\s<]+/.exec(quoted)?.[0] ?? quoted.split(' ')[0]);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return t.positional(quoted);
    default:
      return raw;
  }
}

export const configErrors = {
  /**
   * A command-line problem: `problem` is Node's parseArgs error (its known
   * codes are said in the catalogue's words; its English text otherwise),
   * `usage` the app's usage line in each language.
   */
  usage: (problem: NodeJS.ErrnoException | string, usage: (lang: Lang) => string) => {
    const text = (t: Catalogue['config']) => (typeof problem === 'string' ? problem : argProblem(t, problem));
    return error({}, 'CONFIG_USAGE', (t, lang) => t.usage(text(t), usage(lang)), {
      problem: typeof problem === 'string' ? problem : problem.message.split('\n')[0],
      usage: usage('en'),
    });
  },

  fileNotFound: (file: string) => error({ file }, 'CONFIG_FILE_NOT_FOUND', (t) => t.fileNotFound, {}),

  fileIsDirectory: (file: string) => error({ file }, 'CONFIG_FILE_IS_DIRECTORY', (t) => t.fileIsDirectory, {}),

  fileNotRegular: (file: string) => error({ file }, 'CONFIG_FILE_NOT_REGULAR', (t) => t.fileNotRegular, {}),

  /** `code` is the system's error code; `denied` when it means no permission. */
  fileUnreadable: (file: string, code: string, denied = false) =>
    error({ file }, 'CONFIG_FILE_UNREADABLE', (t) => t.fileUnreadable(denied ? t.permissionDenied(code) : code), {
      reason: denied ? messages('en').config.permissionDenied(code) : code,
    }),

  fileTooLarge: (file: string, maxBytes: number) => error({ file }, 'CONFIG_FILE_TOO_LARGE', (t) => t.fileTooLarge(maxBytes), { maxBytes }),

  utf16: (file: string) => error({ file }, 'CONFIG_UTF16', (t) => t.utf16(), {}),

  notUtf8: (place: Required<Place>, column: number, byte: number) =>
    error(place, 'CONFIG_NOT_UTF8', (t) => t.notUtf8(byte.toString(16).toUpperCase().padStart(2, '0'), column), { column, byte }),

  notText: (place: Required<Place>) => error(place, 'CONFIG_NOT_TEXT', (t) => t.notText(), {}),

  badSectionLine: (place: Required<Place>, text: string) =>
    error(place, 'CONFIG_BAD_SECTION_LINE', (t, lang) => t.badSectionLine(shown(text, lang)), { text: shown(text) }),

  badQuotedValue: (place: Required<Place>, key: string, text: string) =>
    error(place, 'CONFIG_BAD_QUOTED_VALUE', (t, lang) => t.badQuotedValue(name(key, lang), shown(text, lang)), {
      key: name(key),
      text: shown(text),
    }),

  keyOutsideSection: (place: Required<Place>, key: string, sections: readonly string[]) =>
    error(
      place,
      'CONFIG_KEY_OUTSIDE_SECTION',
      (t, lang) => t.keyOutsideSection(name(key, lang), sections.map((s) => `[${s}]`).join(', ')),
      { key: name(key), sections: sections.join(', ') },
    ),

  unknownSection: (place: Required<Place>, section: string, sections: readonly string[]) =>
    error(place, 'CONFIG_UNKNOWN_SECTION', (t, lang) => t.unknownSection(name(section, lang), sections.join(', ')), {
      section: name(section),
      sections: sections.join(', '),
    }),

  unknownKey: (place: Required<Place>, section: string, key: string, keys: readonly string[]) => {
    const near = keys.find((k) => k.toLowerCase() === key.trim().toLowerCase());
    return error(place, 'CONFIG_UNKNOWN_KEY', (t, lang) => t.unknownKey(section, name(key, lang), near, keys.join(', ')), {
      section,
      key: name(key),
      keys: keys.join(', '),
    });
  },

  duplicateSection: (place: Required<Place>, section: string, firstLine: number) =>
    error(place, 'CONFIG_DUPLICATE_SECTION', (t) => t.duplicateSection(section, firstLine), { section, firstLine }),

  duplicateKey: (place: Required<Place>, section: string, key: string, firstLine: number) =>
    error(place, 'CONFIG_DUPLICATE_KEY', (t) => t.duplicateKey(section, key, firstLine), { section, key, firstLine }),

  listKey: (place: Required<Place>, section: string, key: string) =>
    error(place, 'CONFIG_LIST_KEY', (t) => t.listKey(section, key), { section, key }),

  /** `key` is `section.key` in a file, or a command-line flag such as `--delay-ms`; `spec` says what is allowed. */
  badValue: (place: Place, key: string, value: string | undefined, spec: KeySpec) => {
    const text = (lang: Lang) => (value === undefined ? messages(lang).config.noValue : shown(value, lang));
    return error(place, 'CONFIG_BAD_VALUE', (t, lang) => t.badValue(key, text(lang), allowedValues(spec, lang)), {
      key,
      value: text('en'),
      allowed: allowedValues(spec),
    });
  },

  /** `--lang X` or `MIRROR_LAB_LANG=X` names no language (`what` quotes it). */
  badLang: (what: string, langs: readonly string[]) => error({}, 'CONFIG_USAGE', (t) => t.badLang(what, langs), { what }),
};
