/**
 * The line format of SPEC §6:
 *   <time> <app>[<pid>] <EVENT> key=value key=value ...
 * A value made only of safe characters is written bare; anything else is a
 * JSON string, with C1 controls, bidi controls, line/paragraph separators and
 * invisible format characters escaped too (JSON.stringify leaves those raw), so
 * one event is always exactly one line and a message can never forge another
 * line or reorder what a terminal shows.
 */
export type FieldValue = string | number | boolean | undefined;
export type Fields = Record<string, FieldValue>;

const BARE = /^[A-Za-z0-9._:/@+\-,[\]]+$/;
/** Code units the log escapes although JSON.stringify leaves them raw: C1, soft hyphen, bidi and format characters, separators. */
const EXTRA_ESCAPES = String.raw`\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb`;
const UNSAFE_FOR_JSON = new RegExp(`[${EXTRA_ESCAPES}]`, 'g');
const HAS_UNSAFE_FOR_JSON = new RegExp(`[${EXTRA_ESCAPES}]`);
/**
 * Every code unit that JSON.stringify escapes (quote, backslash, C0 controls;
 * a surrogate too, when it is alone) and the extra ones. Without any of them a
 * string is its own JSON body, and one scan replaces stringify's copy and the
 * second scan.
 */
const NEEDS_ESCAPE = new RegExp(String.raw`["\\\u0000-\u001f\ud800-\udfff` + EXTRA_ESCAPES + ']');

export function formatValue(value: string | number | boolean): string {
  const text = typeof value === 'string' ? value : String(value);
  if (BARE.test(text)) return text;
  // The usual message: letters, spaces, punctuation.
  if (!NEEDS_ESCAPE.test(text)) return '"' + text + '"';
  const json = JSON.stringify(text);
  // Testing first is cheaper than a replace that finds nothing.
  return HAS_UNSAFE_FOR_JSON.test(json) ? json.replace(UNSAFE_FOR_JSON, escapeCodeUnit) : json;
}

function escapeCodeUnit(ch: string): string {
  return '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
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
      '-' + pad2(d.getMonth() + 1) +
      '-' + pad2(d.getDate()) +
      'T' + pad2(d.getHours()) +
      ':' + pad2(d.getMinutes()) +
      ':' + pad2(d.getSeconds()) +
      '.';
    cachedSecond = second;
  }
  return cachedPrefix + pad3(ms - second * 1000) + cachedOffset;
}

export function formatEvent(time: string, app: string, pid: number, event: string, fields: Fields): string {
  return time + ' ' + app + '[' + pid + '] ' + event + formatFields(fields) + '\n';
}

/** A parsed log line; the inverse of `formatEvent`, used by tests and the lab report. */
export interface LogRecord {
  time: string;
  app: string;
  pid: number;
  event: string;
  fields: Record<string, string>;
}

const LINE = /^(\S+) ([a-z-]+)\[(\d+)\] ([A-Z_]+)((?: [a-z_]+=(?:"(?:[^"\\]|\\.)*"|[^ "]+))*)$/;
const FIELD = / ([a-z_]+)=("(?:[^"\\]|\\.)*"|[^ "]+)/g;

export function parseLogLine(line: string): LogRecord | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const fields: Record<string, string> = {};
  for (const f of m[5].matchAll(FIELD)) {
    fields[f[1]] = f[2].startsWith('"') ? (JSON.parse(f[2]) as string) : f[2];
  }
  return { time: m[1], app: m[2], pid: Number(m[3]), event: m[4], fields };
}
