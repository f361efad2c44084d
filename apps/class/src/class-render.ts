/**
 * Minimal renderers of a `ReportDocument` for the class report.
 * TODO(lead): the lab's renderers (`renderMarkdown`, `renderHtml` from the
 * `report` branch, `renderDocx` / `writeReportFiles` from `docx`) replace
 * these once merged; the document they render is the same.
 */
import { Resvg } from '@resvg/resvg-js';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Block, ReportDocument } from '../../lab/src/report/report-document.js';
import { classTexts } from './class-texts.js';

/** Direction and invisible controls shown as escapes, so a name cannot reorder what is around it. */
const visible = (s: string): string =>
  s.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
  );

const html = (s: string): string => visible(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const md = (s: string): string =>
  visible(s)
    .replace(/\r?\n/g, ' ')
    // Characters that make markup anywhere, then a leading one that would start a block.
    .replace(/([\\`*_{}[\]<>|~])/g, '\\$1')
    .replace(/^([-+#>!]|\d+\.)/, '\\$1');

const fence = (text: string): string => {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
};

export function svgToPng(svg: string): Buffer {
  return Buffer.from(new Resvg(svg, { background: '#ffffff', fitTo: { mode: 'original' } }).render().asPng());
}

function titleLines(doc: ReportDocument): string[] {
  const t = classTexts(doc.lang).report;
  const p = doc.titlePage;
  return [
    p.work,
    p.subtitle ?? '',
    `${t.by}: ${p.student ?? '________________'}${p.group ? `, ${t.group} ${p.group}` : ''}`,
  ].filter((l) => l !== '');
}

export function renderClassMarkdown(doc: ReportDocument): string {
  const out: string[] = [...titleLines(doc).map((l) => md(l) + '  '), ''];
  for (const b of doc.blocks) out.push(mdBlock(b), '');
  return out.join('\n');
}

function mdBlock(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return '#'.repeat(b.level) + ' ' + md(b.text);
    case 'paragraph':
      return b.strong ? `**${md(b.text)}**` : md(b.text);
    case 'note':
      return '> ' + md(b.text);
    case 'list':
      return b.items.map((i) => '- ' + md(i)).join('\n');
    case 'table': {
      const head = b.head ?? ['', ''];
      const row = (cells: string[]) => '| ' + cells.map(md).join(' | ') + ' |';
      return [row(head), '|' + head.map(() => ' --- |').join(''), ...b.rows.map(row)].join('\n');
    }
    case 'listing': {
      const f = fence(b.text);
      return `${md(b.name)}\n\n${f}${b.language}\n${b.text.replace(/\n$/, '')}\n${f}`;
    }
    case 'timeline':
      return `![${md(b.caption)}](${b.image})\n\n\`\`\`mermaid\n${b.mermaid}\n\`\`\``;
  }
}

export function renderClassHtml(doc: ReportDocument): string {
  const body = doc.blocks.map(htmlBlock).join('\n');
  return `<!doctype html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(doc.title)}</title>
<style>
body { font-family: sans-serif; max-width: 1000px; margin: 1em auto; padding: 0 1em; }
table { border-collapse: collapse; margin: .5em 0; }
td, th { border: 1px solid #999; padding: 2px 6px; vertical-align: top; }
td.num { text-align: right; }
pre { background: #f6f6f6; padding: .5em; white-space: pre-wrap; word-break: break-all; font-size: 11px; }
.note { border-left: 4px solid #c53030; padding: .3em .6em; background: #fff5f5; }
.title-page { text-align: center; margin: 2em 0; page-break-after: always; }
svg { max-width: 100%; height: auto; }
@page { size: A4; margin: 15mm; }
</style>
</head>
<body>
<section class="title-page">${titleLines(doc)
    .map((l) => `<p>${html(l)}</p>`)
    .join('')}</section>
${body}
</body>
</html>
`;
}

function htmlBlock(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}>${html(b.text)}</h${b.level}>`;
    case 'paragraph':
      return b.strong ? `<p><strong>${html(b.text)}</strong></p>` : `<p>${html(b.text)}</p>`;
    case 'note':
      return `<p class="note">${html(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${html(i)}</li>`).join('')}</ul>`;
    case 'table': {
      const num = new Set(b.numeric ?? []);
      const head = b.head ? `<tr>${b.head.map((h) => `<th>${html(h)}</th>`).join('')}</tr>` : '';
      const rows = b.rows.map(
        (r) => `<tr>${r.map((c, i) => `<td${num.has(i) ? ' class="num"' : ''}>${html(c)}</td>`).join('')}</tr>`,
      );
      return `<table>${head}${rows.join('')}</table>`;
    }
    case 'listing':
      return `<p><code>${html(b.name)}</code></p><pre>${html(b.text)}</pre>`;
    case 'timeline':
      // The SVG is the board's own drawing, its texts escaped when it was made.
      return `<figure>${b.svg}<figcaption>${html(b.caption)}</figcaption></figure>`;
  }
}

/** Text for Word: the same escapes of invisible characters; XML escaping is the docx writer's. */
const word = visible;

export async function renderClassDocx(doc: ReportDocument): Promise<Buffer> {
  const children: Array<Paragraph | Table> = titleLines(doc).map(
    (l) => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: word(l), size: 28 })] }),
  );
  children.push(new Paragraph({ children: [new PageBreak()] }));
  const levels = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'heading':
        children.push(new Paragraph({ heading: levels[b.level - 1], children: [new TextRun(word(b.text))] }));
        break;
      case 'paragraph':
      case 'note':
        children.push(new Paragraph({ children: [new TextRun({ text: word(b.text), bold: b.kind === 'note' || b.strong })] }));
        break;
      case 'list':
        for (const i of b.items) children.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(word(i))] }));
        break;
      case 'table': {
        const rows = [...(b.head ? [b.head] : []), ...b.rows];
        if (rows.length === 0) break;
        children.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: rows.map(
              (r, ri) =>
                new TableRow({
                  children: r.map(
                    (c) =>
                      new TableCell({
                        children: [
                          new Paragraph({ children: [new TextRun({ text: word(c), bold: ri === 0 && !!b.head, size: 18 })] }),
                        ],
                      }),
                  ),
                }),
            ),
          }),
        );
        break;
      }
      case 'listing':
        children.push(new Paragraph({ children: [new TextRun({ text: word(b.name), bold: true })] }));
        for (const l of b.text.replace(/\n$/, '').split('\n'))
          children.push(
            new Paragraph({ spacing: { after: 0 }, children: [new TextRun({ text: word(l), font: 'Courier New', size: 14 })] }),
          );
        break;
      case 'timeline': {
        const png = svgToPng(b.svg);
        const w = png.readUInt32BE(16);
        const h = png.readUInt32BE(20);
        const scale = Math.min(1, 620 / w);
        children.push(
          new Paragraph({
            children: [
              new ImageRun({
                type: 'png',
                data: png,
                transformation: { width: Math.round(w * scale), height: Math.round(h * scale) },
              }),
            ],
          }),
        );
        children.push(new Paragraph({ children: [new TextRun({ text: word(b.caption), italics: true })] }));
        break;
      }
    }
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/** The final report's files in the session folder: md, html, docx and each timeline's PNG (the Markdown shows them). */
export async function writeClassReport(dir: string, doc: ReportDocument): Promise<void> {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  for (const b of doc.blocks) if (b.kind === 'timeline') writeFileSync(join(dir, b.image), svgToPng(b.svg));
  writeFileSync(join(dir, 'report.md'), renderClassMarkdown(doc));
  writeFileSync(join(dir, 'report.html'), renderClassHtml(doc));
  writeFileSync(join(dir, 'report.docx'), await renderClassDocx(doc));
}
