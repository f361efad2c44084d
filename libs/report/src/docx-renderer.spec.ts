import { paragraphs, unzip } from './testing/docx-reader.js';
import { MONO_FONT, plain, renderDocx } from './docx-renderer.js';
import type { ReportDocument } from './report-document.js';
import { PNG_SCALE } from './svg-png.js';

const SVG_WIDTH = 480;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SVG_WIDTH} 120" width="100%"><rect x="10" y="10" width="200" height="30" fill="#457b9d"/><text x="10" y="80" font-size="14">Клиент 1</text></svg>`;

const LOG = [
  '2026-11-24T14:03:07.123+03:00 server-sync[4242] SERVER_START host=127.0.0.1 port=40000 mode=sleep',
  '2026-11-24T14:03:07.301+03:00 server-sync[4242] MESSAGE_RECEIVED peer=127.0.0.1:51514 msg="Титов Юрий Павлович"',
  '\tindented\twith tabs',
].join('\n');

const full: ReportDocument = {
  lang: 'ru',
  title: 'Отчёт о работе mirror-lab',
  titlePage: {
    university: 'Московский авиационный институт',
    department: 'Кафедра 304',
    work: 'Отчёт о лабораторной работе № 2',
    discipline: 'Сетевое программирование',
    subtitle: 'Вариант 7 — многопроцессный сервер',
    student: 'Иванов И.И.',
    group: 'М3О-310Б-23',
    teacher: 'Титов Ю.П.',
    city: 'Москва',
    year: '2026',
  },
  blocks: [
    { kind: 'heading', level: 1, text: 'Отчёт о работе mirror-lab' },
    { kind: 'heading', level: 1, text: 'Настройки опыта' },
    { kind: 'paragraph', text: 'Первая строка\nвторая строка', strong: true },
    { kind: 'note', text: 'Используется имя из примера' },
    { kind: 'list', items: ['один', 'два'] },
    { kind: 'heading', level: 2, text: 'server-sync' },
    {
      kind: 'table',
      head: ['Клиент', 'Подключился, с', 'Ответ, с'],
      rows: [
        ['1', '0,00', '2,01'],
        ['2 (ошибка)', '0,30', '—'],
      ],
      numeric: [1, 2],
      failed: [1],
    },
    { kind: 'timeline', caption: 'Временная диаграмма server-sync', svg, mermaid: 'gantt', image: 'server-sync.png' },
    { kind: 'heading', level: 3, text: 'Лог сервера' },
    { kind: 'listing', name: 'server-sync/logs/server-sync.log', text: LOG, language: 'text' },
    { kind: 'listing', name: 'clients/python/client.py', text: 'def main() -> None:\n    pass\n', language: 'python' },
  ],
};

async function open(doc: ReportDocument) {
  const files = unzip(await renderDocx(doc));
  const part = (name: string) => {
    const data = files.get(name);
    if (!data) throw new Error(`${name} is not in the docx: ${[...files.keys()].join(', ')}`);
    return data.toString('utf8');
  };
  const body = part('word/document.xml');
  const footers = [...files.keys()].filter((n) => /^word\/footer\d+\.xml$/.test(n)).map(part);
  return { files, part, body, paras: paragraphs(body), footers };
}

describe(renderDocx.name, () => {
  it('should put every title page field first, then the report on a new page', async () => {
    const { paras, footers } = await open(full);
    const texts = paras.map((p) => p.text);
    const report = texts.indexOf(full.title);
    const title = texts.slice(0, report).join('\n');
    for (const field of ['Московский авиационный институт', 'Кафедра 304', 'Отчёт о лабораторной работе № 2'])
      expect(texts.slice(0, report)).toContain(field);
    expect(title).toContain('по дисциплине «Сетевое программирование»');
    expect(title).toContain('Вариант 7 — многопроцессный сервер');
    expect(title).toContain('Выполнил: Иванов И.И., группа М3О-310Б-23');
    expect(title).toContain('Проверил: Титов Ю.П.');
    // The report's first block opens page 2 by itself: no empty line at the top, no title twice.
    expect(paras[report].xml).toContain('<w:pageBreakBefore/>');
    expect(texts.filter((x) => x === full.title)).toHaveLength(1);
    expect(paras.filter((p) => p.xml.includes('<w:pageBreakBefore/>') || p.xml.includes('w:type="page"'))).toHaveLength(1);
    // City and year sit at the foot of the title page: the first page's own footer.
    expect(
      footers.map((f) =>
        paragraphs(f)
          .map((p) => p.text)
          .join('\n'),
      ),
    ).toContain('Москва 2026');
  });

  it('should start the report on a new page also when its first block is not text', async () => {
    const { paras, body } = await open({ ...full, blocks: [full.blocks[6]] });
    const table = body.indexOf('<w:tbl>');
    const pageBreak = body.indexOf('<w:br w:type="page"/>');
    expect(pageBreak).toBeGreaterThan(body.indexOf('Проверил:'));
    expect(pageBreak).toBeLessThan(table);
    expect(paras.some((p) => p.xml.includes('<w:pageBreakBefore/>'))).toBe(false);
  });

  it('should leave a line to fill in by hand for each field not given, with labels in English when the report is', async () => {
    const { paras, footers } = await open({
      ...full,
      lang: 'en',
      titlePage: { work: 'Report on laboratory work No. 2' },
    });
    const title = paras.map((p) => p.text).join('\n');
    expect(title).toMatch(/^_{10,}\n\(university\)\n_{10,}\n\(department\)\nReport on laboratory work No\. 2\nCourse: _{10,}\n/);
    expect(title).toMatch(/Done by: _{10,}, group _{10,}\nChecked by: _{10,}/);
    expect(title).not.toContain('undefined');
    expect(
      footers.map((f) =>
        paragraphs(f)
          .map((p) => p.text)
          .join(''),
      ),
    ).toContain(`${'_'.repeat(14)} 20__`);
  });

  it('should give headings the built-in heading styles a table of contents is made from', async () => {
    const { paras } = await open(full);
    const style = (text: string) => paras.find((p) => p.text === text)?.xml.match(/<w:pStyle w:val="([^"]+)"/)?.[1];
    expect(style('Настройки опыта')).toBe('Heading1');
    expect(style('server-sync')).toBe('Heading2');
    expect(style('Лог сервера')).toBe('Heading3');
  });

  it('should show a listing whole, named, line by line, in a monospaced font of at least 8 pt', async () => {
    const { paras, part } = await open(full);
    const at = paras.findIndex((p) => p.text === 'server-sync/logs/server-sync.log');
    expect(at).toBeGreaterThan(0);
    const lines = paras.slice(at + 1, at + 4);
    expect(lines.map((p) => p.text)).toEqual([...LOG.split('\n').slice(0, 2), '    indented    with tabs']);
    for (const line of lines) {
      expect(line.xml).toContain('<w:pStyle w:val="Listing"/>');
      const size = Number(line.xml.match(/<w:sz w:val="(\d+)"/)?.[1]);
      expect(size).toBeGreaterThanOrEqual(16); // half-points
    }
    const styles = part('word/styles.xml');
    const listingStyle = styles.match(/<w:style [^>]*w:styleId="Listing"[\s\S]*?<\/w:style>/)?.[0] ?? '';
    expect(listingStyle).toContain(`w:ascii="${MONO_FONT}"`);
    expect(listingStyle).toContain(`w:hAnsi="${MONO_FONT}"`); // the slot Word uses for Cyrillic
  });

  it('should draw a timeline as a PNG at twice the SVG size, scaled to the width of the text', async () => {
    const { files, body } = await open(full);
    const images = [...files.keys()].filter((n) => n.startsWith('word/media/'));
    expect(images).toHaveLength(1);
    const png = files.get(images[0])!;
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(SVG_WIDTH * PNG_SCALE);
    const cx = Number(body.match(/<wp:extent cx="(\d+)"/)?.[1]);
    // 165 mm of text on A4 with 30 and 15 mm margins, in EMU (36 000 a millimetre), within a pixel.
    expect(Math.abs(cx - 165 * 36_000)).toBeLessThan(9525 * 2);
    expect(body).toContain('descr="Временная диаграмма server-sync"');
  });

  it('should mark the header row, right-align numeric cells and mark failed rows', async () => {
    const { body } = await open(full);
    const rows = [...body.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('<w:tblHeader/>');
    const cells = (row: string) => [...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => m[0]);
    expect(cells(rows[1])[1]).toContain('<w:jc w:val="right"/>');
    expect(cells(rows[1])[0]).not.toContain('<w:jc w:val="right"/>');
    expect(rows[2]).toContain('w:val="C00000"');
    expect(rows[1]).not.toContain('w:val="C00000"');
  });

  it('should make every table column at least as wide as its longest word, within the text width', async () => {
    const head = [
      'Клиент',
      'Подключился, с',
      'Ждал, с',
      'Отправил, с',
      'Получил ответ, с',
      'Время ответа, с',
      'Отключился, с',
      'Процесс/поток',
    ];
    const { body } = await open({ ...full, blocks: [{ kind: 'table', head, rows: [head.map(() => '0,00')], numeric: [1, 2] }] });
    const grid = [...body.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(grid).toHaveLength(head.length);
    expect(grid.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(9355);
    // Room for text is the column less the cell's padding (Word's default 108 twips a side unless the table sets it).
    const margin = (side: string) =>
      Number(body.match(new RegExp(`<w:tblCellMar>[\\s\\S]*?<w:${side} [^>]*w:w="(\\d+)"`))?.[1] ?? 108);
    // A bold Cyrillic letter of Times New Roman at 10 pt is about 5.5 pt (110 twips) wide on average; "Получил" is 40 pt.
    for (const [i, text] of head.entries()) {
      const word = Math.max(...text.split(/ |(?<=\/)/).map((w) => w.length));
      expect(grid[i] - margin('left') - margin('right')).toBeGreaterThanOrEqual(word * 115);
    }
  });

  it('should number the pages in the footer with a PAGE field', async () => {
    const { footers } = await open(full);
    expect(footers.some((f) => /<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>|w:instr="\s*PAGE\s*"/.test(f))).toBe(true);
  });

  it('should keep Cyrillic as it is and keep control and direction characters out of the XML', async () => {
    const { body } = await open({
      ...full,
      blocks: [{ kind: 'listing', name: 'a.log', text: 'bell\u0007 rtl\u202Eevil\uD800 ёжик', language: 'text' }],
    });
    expect(body).toContain('bell\uFFFD rtl&lt;U+202E&gt;evil\uFFFD ёжик');
    expect(body).not.toMatch(/[\u0007\u202E]/);
  });
});

describe(`${renderDocx.name} with a timeline that cannot be drawn`, () => {
  it('should still write the report, saying in place of the picture why it is missing', async () => {
    const broken = {
      ...full.blocks[7],
      svg: '<svg xmlns="http://www.w3.org/2000/svg"><text>&</text></svg>',
    } as ReportDocument['blocks'][number];
    const { files, paras } = await open({ ...full, blocks: [full.blocks[0], broken, full.blocks[9]] });
    expect([...files.keys()].filter((n) => n.startsWith('word/media/'))).toEqual([]);
    const note = paras.find((p) => p.text.startsWith('Диаграмму server-sync.png не удалось нарисовать ('));
    expect(note?.xml).toContain('<w:pStyle w:val="Note"/>');
    expect(paras.map((p) => p.text)).toContain('Временная диаграмма server-sync');
    expect(paras.map((p) => p.text)).toContain('server-sync/logs/server-sync.log');
  });
});

describe(plain.name, () => {
  it('should drop CR before LF and show invisible direction marks by their code point', () => {
    expect(plain('a\r\nb\rc\u2066d\u200Be')).toBe('a\nb\nc<U+2066>d<U+200B>e');
  });
});
