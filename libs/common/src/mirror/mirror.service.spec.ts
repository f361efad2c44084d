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

  it('should be an involution in plain mode', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => service.mirror(service.mirror(s, false), false) === s));
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => service.mirror(service.mirror(s, false), false) === s));
  });

  it('should return well-formed Unicode for well-formed input, in both modes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.boolean(), (s, preserve) => service.mirror(s, preserve).isWellFormed()),
    );
  });

  it('should keep every grapheme cluster whole (plain mode)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        expect(reference(service.mirror(s, false))).toEqual(reference(s).reverse());
      }),
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
    const text = ('Павлович 👍 ').repeat(3300);
    const started = performance.now();
    const result = graphemes(text);
    const took = performance.now() - started;
    expect(result.join('')).toBe(text);
    // A correctness check of the windowing above; the bound only catches a return to one huge call.
    expect(took).toBeLessThan(2000);
  });
});
