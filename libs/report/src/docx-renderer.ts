import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
} from 'docx';
import type { Block, ReportDocument, TitlePage } from './report-document.js';
import { DOCX_TEXTS, type DocxTexts } from './i18n/docx-texts.js';
import { renderPng, type Png } from './svg-png.js';

/** Sizes in twips (1/1440 inch) unless named otherwise; the page is A4 with the margins Russian universities ask for. */
const PAGE = { width: 11906, height: 16838 } as const;
const MARGIN = { top: 1134, bottom: 1134, left: 1701, right: 850 } as const; // 20, 20, 30, 15 mm
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const TEXT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom;
/** Pictures are sized in pixels at 96 to the inch. */
const toPx = (twips: number) => Math.floor((twips / 1440) * 96);

const BODY_FONT = 'Times New Roman';
export const MONO_FONT = 'Courier New';
/** Font sizes in half-points, as Word stores them. */
const SIZE = { body: 24, table: 20, hint: 16, title: 32 } as const;
/**
 * Logs are wide (a line is often 120–160 characters): 8 pt keeps most of
 * a line on one printed line; code and configs are narrower and get 9 pt.
 */
const LISTING_SIZE = { text: 16, ini: 18, typescript: 18, python: 18 } as const;

/** How far a listing's wrapped line is indented, in twips (about 4 characters). */
const LISTING_HANG = 400;

const LANG_TAG = { ru: 'ru-RU', en: 'en-GB' } as const;

/**
 * Text as Word can hold it and a reader can trust it (a log is evidence).
 * XML 1.0 has no place for most control characters or a lone surrogate; the
 * docx package drops such control characters without a trace, so here each
 * becomes a visible U+FFFD first. The direction and invisible formatting
 * characters would silently reorder or hide what is shown, so they are
 * shown as their code point.
 */
export function plain(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu, '\uFFFD')
    .replace(
      /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g,
      (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`,
    );
}

/** Tabs to spaces (every 4 columns), so a listing keeps its columns in any font settings. */
const untab = (line: string) =>
  line.replace(/[^\t]*\t/g, (part) => part.slice(0, -1).padEnd(Math.ceil(part.length / 4) * 4, ' '));

/** Runs of one piece of text, a line break where the text has one. */
function runs(text: string, options: Omit<IRunOptions, 'text' | 'break'> = {}): TextRun[] {
  return plain(text)
    .split('\n')
    .map((line, i) => new TextRun({ ...options, text: line, break: i > 0 ? 1 : undefined }));
}

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

/** Cell padding left and right, in twips (Word's default is 108; less leaves room for the words). */
const CELL_MARGIN = 72;
/**
 * A generous width of one character of the table's font, in twips: bold
 * Cyrillic in Times at 10 pt averages about 5.5 pt ("Получил" is 40 pt).
 */
const CHAR = Math.round((SIZE.table / 2) * 0.6 * 20);
/** Where a line may break inside a cell: at spaces, and after a slash ("Процесс/поток"). */
const words = (cell: string) => cell.split(/\s+|(?<=\/)/);

/**
 * Column widths that fill the text width. Each column gets at least its
 * longest word, so no word is cut in the middle (the header's "Подключился,"
 * is the usual victim); what is left goes to the columns whose cells are
 * longer than that, in proportion. Only when even the words do not fit are
 * all columns shrunk alike.
 */
function columnWidths(rows: string[][], columns: number): number[] {
  const pad = 2 * CELL_MARGIN + 40;
  const cells = (i: number) => rows.map((r) => plain(r[i] ?? ''));
  const min = Array.from(
    { length: columns },
    (_, i) => Math.max(3, ...cells(i).flatMap((c) => words(c).map((w) => w.length))) * CHAR + pad,
  );
  const want = Array.from({ length: columns }, (_, i) =>
    Math.max(min[i], Math.min(60, Math.max(0, ...cells(i).map((c) => c.length))) * CHAR + pad),
  );
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const fit = (xs: number[]) => xs.map((x) => Math.floor((x / sum(xs)) * TEXT_WIDTH));
  if (sum(min) >= TEXT_WIDTH) return fit(min);
  if (sum(want) <= TEXT_WIDTH) return fit(want);
  const extra = want.map((w, i) => w - min[i]);
  const room = TEXT_WIDTH - sum(min);
  return min.map((m, i) => Math.floor(m + (extra[i] / sum(extra)) * room));
}

function table(block: Extract<Block, { kind: 'table' }>): Table {
  const rows = block.head ? [block.head, ...block.rows] : block.rows;
  const columns = Math.max(1, ...rows.map((r) => r.length));
  const widths = columnWidths(rows, columns);
  const numeric = new Set(block.numeric ?? []);
  const failed = new Set(block.failed ?? []);
  const offset = block.head ? 1 : 0;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    margins: { left: CELL_MARGIN, right: CELL_MARGIN },
    columnWidths: widths,
    rows: rows.map((cells, r) => {
      const head = block.head !== undefined && r === 0;
      const bad = !head && failed.has(r - offset);
      return new TableRow({
        tableHeader: head,
        cantSplit: true,
        children: widths.map(
          (width, c) =>
            new TableCell({
              width: { size: width, type: WidthType.DXA },
              shading: head
                ? { type: ShadingType.CLEAR, fill: 'EDEDED', color: 'auto' }
                : bad
                  ? { type: ShadingType.CLEAR, fill: 'FDECEA', color: 'auto' }
                  : undefined,
              children: [
                new Paragraph({
                  alignment: numeric.has(c) && !head ? AlignmentType.RIGHT : AlignmentType.LEFT,
                  children: runs(cells[c] ?? '', {
                    bold: head,
                    color: bad ? 'C00000' : undefined,
                    size: SIZE.table,
                  }),
                }),
              ],
            }),
        ),
      });
    }),
  });
}

function listing(block: Extract<Block, { kind: 'listing' }>): Paragraph[] {
  const lines = plain(block.text).replace(/\n+$/, '').split('\n');
  return [
    new Paragraph({
      style: 'ListingName',
      keepNext: true,
      children: [new TextRun({ text: plain(block.name) })],
    }),
    ...lines.map(
      (line) =>
        new Paragraph({
          style: 'Listing',
          children: [new TextRun({ text: untab(line), size: LISTING_SIZE[block.language] })],
        }),
    ),
  ];
}

/** The PNG of a timeline, or why there is none: a picture that cannot be drawn must not cost the student the report. */
function picture(svg: string): Png | Error {
  try {
    return renderPng(svg);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function timeline(block: Extract<Block, { kind: 'timeline' }>, t: DocxTexts): Paragraph[] {
  const png = picture(block.svg);
  if (png instanceof Error)
    return [
      new Paragraph({ style: 'Note', children: runs(t.pictureFailed(block.image, png.message)) }),
      new Paragraph({ style: 'Caption', children: runs(block.caption) }),
    ];
  // As wide as the text; a picture of very many clients is shrunk to fit one page with its caption.
  const scale = Math.min(toPx(TEXT_WIDTH) / png.width, (toPx(TEXT_HEIGHT) * 0.9) / png.height);
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      children: [
        new ImageRun({
          type: 'png',
          data: png.data,
          transformation: { width: Math.round(png.width * scale), height: Math.round(png.height * scale) },
          altText: { name: plain(block.image), title: plain(block.caption), description: plain(block.caption) },
        }),
      ],
    }),
    new Paragraph({ style: 'Caption', children: runs(block.caption) }),
  ];
}

/**
 * A block as Word paragraphs and tables. The first block starts the page
 * after the title page: a text block by its own page break (no empty line
 * at the top of the page), any other after a paragraph holding the break.
 */
function render(block: Block, t: DocxTexts, first = false): Array<Paragraph | Table> {
  const pageBreakBefore = first || undefined;
  if (first && block.kind !== 'heading' && block.kind !== 'paragraph' && block.kind !== 'note')
    return [new Paragraph({ children: [new PageBreak()] }), ...render(block, t)];
  switch (block.kind) {
    case 'heading':
      return [new Paragraph({ heading: HEADINGS[block.level], pageBreakBefore, children: runs(block.text) })];
    case 'paragraph':
      return [new Paragraph({ pageBreakBefore, children: runs(block.text, { bold: block.strong }) })];
    case 'note':
      return [new Paragraph({ style: 'Note', pageBreakBefore, children: runs(block.text) })];
    case 'list':
      return block.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: runs(item) }));
    case 'table':
      // An empty paragraph after a table: two tables in a row would merge into one in Word.
      return [table(block), new Paragraph({})];
    case 'listing':
      return listing(block);
    case 'timeline':
      return timeline(block, t);
  }
}

/** A line to fill in by hand where a field is not given. */
const BLANK = '_'.repeat(36);
const SHORT_BLANK = '_'.repeat(14);
/**
 * The blanks of the signature lines: "Выполнил: ____, группа ____" must fit
 * on one line of the right part of the page (about 300 pt at 12 pt type).
 */
const NAME_BLANK = '_'.repeat(18);
const GROUP_BLANK = '_'.repeat(10);

const centered = (text: string, options: { bold?: boolean; size?: number; before?: number; caps?: boolean } = {}) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: options.before ?? 0 },
    children: runs(text, { bold: options.bold, size: options.size, allCaps: options.caps }),
  });

/** A field on its own line: its value, or a blank line with a small hint of what goes there. */
const field = (value: string | undefined, hint: string, before = 0): Paragraph[] =>
  value ? [centered(value, { before })] : [centered(BLANK, { before }), centered(hint, { size: SIZE.hint })];

function titlePage(page: TitlePage, t: DocxTexts): Paragraph[] {
  const signed = (label: string, value: string, before: number) =>
    new Paragraph({
      // The right part of the page, where title pages put who did and who checked the work.
      indent: { left: Math.round(TEXT_WIDTH * 0.35) },
      spacing: { before },
      children: [new TextRun({ text: `${label} `, bold: true }), ...runs(value)],
    });
  const student = `${page.student ?? NAME_BLANK}, ${t.group} ${page.group ?? GROUP_BLANK}`;
  return [
    ...field(page.university, t.hint.university),
    ...field(page.department, t.hint.department, 120),
    centered(page.work, { bold: true, size: SIZE.title, before: 3600 }),
    centered(t.discipline(page.discipline ?? BLANK), { before: 240 }),
    ...(page.subtitle ? [centered(page.subtitle, { before: 240 })] : []),
    signed(t.doneBy, student, 3000),
    signed(t.checkedBy, page.teacher ?? NAME_BLANK, 240),
  ];
}

/**
 * The title page's foot: city and year. In the first page's footer they stay
 * at the bottom of the page however long the fields above are.
 */
function titleFooter(page: TitlePage, t: DocxTexts): Footer {
  const city = page.city ?? SHORT_BLANK;
  return new Footer({ children: [centered(`${city} ${page.year ?? t.blankYear}`)] });
}

const pageNumberFooter = () =>
  new Footer({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT] })] })],
  });

/** The report as a Word file (OOXML): a title page, then every block in order. */
export async function renderDocx(doc: ReportDocument): Promise<Buffer> {
  const t = DOCX_TEXTS[doc.lang];
  const language = { value: LANG_TAG[doc.lang] };
  const children: Array<Paragraph | Table> = [
    ...titlePage(doc.titlePage, t),
    ...doc.blocks.flatMap((block, i) => render(block, t, i === 0)),
  ];
  const heading = (size: number) => ({
    run: { font: BODY_FONT, size, bold: true, color: '000000' },
    paragraph: { keepNext: true, keepLines: true, spacing: { before: 240, after: 120 } },
  });
  const file = new Document({
    title: plain(doc.title),
    creator: plain(doc.titlePage.student ?? 'mirror-lab'),
    description: plain(doc.titlePage.work),
    styles: {
      default: {
        document: {
          run: { font: BODY_FONT, size: SIZE.body, language },
          // The rule is explicit: without it LibreOffice takes the line height as exact and clips pictures.
          paragraph: { spacing: { after: 80, line: 276, lineRule: LineRuleType.AUTO } },
        },
        title: {
          run: { font: BODY_FONT, size: SIZE.title, bold: true, color: '000000' },
          paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 240 } },
        },
        heading1: heading(30),
        heading2: heading(28),
        heading3: heading(24),
      },
      paragraphStyles: [
        {
          id: 'Listing',
          name: 'Listing',
          basedOn: 'Normal',
          run: { font: MONO_FONT, size: LISTING_SIZE.ini },
          // A line too long for the page goes on indented, so a wrapped log line never looks like a new event.
          paragraph: {
            spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
            indent: { left: LISTING_HANG, hanging: LISTING_HANG },
          },
        },
        {
          id: 'ListingName',
          name: 'Listing Name',
          basedOn: 'Normal',
          next: 'Listing',
          run: { font: MONO_FONT, size: 20, bold: true },
          paragraph: { keepNext: true, spacing: { before: 200, after: 60 } },
        },
        {
          id: 'Note',
          name: 'Note',
          basedOn: 'Normal',
          paragraph: {
            border: { left: { style: BorderStyle.SINGLE, size: 24, color: 'F4A261', space: 6 } },
            shading: { type: ShadingType.CLEAR, fill: 'FFF8E1', color: 'auto' },
            indent: { left: 120 },
            spacing: { before: 120, after: 120 },
          },
        },
        {
          id: 'Caption',
          name: 'Caption',
          basedOn: 'Normal',
          run: { italics: true, size: 20 },
          paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 200 } },
        },
      ],
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { ...MARGIN, footer: 567 },
            pageNumbers: { start: 1 },
          },
        },
        footers: { first: titleFooter(doc.titlePage, t), default: pageNumberFooter() },
        children,
      },
    ],
  });
  return Packer.toBuffer(file);
}
