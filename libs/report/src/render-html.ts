import { showInvisible } from './render-markdown.js';
import type { Block, ReportDocument } from './report-document.js';

/** Text for HTML: entities for markup characters, invisible characters made visible. */
const esc = (s: string) =>
  showInvisible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A listing keeps its line breaks and tabs; the log already escapes what a peer sent. */
const escListing = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\p{Cf}\p{Zl}\p{Zp}]|[^\P{Cc}\n\r\t]/gu, (ch) => esc(ch));

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1040px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}th{background:#f4f4f4}
td.num{text-align:right;font-variant-numeric:tabular-nums}.failed{color:#c00}
pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:.6em;font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}
.file pre{max-height:24em;overflow:auto}.file-name{font-family:monospace;margin:.8em 0 .2em}
.note{background:#fff8e1;border-left:4px solid #f4a261;padding:.5em .8em}.total{font-weight:600}
.timeline-block{break-inside:avoid;page-break-inside:avoid}
@page{size:A4;margin:14mm 12mm}
@media print{
  body{max-width:none;margin:0;padding:0;font-size:10.5pt}
  h2{break-before:auto;break-after:avoid;page-break-after:avoid}h3,.file-name{break-after:avoid;page-break-after:avoid}
  tr{break-inside:avoid}
  .file pre{max-height:none;overflow:visible;font-size:9pt;line-height:1.3}
  pre{background:none;border:1px solid #bbb}
  svg.timeline{width:100%;height:auto}
  .note{border:1px solid #f4a261}
}`;

function table(b: Extract<Block, { kind: 'table' }>): string {
  const numeric = new Set(b.numeric ?? []);
  const failed = new Set(b.failed ?? []);
  const cell = (v: string, i: number) => `<td${numeric.has(i) ? ' class="num"' : ''}>${esc(v)}</td>`;
  const head = b.head ? `<tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>` : '';
  const rows = b.rows.map((r, i) => `<tr${failed.has(i) ? ' class="failed"' : ''}>${r.map(cell).join('')}</tr>`);
  return `<table${b.head ? '' : ' class="kv"'}>${head}${rows.join('')}</table>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}>${esc(b.text)}</h${b.level}>`;
    case 'paragraph':
      return `<p${b.strong ? ' class="total"' : ''}>${esc(b.text)}</p>`;
    case 'note':
      return `<p class="note">${esc(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'table':
      return table(b);
    case 'listing':
      return `<div class="file ${b.language}"><p class="file-name">${esc(b.name)}</p><pre>${escListing(b.text)}</pre></div>`;
    case 'timeline':
      // The SVG is built by the report itself from escaped texts: it goes in as it is.
      return `<div class="timeline-block">${b.svg}</div>`;
  }
}

/** One self-contained page (no network): drawn timelines, every file shown; prints on A4. */
export function renderHtml(doc: ReportDocument): string {
  return [
    `<!doctype html><html lang="${doc.lang}"><head><meta charset="utf-8"><title>${esc(doc.title)}</title>`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<style>${STYLE}</style></head><body>`,
    ...doc.blocks.map(block),
    '</body></html>',
  ].join('\n');
}
