import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderDocx } from './docx-renderer.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import type { Block, ReportDocument } from './report-document.js';
import { svgToPng } from './svg-png.js';

/** The text formats' renderers: Markdown for the written report, one self-contained HTML page for print. */
export interface TextRenderers {
  markdown: (doc: ReportDocument) => string;
  html: (doc: ReportDocument) => string;
}

/** Paths of what `writeReportFiles` wrote. */
export interface ReportFiles {
  markdown: string;
  html: string;
  docx: string;
  /** The pictures written; a timeline that could not be drawn has none. */
  images: string[];
}

const REPORT_FILE_NAMES = { markdown: 'report.md', html: 'report.html', docx: 'report.docx' } as const;

/**
 * A picture's name is a plain file name beside the report: Markdown links it
 * relatively, and nothing may be written outside the report's folder.
 */
const IMAGE_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_.-]*\.png$/u;

type Timeline = Extract<Block, { kind: 'timeline' }>;

/** Each picture once; two timelines may share a name only if they are the same picture. */
function pictures(doc: ReportDocument): Map<string, string> {
  const svgs = new Map<string, string>();
  for (const block of doc.blocks.filter((b): b is Timeline => b.kind === 'timeline')) {
    if (!IMAGE_NAME.test(block.image))
      throw new Error(`timeline image ${JSON.stringify(block.image)} is not a file name ending in .png`);
    const seen = svgs.get(block.image);
    if (seen !== undefined && seen !== block.svg) throw new Error(`two different timelines are both named ${block.image}`);
    svgs.set(block.image, block.svg);
  }
  return svgs;
}

/** The report's own Markdown and HTML renderers. */
const REPORT_RENDERERS: TextRenderers = { markdown: renderMarkdown, html: renderHtml };

/**
 * Everything a student hands in, in `dir`: report.md (with each timeline as a
 * PNG beside it), report.html and report.docx, all from one document. The
 * names are checked before anything is written. `renderers` is there for
 * tests; the report's own are the default.
 */
export async function writeReportFiles(
  dir: string,
  doc: ReportDocument,
  renderers: TextRenderers = REPORT_RENDERERS,
): Promise<ReportFiles> {
  const svgs = pictures(doc);
  await mkdir(dir, { recursive: true });
  const images: string[] = [];
  for (const [name, svg] of svgs) {
    let png: Buffer;
    try {
      png = svgToPng(svg);
    } catch {
      // The Word file says why the picture is missing; the rest of the report is still written.
      continue;
    }
    const path = join(dir, name);
    await writeFile(path, png);
    images.push(path);
  }
  const files = {
    markdown: join(dir, REPORT_FILE_NAMES.markdown),
    html: join(dir, REPORT_FILE_NAMES.html),
    docx: join(dir, REPORT_FILE_NAMES.docx),
  };
  await writeFile(files.markdown, renderers.markdown(doc));
  await writeFile(files.html, renderers.html(doc));
  await writeFile(files.docx, await renderDocx(doc));
  return { ...files, images };
}
