/**
 * The line format of docs/spec.md#6-logs, in one place: what production writes and what
 * the tests and the lab report parse.
 *   <time> <app>[<pid>] <EVENT> key=value key=value ...
 * A value made only of safe characters is written bare; anything else is a
 * JSON string, with every invisible or unassigned character escaped too
 * (JSON.stringify leaves those raw), so one event is always exactly one line
 * and a message can never forge another line or reorder what a terminal shows.
 */
import { createHash } from 'node:crypto';

export type FieldValue = string | number | boolean | undefined;
export type Fields = Record<string, FieldValue>;

const BARE = /^[A-Za-z0-9._:/@+\-,[\]]+$/;
/**
 * What the log escapes beyond JSON: by Unicode category, not by a hand list,
 * so a format character added in a new Unicode version is escaped too —
 * controls (Cc), format characters (Cf: bidi controls, zero-width ones, tag
 * characters, the Arabic number signs), private use (Co), unassigned code
 * points (Cn) and the line and paragraph separators (Zl, Zp).
 */
export const ESCAPED_CATEGORIES = /\p{Cc}|\p{Cf}|\p{Co}|\p{Cn}|\p{Zl}|\p{Zp}/u;
const ESCAPED_IN_JSON = new RegExp(ESCAPED_CATEGORIES.source, 'gu');
/**
 * The quick path: a string made only of these is its own JSON body. The ranges
 * (printable ASCII without quote and backslash, Latin-1, Latin Extended, IPA,
 * Greek, Cyrillic) hold no character of an escaped category, no quote, no
 * backslash and no surrogate — log-line.spec checks that for every code point.
 * Testing them costs a tenth of a scan by Unicode property (75 vs 1200 ns for a
 * 30-character message), and they are almost every message a student sends.
 */
export const QUICK_SAFE = /^[ !#-[\]-~\u00a0-\u00ac\u00ae-\u0377\u037a-\u037f\u0384-\u038a\u038c\u038e-\u03a1\u03a3-\u052f]*$/;

export function formatValue(value: string | number | boolean): string {
  const text = typeof value === 'string' ? value : String(value);
  if (BARE.test(text)) return text;
  if (QUICK_SAFE.test(text)) return '"' + text + '"';
  // JSON.stringify escapes quote, backslash, C0 controls and lone surrogates;
  // the categories above are escaped after it, as \uXXXX (a pair for a code
  // point past U+FFFF), which JSON.parse reads back.
  return JSON.stringify(text).replace(ESCAPED_IN_JSON, escapeCodePoint);
}

function escapeCodePoint(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i += 1) out += '\\u' + ch.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
}

/**
 * The most a message's text (`msg=`) takes in a line, in bytes of the value as
 * written (escapes counted): a hostile line must not cost the log more than a
 * bounded amount. A 64 KiB line of U+0001 was 787 KB of log (every byte an
 * escape of 6 characters, twice: received and sent); with this cap it is about
 * 2.5 KB. A student's message (a name and a group) is some 60 bytes.
 */
export const MSG_LOG_BYTES = 1024;
/**
 * A text of at most this many UTF-16 units always fits MSG_LOG_BYTES: a unit
 * takes at most 6 bytes as written (`\uXXXX`, or 3 bytes of UTF-8 raw), plus the quotes.
 */
const SURELY_FITS = Math.floor((MSG_LOG_BYTES - 2) / 6);

/**
 * ` msg=<text>`, or for a text that would take more than MSG_LOG_BYTES, its
 * longest start that fits (never a half of a surrogate pair), followed by
 * `msg_bytes=` (the whole text's length in UTF-8 bytes) and `msg_sha=`
 * (the first 16 hex digits of the SHA-256 of the whole text's UTF-8): a reader
 * sees the text was cut, how long it was, and can tell equal texts apart.
 */
export function formatMessageField(text: string): string {
  if (text.length <= SURELY_FITS) return ' msg=' + formatValue(text);
  // Every UTF-16 unit is at least one byte as written, so a longer text never
  // fits whole: it is not formatted whole either (for a 64 KiB line that was
  // most of the server's work on it, measured in docs/logs.md).
  if (text.length <= MSG_LOG_BYTES) {
    const whole = formatValue(text);
    if (whole.length <= MSG_LOG_BYTES && Buffer.byteLength(whole) <= MSG_LOG_BYTES) return ' msg=' + whole;
  }
  // The longest start whose written form fits; a longer start never writes shorter.
  let lo = 0;
  let hi = Math.min(text.length, MSG_LOG_BYTES);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (Buffer.byteLength(formatValue(cutAt(text, mid))) <= MSG_LOG_BYTES) lo = mid;
    else hi = mid - 1;
  }
  const bytes = Buffer.from(text, 'utf8');
  const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  return ' msg=' + formatValue(cutAt(text, lo)) + ' msg_bytes=' + bytes.length + ' msg_sha=' + sha;
}

/** The first `n` UTF-16 units of `text`, one fewer if the `n`th is the first half of a surrogate pair. */
function cutAt(text: string, n: number): string {
  const last = text.charCodeAt(n - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? n - 1 : n);
}

export function formatFields(fields: Fields): string {
  let out = '';
  for (const key in fields) {
    const value = fields[key];
    if (value === undefined) continue;
    out += ' ' + key + '=' + formatValue(value);
  }
  return out;
}

/** ` <app>[<pid>] `: what every line of a process has between its time and its event. */
export function lineHead(app: string, pid: number): string {
  return ' ' + app + '[' + pid + '] ';
}

/** One whole line, LF included; `body` is formatted fields (` key=value...`). */
export function formatLine(ms: number, head: string, event: string, body: string): string {
  return localTimestamp(ms) + head + event + body + '\n';
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;
const pad3 = (n: number): string => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

let cachedSecond = -1;
let cachedPrefix = '';
let cachedOffset = '';

/** Local time, ISO 8601 with milliseconds and UTC offset: 2026-11-24T14:03:07.123+03:00. */
export function localTimestamp(ms: number = Date.now()): string {
  const second = Math.floor(ms / 1000);
  // The date part and the offset change at most once a second: build them once.
  if (second !== cachedSecond) {
    const d = new Date(ms);
    const off = -d.getTimezoneOffset();
    const sign = off >= 0 ? '+' : '-';
    const abs = Math.abs(off);
    cachedOffset = sign + pad2(Math.floor(abs / 60)) + ':' + pad2(abs % 60);
    cachedPrefix =
      d.getFullYear() +
      '-' +
      pad2(d.getMonth() + 1) +
      '-' +
      pad2(d.getDate()) +
      'T' +
      pad2(d.getHours()) +
      ':' +
      pad2(d.getMinutes()) +
      ':' +
      pad2(d.getSeconds()) +
      '.';
    cachedSecond = second;
  }
  return cachedPrefix + pad3(ms - second * 1000) + cachedOffset;
}

/** A parsed log line; the inverse of `formatLine`, used by tests and the lab report. */
export interface LogRecord {
  time: string;
  app: string;
  pid: number;
  event: string;
  fields: Record<string, string>;
}

const LINE = /^(\S+) ([a-z][a-z0-9-]*)\[(\d+)\] ([A-Z_]+)((?: [a-z_]+=(?:"(?:[^"\\]|\\.)*"|[^ "]+))*)$/;
const FIELD = / ([a-z_]+)=("(?:[^"\\]|\\.)*"|[^ "]+)/g;

/**
 * The record of one line, or null for a line that is not one: among them the
 * fragment of a line torn by a full disk, which the log ends with TORN_MARK.
 */
export function parseLogLine(line: string): LogRecord | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const fields: Record<string, string> = {};
  for (const f of m[5].matchAll(FIELD)) {
    fields[f[1]] = f[2].startsWith('"') ? (JSON.parse(f[2]) as string) : f[2];
  }
  return { time: m[1], app: m[2], pid: Number(m[3]), event: m[4], fields };
}
