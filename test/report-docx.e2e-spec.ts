import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { reportRu } from '../libs/report/src/i18n/report-texts.ru.js';
import { ROOT, runApp, tempDir, type Exit } from './helpers.js';

/**
 * report.docx opened by a real reader: LibreOffice (headless) converts the
 * lab's own Word file to PDF, and pdftotext reads back what a teacher sees.
 * A file Word would call damaged is one LibreOffice cannot load: it then
 * prints "Error: source file could not be loaded" and writes no PDF (its exit
 * code is 0 all the same, so the test checks the PDF and the output).
 */
const run = promisify(execFile);
const MESSAGE = 'Ёлкина Дарья Щукина М3О-399Б-24';
const SIGNATURE = 'Сервер написан Ёлкиной Д.Щ. М3О-399Б-24';

/**
 * Text as pdftotext gives it, without what the page adds: line breaks and
 * indents of wrapped lines, page numbers, and hyphens (pdftotext joins a word
 * hyphenated at the end of a line, so "server-\nsync" comes back "serversync").
 */
const squeeze = (text: string) =>
  text
    .split('\n')
    .filter((line) => !/^\s*\d+\s*$/.test(line))
    .join('')
    .replace(/[\s-]+/g, '');

/** The text of the PDF line by line as printed (-layout), so indented code keeps its order. */
const pdftotext = async (pdf: string, ...args: string[]) =>
  (await run('pdftotext', ['-layout', ...args, '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 })).stdout;

/** The lines that are not in the text: empty when every one is there. */
const notIn = (text: string, lines: string[]) => {
  const all = squeeze(text);
  return lines.filter((line) => !all.includes(squeeze(line)));
};

describe('report.docx, opened by LibreOffice', () => {
  let exit: Exit;
  let dir: string;
  let pdf: string;
  let soffice: { stdout: string; stderr: string; ms: number };
  let text: string;

  beforeAll(async () => {
    const cwd = tempDir('mirror-lab-docx-');
    mkdirSync(join(cwd, 'config'));
    writeFileSync(join(cwd, 'config', 'client.ini'), `[client]\nmessage = ${MESSAGE}\n`);
    writeFileSync(join(cwd, 'config', 'server-sync.ini'), `[reply]\nsignature = ${SIGNATURE}\n`);
    const out = tempDir('mirror-lab-docx-report-');
    exit = await runApp('lab', ['--servers', 'sync', '--clients', '2', '--delay', '300', '--out', out], cwd).exited;
    dir = /Отчёт \(Word\): +(.*)\/report\.docx/.exec(exit.stdout)?.[1] ?? '';
    // Its own profile: LibreOffice refuses a second instance on one profile, and tests run in parallel.
    const profile = tempDir('mirror-lab-soffice-');
    const pdfDir = tempDir('mirror-lab-docx-pdf-');
    const started = performance.now();
    const converted = await run(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        pdfDir,
        join(dir, 'report.docx'),
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    soffice = { ...converted, ms: performance.now() - started };
    pdf = join(pdfDir, 'report.pdf');
    text = existsSync(pdf) ? await pdftotext(pdf) : '';
  }, 240_000);

  it('should be written by the lab beside report.md and report.html, with the timeline as a PNG', () => {
    expect(exit.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      'report.docx',
      'report.html',
      'report.md',
      'server-sync',
      'timeline-server-sync.png',
    ]);
  });

  it('should open without repair and convert to a PDF of several pages', async () => {
    expect(`${soffice.stdout}${soffice.stderr}`).not.toMatch(/error|repair|corrupt|damaged|could not/i);
    expect(existsSync(pdf)).toBe(true);
    const pages = Number(/^Pages:\s+(\d+)/m.exec((await run('pdfinfo', [pdf], { encoding: 'utf8' })).stdout)?.[1]);
    expect(pages).toBeGreaterThan(3);
    // For the record (docs/testing.md): how long one conversion takes here.
    process.stdout.write(`soffice: ${pages} pages in ${Math.round(soffice.ms)} ms\n`);
  });

  it("should show the title page's fields on page 1, a line to fill in where a field is not given", async () => {
    const page1 = (await pdftotext(pdf, '-f', '1', '-l', '1')).replace(/[ \t]+/g, ' ');
    expect(page1).toContain('Отчёт о лабораторной работе № 2');
    expect(page1).toMatch(/Выполнил: .+, группа \S+/);
    expect(page1).toMatch(/Проверил: \S+/);
    expect(page1).toMatch(/_{5,}|\d{4}/);
  });

  it('should show every line of every server and client log, in Cyrillic as written', () => {
    const logs = join(dir, 'server-sync', 'logs');
    const files = readdirSync(logs).filter((f) => f.endsWith('.log'));
    expect(files.sort()).toEqual(['client-1.log', 'client-2.log', 'server-sync.log']);
    const lines = files.flatMap((file) => readFileSync(join(logs, file), 'utf8').split('\n').filter(Boolean));
    expect(lines.length).toBeGreaterThan(10);
    expect(notIn(text, [...lines, MESSAGE, SIGNATURE])).toEqual([]);
  });

  it("should show the client's code whole, and where each name it takes from @app/common lives", () => {
    const sources = readdirSync(join(ROOT, 'apps/client/src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    expect(sources).toContain('mirror-client.ts');
    const lines = sources.flatMap((file) => [
      `apps/client/src/${file}`,
      ...readFileSync(join(ROOT, 'apps/client/src', file), 'utf8')
        .split('\n')
        .filter((l) => l.trim()),
    ]);
    expect(notIn(text, [...lines, 'Что клиент берёт из @app/common'])).toEqual([]);
    // Each doc comment follows //: a quotation from the code, in English (docs/report.md).
    expect(squeeze(text)).toMatch(/libs\/common\/src\/[\w/.]+\/runapp\.tsrunApp\/\/The/);
  });

  it("should print the clients table's column names without cutting a word", () => {
    // Word and LibreOffice cut a word only when its column is narrower than the word.
    const words = reportRu.columns.flatMap((c) => c.split(/ |(?<=\/)/)).filter((w) => w.length > 1);
    expect(words).toContain('Подключился,');
    expect(words.filter((w) => !text.includes(w))).toEqual([]);
  });

  it('should carry the timeline as a picture', async () => {
    const list = (await run('pdfimages', ['-list', pdf], { encoding: 'utf8' })).stdout.split('\n').slice(2).filter(Boolean);
    expect(list.length).toBeGreaterThanOrEqual(1);
  });
});
