import fc from 'fast-check';
import { formatEvent, formatValue, localTimestamp, parseLogLine } from './log-line.js';

/** formatValue without its fast paths: JSON, then the extra escapes. */
function slowFormat(text: string): string {
  if (/^[A-Za-z0-9._:/@+\-,[\]]+$/.test(text)) return text;
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g,
    (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'),
  );
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
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.parse(out)).toBe(nasty);
  });

  it('should format any string exactly as JSON plus the extra escapes would (property)', () => {
    // Code units from every range that matters: ASCII, C0/C1, Cyrillic, the
    // format and bidi characters, surrogates (paired and alone), specials.
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0x7f }),
      fc.integer({ min: 0x80, max: 0x6ff }),
      fc.integer({ min: 0x2000, max: 0x206f }),
      fc.integer({ min: 0xd800, max: 0xdfff }),
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

  it('should make one line of any event, so a message cannot forge another', () => {
    const forged = 'hi\n2026-11-24T14:03:07.123+03:00 server-sync[1] SERVER_STOP';
    const line = formatEvent('T', 'server-sync', 7, 'MESSAGE_RECEIVED', { peer: '1.2.3.4:5', msg: forged });
    expect(line.split('\n')).toHaveLength(2);
    expect(line.endsWith('\n')).toBe(true);
    expect(parseLogLine(line.slice(0, -1))?.fields.msg).toBe(forged);
  });

  it('should format local time as ISO 8601 with milliseconds and offset', () => {
    const ts = localTimestamp(Date.UTC(2026, 10, 24, 11, 3, 7, 5));
    expect(ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.005[+-]\d{2}:\d{2}$/);
    expect(new Date(ts).getTime()).toBe(Date.UTC(2026, 10, 24, 11, 3, 7, 5));
  });

  it('should parse what it formats', () => {
    const line = formatEvent(localTimestamp(), 'server-cluster', 42, 'CLIENT_DISCONNECTED', {
      worker: 2,
      peer: '[::1]:9',
      reason: 'client-closed',
      skipped: undefined,
    });
    expect(parseLogLine(line.trimEnd())).toMatchObject({
      app: 'server-cluster',
      pid: 42,
      event: 'CLIENT_DISCONNECTED',
      fields: { worker: '2', peer: '[::1]:9', reason: 'client-closed' },
    });
  });
});
