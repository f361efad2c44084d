import { formatEvent, formatValue, localTimestamp, parseLogLine } from './log-line.js';

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
