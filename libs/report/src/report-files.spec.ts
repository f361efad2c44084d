import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paragraphs, unzip } from './testing/docx-reader.js';
import type { ReportDocument } from './report-document.js';
import { writeReportFiles, type TextRenderers } from './report-files.js';

const svg = (fill: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 20"><rect width="50" height="20" fill="${fill}"/></svg>`;

const doc: ReportDocument = {
  lang: 'ru',
  title: 'Отчёт',
  titlePage: { work: 'Отчёт о лабораторной работе № 2' },
  blocks: [
    { kind: 'heading', level: 1, text: 'server-sync' },
    { kind: 'timeline', caption: 'sync', svg: svg('#457b9d'), mermaid: 'gantt', image: 'timeline-server-sync.png' },
    { kind: 'timeline', caption: 'threads', svg: svg('#f4a261'), mermaid: 'gantt', image: 'timeline-server-threads.png' },
  ],
};

const renderers: TextRenderers = {
  markdown: (d) => `# ${d.title}\n`,
  html: (d) => `<h1>${d.title}</h1>`,
};

describe(writeReportFiles.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'report-files-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should write report.md, report.html, report.docx and each timeline as a PNG named by the block', async () => {
    const out = join(dir, 'reports', 'run');
    const files = await writeReportFiles(out, doc, renderers);
    expect(readdirSync(out).sort()).toEqual([
      'report.docx',
      'report.html',
      'report.md',
      'timeline-server-sync.png',
      'timeline-server-threads.png',
    ]);
    expect(files.images).toEqual([join(out, 'timeline-server-sync.png'), join(out, 'timeline-server-threads.png')]);
    expect(readFileSync(files.markdown, 'utf8')).toBe('# Отчёт\n');
    expect(readFileSync(files.html, 'utf8')).toBe('<h1>Отчёт</h1>');
    for (const png of files.images) expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    // Two pictures, not one drawn twice.
    expect(readFileSync(files.images[0]).equals(readFileSync(files.images[1]))).toBe(false);
    const body = unzip(readFileSync(files.docx)).get('word/document.xml')!.toString('utf8');
    expect(paragraphs(body).map((p) => p.text)).toContain('server-sync');
  });

  it("should write the report's own Markdown and HTML when no renderers are given", async () => {
    const out = join(dir, 'run');
    const files = await writeReportFiles(out, doc);
    // Markdown shows a timeline as its picture beside the report.
    expect(readFileSync(files.markdown, 'utf8')).toContain('(timeline-server-sync.png)');
    expect(readFileSync(files.html, 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it.each(['../escape.png', 'sub/dir.png', '/tmp/abs.png', 'timeline.svg', '.png'])(
    'should refuse the image name %j and write nothing',
    async (image) => {
      const out = join(dir, 'run');
      const bad: ReportDocument = { ...doc, blocks: [{ ...doc.blocks[1], image } as ReportDocument['blocks'][number]] };
      await expect(writeReportFiles(out, bad, renderers)).rejects.toThrow(/not a file name/);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(join(dir, 'escape.png'))).toBe(false);
    },
  );

  it('should write every file but the picture of a timeline that cannot be drawn', async () => {
    const out = join(dir, 'run');
    const broken: ReportDocument = {
      ...doc,
      blocks: [doc.blocks[1], { ...doc.blocks[2], svg: '<svg><text>&</text>' } as ReportDocument['blocks'][number]],
    };
    const files = await writeReportFiles(out, broken, renderers);
    expect(readdirSync(out).sort()).toEqual(['report.docx', 'report.html', 'report.md', 'timeline-server-sync.png']);
    expect(files.images).toEqual([join(out, 'timeline-server-sync.png')]);
  });

  it('should refuse two different timelines under one image name', async () => {
    const twice: ReportDocument = {
      ...doc,
      blocks: [doc.blocks[1], { ...doc.blocks[2], image: 'timeline-server-sync.png' } as ReportDocument['blocks'][number]],
    };
    await expect(writeReportFiles(join(dir, 'run'), twice, renderers)).rejects.toThrow(/two different timelines/);
  });
});
