import { configErrors } from './config.errors.js';

/** One meaningful line of an INI file (comments and blank lines are dropped). */
export type IniLine =
  | { readonly kind: 'section'; readonly line: number; readonly name: string }
  /** `value` is undefined for a key written with no `=` at all. */
  | { readonly kind: 'key'; readonly line: number; readonly key: string; readonly value: string | undefined };

/**
 * Splits INI text into sections and keys, with their line numbers, in the
 * syntax of the `ini` package that the docs promise (and the lab writes with
 * `ini.safe`): `;` and `#` start a comment at the start of a line or in an
 * unquoted value (`\;`, `\#`, `\\` escape them), a value in double quotes is a
 * JSON string, a value in single quotes is taken as it is, and leading and
 * trailing spaces are dropped. The `ini` package itself is not used because it
 * lets a repeated key or section silently win, hides keys named `__proto__`,
 * reads `[server]` after a BOM or before a comment as a key, and keeps the
 * quotes of `"a" ; comment`; here each line is kept with its number, so that
 * the loader can refuse repeats and name the line (docs/config.md lists the
 * differences). Pure: text in, lines out; it knows nothing of any schema.
 * Linear in the text's length: no regular expression here can backtrack.
 */
export function parseIniLines(text: string, file: string): IniLine[] {
  const lines: IniLine[] = [];
  let line = 0;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    line++;
    // trim() also drops a BOM (U+FEFF) left in the middle of a file by concatenation.
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) continue;
    if (trimmed.startsWith('[')) {
      const close = trimmed.indexOf(']');
      if (close < 0 || !isBlankOrComment(trimmed.slice(close + 1))) {
        throw configErrors.badSectionLine({ file, line }, trimmed);
      }
      lines.push({ kind: 'section', line, name: trimmed.slice(1, close).trim() });
      continue;
    }
    const equals = trimmed.indexOf('=');
    if (equals < 0) {
      lines.push({ kind: 'key', line, key: plainValue(trimmed), value: undefined });
      continue;
    }
    const key = trimmed.slice(0, equals).trim();
    lines.push({ kind: 'key', line, key, value: parseValue(trimmed.slice(equals + 1).trim(), file, line, key) });
  }
  return lines;
}

function parseValue(value: string, file: string, line: number, key: string): string {
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    const close = closingQuote(value, quote);
    if (close > 0 && isBlankOrComment(value.slice(close + 1))) {
      const quoted = value.slice(0, close + 1);
      if (quote === "'") return quoted.slice(1, -1);
      try {
        return JSON.parse(quoted) as string;
      } catch {
        throw configErrors.badQuotedValue({ file, line }, key, value);
      }
    }
    // `'it's'`: the whole value in single quotes, with one inside (ini takes the inside as it is).
    if (quote === "'" && value.length > 1 && value.endsWith("'")) return value.slice(1, -1);
    // A quote that does not enclose the value (`"Hi", she said`) is part of a plain value, as in ini.
  }
  return plainValue(value);
}

/** The index of the quote that closes the one at index 0 (a backslash escapes in double quotes), or -1. */
function closingQuote(value: string, quote: string): number {
  for (let i = 1; i < value.length; i++) {
    if (quote === '"' && value[i] === '\\') i++;
    else if (value[i] === quote) return i;
  }
  return -1;
}

/** An unquoted value: it ends at the first `;` or `#` not escaped by a backslash. */
function plainValue(value: string): string {
  // Most values have nothing to strip or unescape: skip the walk.
  if (!/[\\;#]/.test(value)) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === ';' || c === '#') break;
    if (c === '\\' && i + 1 < value.length) {
      const next = value[++i];
      // Only \; \# \\ are escapes; any other backslash is kept as written (C:\logs).
      out += next === ';' || next === '#' || next === '\\' ? next : c + next;
    } else {
      out += c;
    }
  }
  return out.trim();
}

function isBlankOrComment(rest: string): boolean {
  const t = rest.trimStart();
  return t === '' || t.startsWith(';') || t.startsWith('#');
}
