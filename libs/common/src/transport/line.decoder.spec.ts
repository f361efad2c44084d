import fc from 'fast-check';
import { LineDecoder } from './line.decoder.js';
import { LineTooLongError } from './line-too-long.error.js';

const bytes = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

/** Feeds chunks, collecting every line and the first error. */
function feed(decoder: LineDecoder, chunks: Buffer[]): { lines: string[]; error?: LineTooLongError } {
  const lines: string[] = [];
  let error: LineTooLongError | undefined;
  for (const chunk of chunks) {
    const r = decoder.push(chunk);
    lines.push(...r.lines);
    error ??= r.error;
  }
  return { lines, error };
}

describe(LineDecoder.name, () => {
  it('should return several lines from one chunk', () => {
    expect(feed(new LineDecoder(100), [bytes('one\ntwo\nthree\n')]).lines).toEqual(['one', 'two', 'three']);
  });

  it('should return one line sent over many chunks', () => {
    const d = new LineDecoder(100);
    expect(d.push(bytes('Тит')).lines).toEqual([]);
    expect(d.push(bytes('ов Юр')).lines).toEqual([]);
    expect(d.push(bytes('ий\n')).lines).toEqual(['Титов Юрий']);
  });

  it('should decode a line fed one byte at a time', () => {
    const wire = bytes('Павлович 👨‍👩‍👧\r\nok\n');
    const chunks = [...wire].map((b) => Buffer.from([b]));
    expect(feed(new LineDecoder(100), chunks).lines).toEqual(['Павлович 👨‍👩‍👧', 'ok']);
  });

  it('should decode a multi-byte character split across chunks', () => {
    // "Ю" is D0 AE; "👍" is F0 9F 91 8D.
    const d = new LineDecoder(100);
    expect(feed(d, [bytes([0xd0]), bytes([0xae, 0xf0, 0x9f]), bytes([0x91, 0x8d, 0x0a])]).lines).toEqual(['Ю👍']);
  });

  it('should drop a CR right before the LF only', () => {
    expect(feed(new LineDecoder(100), [bytes('a\r\nb\rc\n\r\n\n')]).lines).toEqual(['a', 'b\rc', '', '']);
  });

  it('should keep a CR that ends a chunk until its LF arrives', () => {
    expect(feed(new LineDecoder(100), [bytes('abc\r'), bytes('\n')]).lines).toEqual(['abc']);
  });

  it('should decode invalid UTF-8 as U+FFFD within its own line', () => {
    expect(feed(new LineDecoder(100), [bytes([0x61, 0xff, 0x62, 0x0a, 0xc3, 0x0a])]).lines).toEqual(['a\ufffdb', '\ufffd']);
  });

  describe('the line limit', () => {
    const limit = 8;
    it('should accept limit-1 and limit bytes before the LF', () => {
      expect(feed(new LineDecoder(limit), [bytes('1234567\n12345678\n')])).toEqual({ lines: ['1234567', '12345678'] });
    });

    it('should refuse limit+1 bytes before the LF, in one chunk', () => {
      const r = feed(new LineDecoder(limit), [bytes('ok\n123456789\n')]);
      expect(r.lines).toEqual(['ok']);
      expect(r.error).toBeInstanceOf(LineTooLongError);
      expect(r.error?.message).toBe('line too long (limit 8 bytes)');
    });

    it('should count a CR before the LF towards the limit', () => {
      expect(feed(new LineDecoder(limit), [bytes('12345678\r\n')]).error).toBeInstanceOf(LineTooLongError);
      expect(feed(new LineDecoder(limit), [bytes('1234567\r\n')]).lines).toEqual(['1234567']);
    });

    it('should refuse as soon as limit+1 bytes arrive without a LF, across chunks', () => {
      const d = new LineDecoder(limit);
      expect(d.push(bytes('1234')).error).toBeUndefined();
      expect(d.push(bytes('5678')).error).toBeUndefined();
      expect(d.bufferedBytes).toBe(8);
      expect(d.push(bytes('9')).error).toBeInstanceOf(LineTooLongError);
      expect(d.bufferedBytes).toBe(0);
    });

    it('should ignore everything after an error', () => {
      const d = new LineDecoder(limit);
      d.push(bytes('123456789'));
      expect(d.push(bytes('fine\nalso fine\n'))).toEqual({ lines: [] });
    });

    it('should keep memory bounded by the limit under a flood without LF', () => {
      const d = new LineDecoder(1024);
      const chunk = Buffer.alloc(100, 0x41);
      let error: unknown;
      for (let i = 0; i < 1000 && !error; i += 1) {
        error = d.push(chunk).error;
        expect(d.bufferedBytes).toBeLessThanOrEqual(1024);
      }
      expect(error).toBeInstanceOf(LineTooLongError);
    });
  });

  describe('properties', () => {
    it('should never throw, on any bytes in any chunks', () => {
      fc.assert(
        fc.property(
          fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }),
          fc.integer({ min: 1, max: 64 }),
          (chunks, limit) => {
            const d = new LineDecoder(limit);
            for (const c of chunks) d.push(Buffer.from(c));
          },
        ),
      );
    });

    it('should give the same lines however the input is split', () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r')), {
            maxLength: 20,
          }),
          fc.array(fc.nat(), { maxLength: 10 }),
          (parts, cuts) => {
            const wire = Buffer.from(parts.join(''), 'utf8');
            const whole = feed(new LineDecoder(64), [wire]);
            const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
            const chunks: Buffer[] = [];
            let at = 0;
            for (const p of points) {
              chunks.push(wire.subarray(at, p));
              at = p;
            }
            chunks.push(wire.subarray(at));
            const split = feed(new LineDecoder(64), chunks);
            expect(split.lines).toEqual(whole.lines);
            expect(Boolean(split.error)).toBe(Boolean(whole.error));
          },
        ),
      );
    });
  });
});
