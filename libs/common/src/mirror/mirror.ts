import { isSimpleText, segmentInWindows } from './graphemes.js';

const WHITESPACE = /^\s+$/u;

type Case = 'upper' | 'lower' | 'none';

/**
 * Mirrors a line: reverses it by grapheme clusters, so emoji sequences, flags
 * and combining marks survive whole (docs/spec.md#2-mirroring). With `preserveCase`, every
 * whitespace-separated word of the result takes the letter-case shape of the
 * word it came from, position by position: `Павлович` → `Чиволвап`.
 *
 * A plain function, apart from the Nest service that wraps it
 * (`MirrorService`), so that server-threads' threads run this very code
 * without loading Nest (about 0.5 s of start-up per thread).
 */
export function mirrorText(text: string, preserveCase = true): string {
  const simple = isSimpleText(text);
  const source = simple ? Array.from(text) : segmentInWindows(text);
  const mirrored = source.slice().reverse();
  if (!simple && !segmentsAs(mirrored)) return text;
  if (preserveCase) applyCaseShape(source, mirrored);
  return mirrored.join('');
}

/**
 * Whether the clusters, joined, segment back into the same clusters. Almost
 * always so; not for degenerate text, where reordering joins clusters: a
 * combining or spacing mark with no base letter ("\u{11C2F} " reversed is one
 * cluster), half a flag, a Hangul jamo next to a syllable. Reversing such text
 * could not be undone by reversing again, and docs/spec.md#2-mirroring wants plain mode to be an
 * involution for every string; so such a line is returned unchanged (the one
 * involutive choice that never breaks a cluster). Simple text (most lines)
 * never needs the check.
 */
function segmentsAs(clusters: string[]): boolean {
  // The same characters as the line, which was not simple.
  const again = segmentInWindows(clusters.join(''));
  if (again.length !== clusters.length) return false;
  for (let i = 0; i < again.length; i += 1) if (again[i] !== clusters[i]) return false;
  return true;
}

/**
 * Word k of the result is word (n-1-k) of the source reversed, so both have
 * the same number of clusters and line up position by position. In place.
 */
function applyCaseShape(source: string[], mirrored: string[]): void {
  const n = source.length;
  let i = 0;
  while (i < n) {
    if (WHITESPACE.test(mirrored[i])) {
      i += 1;
      continue;
    }
    let end = i;
    while (end < n && !WHITESPACE.test(mirrored[end])) end += 1;
    // mirrored[i..end) came from source[n-end .. n-i).
    const from = n - end;
    for (let k = 0; k < end - i; k += 1) {
      mirrored[i + k] = withCase(mirrored[i + k], caseOf(source[from + k]));
    }
    i = end;
  }
}

function caseOf(cluster: string): Case {
  const upper = cluster.toUpperCase();
  const lower = cluster.toLowerCase();
  if (upper === lower) return 'none';
  if (cluster === upper) return 'upper';
  if (cluster === lower) return 'lower';
  return 'none';
}

/** Changes case only when that keeps the cluster's length (`ß` stays `ß`, not `SS`). */
function withCase(cluster: string, shape: Case): string {
  if (shape === 'none') return cluster;
  const changed = shape === 'upper' ? cluster.toUpperCase() : cluster.toLowerCase();
  return changed.length === cluster.length ? changed : cluster;
}
