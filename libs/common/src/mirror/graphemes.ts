/**
 * Splitting text into grapheme clusters, fast.
 *
 * `Intl.Segmenter` is correct but costly on Node 20: about 16 µs for a short
 * line, and super-linear on long input (64 KiB of Cyrillic in one call takes
 * seconds). Two things keep every line within the limits cheap:
 *
 * - text made only of characters that can never join a neighbour into one
 *   cluster (Latin, Greek and Cyrillic letters, digits, punctuation, and
 *   controls other than a CR before a LF, which a line never holds) is split
 *   per code unit, without the segmenter;
 * - everything else is segmented in windows of about 1 KiB. The last cluster
 *   of a window may continue into the next one, so it is carried over and
 *   segmented again with what follows.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** U+0000–U+02FF but LF (CR LF is one cluster), and U+0370–U+0482, U+048A–U+052F: no Extend, Prepend, ZWJ, surrogate or Hangul code point. */
const SIMPLE = /^[\u0000-\u0009\u000b-\u02ff\u0370-\u0482\u048a-\u052f]*$/;

const WINDOW = 1024;

/** True when every code unit of `text` is a cluster of its own, whatever surrounds it. */
export function isSimpleText(text: string): boolean {
  return SIMPLE.test(text);
}

export function graphemes(text: string): string[] {
  return SIMPLE.test(text) ? Array.from(text) : segmentInWindows(text);
}

/** `graphemes` for text already known not to be simple (`isSimpleText`): the segmenter, window by window. */
export function segmentInWindows(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let window = WINDOW;
  while (start < text.length) {
    let end = Math.min(start + window, text.length);
    // Never cut a surrogate pair: half of one is a cluster of its own and
    // would end the cluster before it early (a flag's first letter, say).
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    const slice = text.slice(start, end);
    if (end === text.length) {
      for (const { segment } of segmenter.segment(slice)) out.push(segment);
      break;
    }
    let lastIndex = 0;
    let count = 0;
    const found: string[] = [];
    for (const { segment, index } of segmenter.segment(slice)) {
      found.push(segment);
      lastIndex = index;
      count += 1;
    }
    if (count === 1) {
      // One cluster fills the whole window (a long run of combining marks):
      // widen the window rather than cut the cluster.
      window *= 2;
      continue;
    }
    // Only the last cluster can be cut by the window's end: whether a break
    // falls between two characters depends on what precedes it and on the one
    // character after it.
    found.pop();
    for (const segment of found) out.push(segment);
    start += lastIndex;
    window = WINDOW;
  }
  return out;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
