import fc from 'fast-check';
import { graphemes } from './graphemes.js';
import { MirrorService } from './mirror.service.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const reference = (s: string) => Array.from(segmenter.segment(s), (x) => x.segment);

describe(MirrorService.name, () => {
  const service = new MirrorService();

  it("should mirror the assignment's own example exactly", () => {
    expect(service.mirror('Титов Юрий Павлович')).toBe('Чиволвап Йирю Вотит');
  });

  it('should reverse plainly when preserve_case is false', () => {
    expect(service.mirror('Титов Юрий Павлович', false)).toBe('чиволваП йирЮ вотиТ');
  });

  it('should keep emoji sequences and flags whole', () => {
    expect(service.mirror('a👨‍👩‍👧b🇫🇷c', false)).toBe('c🇫🇷b👨‍👩‍👧a');
    expect(service.mirror('👍🏽!', false)).toBe('!👍🏽');
  });

  it('should keep combining marks on their letter', () => {
    expect(service.mirror('e\u0301a', false)).toBe('ae\u0301');
    expect(service.mirror('Ёлка\u0301', true)).toBe('А\u0301клё');
  });

  it('should give each word the case shape of the word it came from', () => {
    expect(service.mirror('McDonald iPhone')).toBe('eNohpi DlAnodcm');
    expect(service.mirror('ABC def')).toBe('fed CBA');
    expect(service.mirror('М3О-3ХХБ-ХХ')).toBe('ХХ-БХХ3-О3М');
  });

  it('should keep whitespace runs and their positions', () => {
    expect(service.mirror('  ab\tCd  ')).toBe('  Dc\tba  ');
  });

  it('should leave a cluster whose case mapping changes its length alone', () => {
    // "ß" upper-cases to "SS": it stays "ß" rather than change the length.
    expect(service.mirror('Straße', true)).toBe('Eßarts');
  });

  it('should mirror an empty line to an empty line', () => {
    expect(service.mirror('')).toBe('');
  });

  it('should be an involution in plain mode, for every string', () => {
    const involution = (s: string) => service.mirror(service.mirror(s, false), false) === s;
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), involution), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), involution), { numRuns: 2000 });
  });

  it('should return well-formed Unicode for well-formed input, in both modes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.boolean(), (s, preserve) =>
        service.mirror(s, preserve).isWellFormed(),
      ),
    );
  });

  it('should keep every grapheme cluster whole (plain mode)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const clusters = reference(s);
        const reversed = clusters.slice().reverse().join('');
        const out = service.mirror(s, false);
        if (out === reversed) {
          // The usual case: the clusters, reversed, and they read back the same.
          expect(reference(out)).toEqual(clusters.slice().reverse());
        } else {
          // Degenerate text only: reversing would join clusters, so it is left as it is.
          expect(out).toBe(s);
          expect(reference(reversed)).not.toEqual(clusters.slice().reverse());
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('graphemes', () => {
  it('should agree with Intl.Segmenter on any text, fast path or not', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => expect(graphemes(s)).toEqual(reference(s))));
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => expect(graphemes(s)).toEqual(reference(s))));
  });

  it('should agree with Intl.Segmenter across its 1 KiB windows', () => {
    const text = 'Юрий 👨‍👩‍👧 e\u0301 🇫🇷🇩🇪 '.repeat(300);
    expect(graphemes(text)).toEqual(reference(text));
  });

  it('should keep a cluster longer than a window whole', () => {
    const zalgo = 'a' + '\u0301'.repeat(3000) + 'b';
    expect(graphemes(zalgo)).toEqual(['a' + '\u0301'.repeat(3000), 'b']);
  });

  it('should split a line of the longest allowed size in well under a second', () => {
    // 64 KiB of Cyrillic with emoji: Intl.Segmenter in one call takes seconds on Node 20.
    const text = 'Павлович 👍 '.repeat(3300);
    const started = performance.now();
    const result = graphemes(text);
    const took = performance.now() - started;
    expect(result.join('')).toBe(text);
    // A correctness check of the windowing above; the bound only catches a return to one huge call.
    expect(took).toBeLessThan(2000);
  });
});

describe('MirrorService on degenerate text', () => {
  const service = new MirrorService();

  it.each([
    ['a spacing mark before a space', '\u{11C2F} '],
    ['a combining mark with no base', '\u0301abc'],
    ['half a flag after a flag', '🇫🇷🇩'],
  ])('should return %s unchanged, so that reversing twice gives it back', (_what, text) => {
    expect(service.mirror(text, false)).toBe(text);
    expect(service.mirror(service.mirror(text, false), false)).toBe(text);
  });

  it('should still reverse text whose marks all have a base', () => {
    expect(service.mirror('abc\u0301 ok', false)).toBe('ko c\u0301ba');
  });
});
