import type { Block, ReportDocument } from './report-document.js';

/**
 * Characters a reader cannot see or that reorder what is around them: C0/C1
 * controls (U+0085 among them), zero-width and direction marks (U+200B–U+200F,
 * U+202A–U+202E, U+2066–U+2069), line and paragraph separators. Shown as
 * `\u{…}` so a name cannot hide or reverse text.
 */
export const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** `\u{202E}` for an invisible character. */
export const showInvisible = (s: string): string =>
  s.replace(INVISIBLE, (ch) => `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`);

/**
 * A student's or a log's text as Markdown that shows exactly that text: no
 * raw HTML (`<`, `>`, `&` become entities), no emphasis, link, code or table
 * cell from `* _ [ ] ` |`, no block syntax at the start of a line, and
 * invisible characters made visible.
 */
function mdText(s: string): string {
  return (
    showInvisible(s.replace(/\r\n|\r|\n|\t/g, ' '))
      .replace(/\\/g, '\\\\')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[|`*[\]#~!]/g, (ch) => `\\${ch}`)
      // An underscore inside a word (CLIENT_QUEUED) never starts emphasis: it stays readable.
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
      .replace(
        /^(\s*)([-+=]|\d+[.)])(?=\s|$)/,
        (_, space: string, mark: string) => `${space}${mark.replace(/[-+=.)]/, (c) => `\\${c}`)}`,
      )
  );
}

/** A code fence longer than any run of backticks inside (a message may hold ```). */
function fence(text: string, lang: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const bar = '`'.repeat(longest + 1);
  return [bar + lang, text.trimEnd(), bar];
}

/** A file name as inline code: a span delimited by more backticks than it holds. */
function codeSpan(text: string): string {
  const clean = showInvisible(text);
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const bar = '`'.repeat(longest + 1);
  return longest > 0 ? `${bar} ${clean} ${bar}` : `${bar}${clean}${bar}`;
}

function block(b: Block): string[] {
  switch (b.kind) {
    case 'heading':
      return [`${'#'.repeat(b.level)} ${mdText(b.text)}`, ''];
    case 'paragraph':
      return [b.strong ? `**${mdText(b.text)}**` : mdText(b.text), ''];
    case 'note':
      return [`> ${mdText(b.text)}`, ''];
    case 'list':
      return [...b.items.map((item) => `- ${mdText(item)}`), ''];
    case 'table': {
      const head = b.head ?? (b.rows[0] ?? []).map(() => '');
      const row = (cells: string[]) => `| ${cells.map(mdText).join(' | ')} |`;
      return [row(head), `|${head.map(() => '---').join('|')}|`, ...b.rows.map(row), ''];
    }
    case 'listing':
      return [codeSpan(b.name), '', ...fence(b.text, b.language), ''];
    case 'timeline':
      return [`![${mdText(b.caption)}](${encodeURI(b.image)})`, '', ...fence(b.mermaid, 'mermaid'), ''];
  }
}

/**
 * The document as Markdown. Every text outside code blocks is escaped, so a
 * name or signature cannot carry HTML, a link or a hidden character into a
 * viewer; listings are fenced and shown whole. A timeline is its picture
 * (`image`, a PNG beside the report) followed by its Mermaid source.
 */
export function renderMarkdown(doc: ReportDocument): string {
  return doc.blocks.flatMap(block).join('\n');
}
