import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { EventLog } from './event-log.js';
import { LogFile } from './log-file.js';
import { createHash } from 'node:crypto';
import {
  ESCAPED_CATEGORIES,
  formatMessageField,
  formatValue,
  localTimestamp,
  MSG_LOG_BYTES,
  parseLogLine,
  QUICK_SAFE,
} from './log-line.js';
import { LogEvent } from './log.constants.js';
import { tempDir } from '../testing/index.js';

/** formatValue without its quick paths: JSON, then every code point of an escaped category as \uXXXX. */
function slowFormat(text: string): string {
  if (/^[A-Za-z0-9._:/@+\-,[\]]+$/.test(text)) return text;
  let out = '';
  for (const ch of JSON.stringify(text)) {
    out += ESCAPED_CATEGORIES.test(ch)
      ? [...Array(ch.length).keys()].map((i) => '\\u' + ch.charCodeAt(i).toString(16).padStart(4, '0')).join('')
      : ch;
  }
  return out;
}

/** What production writes: lines of a real EventLog, read back from its file. */
function writeEvents(write: (log: EventLog) => void): string[] {
  const path = join(tempDir('mirror-lab-unit-'), 'l.log');
  const log = new EventLog(LogFile.open(path), { app: 'server-sync', pid: 7 });
  write(log);
  log.close();
  return readFileSync(path, 'utf8').split('\n');
}

describe('log line format', () => {
  it('should write safe values bare and others as JSON strings', () => {
    expect(formatValue('127.0.0.1:51514')).toBe('127.0.0.1:51514');
    expect(formatValue(42)).toBe('42');
    expect(formatValue('Титов Юрий Павлович')).toBe('"Титов Юрий Павлович"');
    expect(formatValue('')).toBe('""');
    expect(formatValue('a=b')).toBe('"a=b"');
  });

  it('should escape CR, LF, controls, C1, bidi and line separators', () => {
    const nasty = 'a\r\nb\u0000\u001b[31m\u0085\u202e\u2066\u2028\ufeffz';
    const out = formatValue(nasty);
    expect(out).toBe('"a\\r\\nb\\u0000\\u001b[31m\\u0085\\u202e\\u2066\\u2028\\ufeffz"');
    expect(JSON.parse(out)).toBe(nasty);
  });

  it('should escape the format characters a hand list missed: tags, Arabic number signs, Egyptian and Musical format controls', () => {
    for (const cp of [
      0xe0001, 0xe0041, 0xe007f, 0x0600, 0x0605, 0x06dd, 0x070f, 0x08e2, 0x110bd, 0x1d173, 0x1d17a, 0x13430, 0x1343f, 0x1bca0,
      0x1bca3,
    ]) {
      const ch = String.fromCodePoint(cp);
      const out = formatValue(`x${ch}y`);
      expect(out).not.toContain(ch);
      expect(out).toMatch(/^"x(\\u[0-9a-f]{4}){1,2}y"$/);
      expect(JSON.parse(out)).toBe(`x${ch}y`);
    }
  });

  it('should escape exactly the code points of the escaped categories, quote, backslash, C0 and lone surrogates (every code point)', () => {
    const mismatches: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp += 1) {
      const ch = String.fromCodePoint(cp);
      const loneSurrogate = cp >= 0xd800 && cp <= 0xdfff;
      const mustEscape = ESCAPED_CATEGORIES.test(ch) || loneSurrogate || cp < 0x20 || ch === '"' || ch === '\\';
      // In the middle of a message, so the bare path never applies; the
      // round trip of every kind is the property test's below.
      const out = formatValue(`a ${ch} b`);
      const escaped = out.slice(3, -3);
      const raw = escaped === ch;
      if (raw === mustEscape || (!raw && !/^(\\u[0-9a-f]{4}){1,2}$|^\\.$/.test(escaped))) mismatches.push(cp.toString(16));
      // The quick path may only ever take a character that needs no escape.
      if (QUICK_SAFE.test(ch) && mustEscape) mismatches.push(`quick:${cp.toString(16)}`);
      if (mismatches.length > 20) break;
    }
    expect(mismatches).toEqual([]);
  });

  it('should format any string exactly as JSON plus the category escapes would (property)', () => {
    // Code units from every range that matters: ASCII, C0/C1, Cyrillic, the
    // format and bidi characters, surrogates (paired and alone), private use, specials.
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0x7f }),
      fc.integer({ min: 0x80, max: 0x6ff }),
      fc.integer({ min: 0x2000, max: 0x206f }),
      fc.integer({ min: 0xd800, max: 0xdfff }),
      fc.integer({ min: 0xe000, max: 0xe0ff }),
      fc.integer({ min: 0xfeff, max: 0xffff }),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const text = String.fromCharCode(...units);
        const out = formatValue(text);
        expect(out).toBe(slowFormat(text));
        if (out.startsWith('"')) expect(JSON.parse(out)).toBe(text);
      }),
      { numRuns: 5000 },
    );
  });

  it('should make one line of any event the server writes, so a message cannot forge another', () => {
    const forged = 'hi\n2026-11-24T14:03:07.123+03:00 server-sync[1] SERVER_STOP\u2028x\u0085y';
    const lines = writeEvents((log) => log.message(LogEvent.MESSAGE_RECEIVED, EventLog.fields({ peer: '1.2.3.4:5' }), forged));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    const record = parseLogLine(lines[0]);
    expect(record).toMatchObject({
      app: 'server-sync',
      pid: 7,
      event: 'MESSAGE_RECEIVED',
      fields: { peer: '1.2.3.4:5', msg: forged },
    });
  });

  it('should format local time as ISO 8601 with milliseconds and offset', () => {
    const ts = localTimestamp(Date.UTC(2026, 10, 24, 11, 3, 7, 5));
    expect(ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.005[+-]\d{2}:\d{2}$/);
    expect(new Date(ts).getTime()).toBe(Date.UTC(2026, 10, 24, 11, 3, 7, 5));
  });

  it('should parse what it writes', () => {
    const lines = writeEvents((log) =>
      log.event(LogEvent.CLIENT_DISCONNECTED, { peer: '[::1]:9', reason: 'client-closed', skipped: undefined }),
    );
    expect(parseLogLine(lines[0])).toMatchObject({
      app: 'server-sync',
      pid: 7,
      event: 'CLIENT_DISCONNECTED',
      fields: { peer: '[::1]:9', reason: 'client-closed' },
    });
    expect(new Date(parseLogLine(lines[0])!.time).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('should parse the line of an app whose name has a digit (a later lab: server-lab3)', () => {
    const record = parseLogLine('2026-11-24T14:03:07.123+03:00 server-lab3[42] SERVER_START port=1');
    expect(record).toMatchObject({ app: 'server-lab3', pid: 42, event: 'SERVER_START', fields: { port: '1' } });
  });
});

describe(formatMessageField.name, () => {
  /** The fields of ` msg=...` parsed back, through a whole line as the report reads it. */
  const parsed = (text: string) =>
    parseLogLine('2026-01-01T00:00:00.000+00:00 server-sync[1] MESSAGE_RECEIVED' + formatMessageField(text))!.fields;
  const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
  const written = (text: string) => Buffer.byteLength(formatMessageField(text)) - ' msg='.length;

  it('should keep a short message whole, with no extra fields', () => {
    expect(parsed('Титов Юрий Павлович М3О-3ХХБ-ХХ')).toEqual({ msg: 'Титов Юрий Павлович М3О-3ХХБ-ХХ' });
  });

  it('should cut a 64 KiB line of U+0001 to the cap, saying its length and hash', () => {
    const hostile = '\u0001'.repeat(65536);
    const fields = parsed(hostile);
    expect(Buffer.byteLength(formatMessageField(hostile))).toBeLessThan(MSG_LOG_BYTES + 80);
    expect(hostile.startsWith(fields.msg)).toBe(true);
    expect(fields.msg.length).toBe(Math.floor((MSG_LOG_BYTES - 2) / 6));
    expect(fields.msg_bytes).toBe('65536');
    expect(fields.msg_sha).toBe(sha(hostile));
  });

  it('should keep a text written in exactly the cap, and cut one byte more', () => {
    const exact = 'a'.repeat(MSG_LOG_BYTES - 2) + ' ';
    expect(written(exact.slice(1))).toBe(MSG_LOG_BYTES);
    expect(parsed(exact.slice(1))).toEqual({ msg: exact.slice(1) });
    const over = parsed(exact);
    expect(over.msg).toBe(exact.slice(0, MSG_LOG_BYTES - 2));
    expect(over.msg_bytes).toBe(String(MSG_LOG_BYTES - 1));
  });

  it('should never cut a character in two', () => {
    const fields = parsed('👨‍👩‍👧'.repeat(500));
    expect(fields.msg).toBe([...fields.msg].join(''));
    expect(/[\ud800-\udbff]$/.test(fields.msg)).toBe(false);
  });

  it('should cost about as much for a 256 KiB line as for a 2 KiB one: only what fits is escaped', () => {
    // A ratio of two timings on the same machine: escaping the whole text made
    // the long line cost over 50 times the short one; hashing it is what is left.
    const median = (text: string) => {
      const times: number[] = [];
      for (let i = 0; i < 9; i += 1) {
        const t0 = performance.now();
        for (let j = 0; j < 5; j += 1) formatMessageField(text);
        times.push(performance.now() - t0);
      }
      return times.sort((a, b) => a - b)[4];
    };
    const short = '\u0001'.repeat(2048);
    const long = '\u0001'.repeat(256 * 1024);
    median(long);
    expect(median(long) / median(short)).toBeLessThan(10);
  });

  it('should write at most the cap and a prefix of the text for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (text) => {
        const fields = parsed(text);
        expect(text.startsWith(fields.msg)).toBe(true);
        expect(Buffer.byteLength(formatValue(fields.msg))).toBeLessThanOrEqual(MSG_LOG_BYTES);
        expect(fields.msg === text).toBe(fields.msg_bytes === undefined);
      }),
      { numRuns: 300 },
    );
  });
});
