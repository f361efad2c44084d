import { fixture } from '../test-fixtures/fixtures.js';
import { conclusions, describe as describeFindings } from './conclusions.js';
import { reportTexts } from './i18n/report-texts.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { buildLabReport, configsSection, threadExitBlocks, type ReportInput, type ReportOptions } from './report-builder.js';
import { analyseLogs, type ClientTimeline, type RunAnalysis } from './run-analysis.js';
import { axisLabel, MIN_SEGMENT_MS, renderTimeline, segments } from './svg-timeline.js';

const T0 = Date.UTC(2026, 10, 25, 7, 0, 0);

/** Client k of a 90-second iterative run: queued until 20 s × (k-1), then 20 s of work. */
function client(k: number): ClientTimeline {
  const served = 20_000 * (k - 1);
  return {
    index: k,
    local: `127.0.0.1:${40000 + k}`,
    // The server logged CLIENT_CONNECTED 2 ms before the client logged CONNECTED (two processes' clocks).
    connected: k === 1 ? 2 : 300 * (k - 1),
    served,
    queued: k > 1,
    sent: 300 * (k - 1) + 100,
    read: Math.max(served, 300 * (k - 1) + 100) + (k > 1 ? 1 : 0),
    replied: served + 20_000,
    received: served + 20_001,
    disconnected: served + 20_500,
    waitMs: served - 300 * (k - 1),
    responseMs: served + 20_001 - (300 * (k - 1) + 100),
    ok: true,
  };
}

const run: RunAnalysis = {
  kind: 'server-sync',
  target: '127.0.0.1:4000',
  t0: T0,
  clients: [1, 2, 3, 4, 5].map(client),
  totalMs: 100_500,
  lastReplyMs: 100_001,
  serverStart: { host: '127.0.0.1', port: '4000' },
  hasServerLog: true,
  sessionEnds: [],
  threadExits: [],
  clock: [],
  unreadable: 0,
  files: {
    configs: [{ name: 'server-sync/config/server-sync.ini', text: '[server]\nport = 0\n' }],
    logs: [{ name: 'server-sync/logs/client-1.log', text: 'LOG LINE 1\n' }],
  },
};

const options: ReportOptions = {
  clients: 5,
  delayMs: 20_000,
  mode: 'sleep',
  staggerMs: 300,
  servers: ['sync'],
  workers: 2,
  threads: 4,
  lang: 'ru',
  sendAfterMs: 100,
  lingerMs: 500,
};

const input = (lang: 'ru' | 'en'): ReportInput => ({
  runs: [run],
  options: { ...options, lang },
  identity: {
    message: { text: 'Иванова Мария Петровна М3О-321Б-22', source: 'config/client.ini', isExample: false },
    signatures: {
      sync: { text: 'Сервер написан Ивановой М.П.', source: 'config/server-sync.ini', isExample: false },
      cluster: { text: 'x', isExample: true },
      threads: { text: 'x', isExample: true },
    },
  },
  findings: [],
  when: new Date(2026, 10, 25, 9, 5, 7),
  machine: { hostname: 'vm', cpus: 2, node: 'v20' },
  appendix: { language: 'TypeScript', files: [{ name: 'apps/client/src/main.ts', text: 'const answer = 42;\n' }], missing: [] },
});

const md = (lang: 'ru' | 'en') => renderMarkdown(buildLabReport(input(lang)));
const html = (lang: 'ru' | 'en') => renderHtml(buildLabReport(input(lang)));

describe('report writer', () => {
  it('should draw a Mermaid chart of a 100-second run on a clock axis that does not wrap at 60 s', () => {
    const text = md('ru');
    const chart = text.slice(text.indexOf('```mermaid'), text.indexOf('```', text.indexOf('```mermaid') + 3));
    expect(chart).toContain('axisFormat %H:%M:%S');
    const tasks = [...chart.matchAll(/^ {2}(.+) :(\d+), (\d+)$/gm)].map((m) => ({
      name: m[1],
      from: Number(m[2]),
      to: Number(m[3]),
    }));
    expect(tasks.length).toBeGreaterThanOrEqual(10);
    for (const t of tasks) {
      expect(t.from).toBeGreaterThanOrEqual(T0);
      expect(t.to - t.from).toBeGreaterThanOrEqual(MIN_SEGMENT_MS);
      expect(t.name).not.toMatch(/ {2}|[:;#]/);
    }
    // Client 5's reply at 100 s is drawn at 100 s, not at 40 s.
    expect(Math.max(...tasks.map((t) => t.to)) - T0).toBe(100_500);
  });

  it('should never start a phase before 0 or before the phase it follows, nor draw 1 ms slivers', () => {
    for (const c of run.clients) {
      const segs = segments(c, true);
      let end = 0;
      for (const s of segs) {
        expect(s.from).toBeGreaterThanOrEqual(end);
        expect(s.to - s.from).toBeGreaterThanOrEqual(MIN_SEGMENT_MS);
        end = s.to;
      }
    }
    // Client 2's line was read 1 ms after it was served: no "connected, waiting" bar.
    expect(segments(run.clients[1], true).map((s) => s.phase)).toEqual(['queue', 'work', 'reply']);
  });

  it("should draw a client's connect and reply where the table puts them (the client's log), not at the server's moments", () => {
    const runs = [
      fixture('sleep', 'server-sync'),
      fixture('sleep', 'server-cluster'),
      fixture('sleep', 'server-threads'),
      fixture('spin', 'server-cluster'),
    ].map(analyseLogs);
    // The case a student saw: the server logged CLIENT_CONNECTED 42 ms before the client's CONNECTED.
    const c4 = runs[1].clients[3];
    expect(c4.connected - c4.served!).toBe(42);
    for (const r of runs)
      for (const c of r.clients) {
        const segs = segments(c, true);
        // c.connected is the table's "Connected" column.
        expect(segs[0].from).toBe(c.connected);
        expect(segs.find((x) => x.phase === 'reply')?.from).toBe(c.received);
        expect(segs.at(-1)?.to).toBe(c.disconnected);
      }
    const doc = renderMarkdown(buildLabReport({ ...input('ru'), runs }));
    expect(doc).toContain('по логу клиента (CONNECTED, SENT, RECEIVED, DISCONNECTED)');
  });

  it('should speak of threads that died in the plural when there were several', () => {
    const died = [{ reason: 'error' }, { reason: 'error' }, { reason: 'server-shutdown' }];
    const said = (lang: 'ru' | 'en') => threadExitBlocks(died, lang).map((b) => (b as { text: string }).text);
    expect(said('ru')[1]).toMatch(/^Потоки пула завершились во время работы \(2 строки THREAD_EXIT .*заменил каждый новым/);
    expect(said('en')[1]).toMatch(/^2 pool threads ended during work \(2 lines THREAD_EXIT .*replaced each/);
    expect(said('en')[0]).toContain('(1 thread)');
  });

  it('should take the client that connected first as "the first" of the condition, and say it when that is not client 1', () => {
    // Client 1 started first but connected at 0.5 s, after client 2 (0.3 s), as on a loaded machine.
    const late = { ...run, clients: run.clients.map((c) => (c.index === 1 ? { ...c, connected: 500 } : c)) };
    const text = renderMarkdown(buildLabReport({ ...input('ru'), runs: [late] }));
    expect(text).toContain(
      'Первым подключился клиент 2, а не 1: клиенты запускаются по очереди, но на загруженной машине позже запущенный может подключиться раньше. Клиент 2 получил ответ на 40,00 с; до этого подключились клиент 1 — на 0,50 с, клиент 3 — на 0,60 с',
    );
    expect(md('ru')).toContain(
      'Условие задания\n\nКлиент 1 получил ответ на 20,00 с; до этого подключились клиент 2 — на 0,30 с',
    );
  });

  it('should make the verb agree when one other client connected, in both languages', () => {
    const two = { ...run, clients: run.clients.slice(0, 2) };
    const say = (lang: 'ru' | 'en') => renderMarkdown(buildLabReport({ ...input(lang), runs: [two] }));
    expect(say('ru')).toContain(
      'Клиент 1 получил ответ на 20,00 с; до этого подключился клиент 2 — на 0,30 с. Условие задания выполнено: второй клиент подключился, пока первый ещё ждал ответа.',
    );
    expect(say('en')).toContain('Client 1 got its reply at 20.00 s; the other client connected before that: client 2 at 0.30 s.');
    // Five clients: the plural, as before.
    expect(md('ru')).toContain('до этого подключились клиент 2 — на 0,30 с, клиент 3');
  });

  it('should label the SVG axis in m:ss past a minute', () => {
    expect(axisLabel(90_000, 10_000)).toBe('1:30');
    expect(axisLabel(30_000, 10_000)).toBe('30');
    const svg = renderTimeline(run, reportTexts('ru'), 'ru');
    expect(svg).toContain('>1:40<');
  });

  it("should hold the student's data, the test log and the client's code, with relative paths", () => {
    for (const lang of ['ru', 'en'] as const) {
      for (const out of [md(lang), html(lang)]) {
        expect(out).toContain('Иванова Мария Петровна М3О-321Б-22');
        expect(out).toContain('Сервер написан Ивановой М.П.');
        expect(out).not.toContain('Титов');
        expect(out).toContain('LOG LINE 1');
        expect(out).toContain('const answer = 42;');
        expect(out).toContain('server-sync/config/server-sync.ini');
      }
    }
    expect(md('ru')).toContain('## Тестовый лог-файл клиента');
  });

  it('should print every file: no collapsed <details>, and a print stylesheet for A4', () => {
    const page = html('ru');
    expect(page).not.toContain('<details');
    expect(page).toMatch(/@page\{size:A4/);
    expect(page).toMatch(/@media print\{[^]*\.file pre\{max-height:none;overflow:visible/);
    expect(page).toMatch(/\.timeline-block\{break-inside:avoid/);
  });
});

describe('report text as a reader sees it', () => {
  const HOSTILE = 'Иванова <img src=x onerror=alert(1)> *bold* _it_ [link](http://x) `code` | cell &amp; \u202Eevil\u0085\u200B';

  const hostile = (lang: 'ru' | 'en'): ReportInput => {
    const base = input(lang);
    return {
      ...base,
      identity: { ...base.identity, message: { text: HOSTILE, source: '--message', isExample: false } },
    };
  };
  /** The Markdown outside its code fences: where a viewer would read markup. */
  const prose = (md: string) => md.replace(/^(`{3,})[^\n]*\n[^]*?\n\1$/gm, '');

  it('should let no raw HTML, markup or invisible character of a student text into report.md', () => {
    const md = prose(renderMarkdown(buildLabReport(hostile('ru'))));
    expect(md).not.toMatch(/<img|<script|<svg/);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('\\*bold\\* \\_it\\_ \\[link\\](http://x) \\`code\\` \\| cell &amp;amp;');
    // A Markdown backslash is written doubled: a viewer shows \u{202E}.
    expect(md).toContain('\\\\u{202E}evil\\\\u{0085}\\\\u{200B}');
    expect(md).not.toMatch(/[\u0085\u200B-\u200F\u202A-\u202E\u2066-\u2069]/);
    // An underscore inside a word cannot start emphasis, so event names stay as they are written.
    expect(md).toContain('(CLIENT_QUEUED)');
    // The identity table keeps its two columns.
    const row = md.split('\n').find((l) => l.includes('onerror'))!;
    expect(row.split(/(?<!\\)\|/)).toHaveLength(4);
  });

  it('should show invisible characters in report.html too, and escape its markup', () => {
    const page = renderHtml(buildLabReport(hostile('en')));
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('\\u{202E}evil');
    expect(page).not.toMatch(/[\u0085\u200B\u202E]/);
  });

  it('should date the report with the month in words and call the machine a computer by its name, in both languages', () => {
    // 25.11.2026 and 11/25/2026 read differently in different countries; the month's name does not.
    expect(md('ru')).toContain(
      'Отчёт mirror-lab, 25 ноября 2026 г., 09:05:07. Компьютер: сетевое имя «vm», 2 ядра процессора, Node.js v20.',
    );
    expect(md('en')).toContain(
      'mirror-lab report, 25 November 2026, 09:05:07. Computer: host name "vm", 2 CPU cores, Node.js v20.',
    );
    expect(html('en')).toContain('25 November 2026, 09:05:07');
    for (const lang of ['ru', 'en'] as const) expect(md(lang)).not.toMatch(/\d{2}[./]\d{2}[./]\d{4}|Машина|CPU,/);
  });

  it('should write Russian numbers with a decimal comma and English ones with a point, in tables and text', () => {
    // Client 2 sent at 0.4 s (300 + 100 ms).
    expect(md('ru')).toMatch(/\| 2 \| 0,30 \| 19,70 \| 0,40 \|/);
    expect(md('en')).toMatch(/\| 2 \| 0.30 \| 19.70 \| 0.40 \|/);
    expect(md('ru')).toContain('**Всего: 100,50 с**');
    const same = describeFindings(
      [{ kind: 'concurrent', server: 'server-cluster', fastestMs: 2010, slowestMs: 2012, inFlight: 5 }],
      reportTexts('ru'),
    )[0];
    // 2010 and 2012 ms both read 2,01 s: one number, not "2,01–2,01".
    expect(same).toContain('ответы пришли через 2,01 с после отправки');
    expect(same).toContain('до 5 запросов');
  });

  it('should show five near-identical client INIs once, with what differs listed per file', () => {
    const configs = fixture('sleep', 'server-sync').configs;
    const blocks = configsSection(configs, 'ru');
    const listings = blocks.filter((b) => b.kind === 'listing');
    expect(listings.map((b) => b.name)).toEqual(configs.map((c) => c.name));
    // server-sync.ini and client-1.ini whole; the others as their own lines only.
    expect(listings[0].text).toBe(configs[0].text);
    expect(listings[1].text).toBe(configs[1].text);
    expect(listings[2].text).toBe('[client]\nmessage = Титов Юрий Павлович М3О-3ХХБ-ХХ \\#2\n[log]\nfile = logs/client-2.log');
    expect(blocks).toContainEqual({
      kind: 'paragraph',
      text: 'client-2.ini, client-3.ini, client-4.ini, client-5.ini: то же, что server-sync/config/client-1.ini, кроме строк:',
    });
    const shown = listings.reduce((n, b) => n + b.text.length, 0);
    const all = configs.reduce((n, c) => n + c.text.length, 0);
    expect(shown).toBeLessThan(all * 0.6);
  });

  it('should say nothing of a remote server it does not know, its language included', () => {
    const remote = { ...run, kind: 'remote' as const, hasServerLog: false };
    const said = describeFindings(
      conclusions([remote], { mode: 'sleep', cpus: 2, units: {}, clientLanguage: 'Python' }),
      reportTexts('ru'),
    );
    expect(said.join('\n')).not.toContain('TypeScript');
    expect(said.join('\n')).toContain('На каком языке написан удалённый сервер, отчёт не знает');
  });
});

describe("title, variant and the lab's own facts", () => {
  const withStudent = (lang: 'ru' | 'en', variant?: number): ReportInput => {
    const base = input(lang);
    return {
      ...base,
      identity: {
        ...base.identity,
        student: {
          name: 'Иванова Мария Петровна',
          group: 'М3О-321Б-22',
          course: { university: 'МАИ', discipline: 'Сетевое программирование', teacher: '', year: 2026 },
        },
        ...(variant === undefined ? {} : { variant: { number: variant, server: variant % 2 === 1 ? 'cluster' : 'threads' } }),
      },
    };
  };

  it('should name the variant and its server in the title and on the title page', () => {
    const odd = buildLabReport(withStudent('ru', 7));
    expect(odd.title).toBe('Лабораторная работа 2, вариант 7: итеративный и многопроцессный серверы');
    expect(odd.titlePage).toMatchObject({
      work: 'Отчёт о лабораторной работе № 2',
      subtitle: 'Вариант 7 — многопроцессный сервер',
      student: 'Иванова Мария Петровна',
      group: 'М3О-321Б-22',
      university: 'МАИ',
      year: '2026',
    });
    // A blank field is a line to fill in by hand, not an empty text.
    expect(odd.titlePage.teacher).toBeUndefined();
    expect(odd.titlePage.city).toBeUndefined();
    expect(renderMarkdown(odd)).toContain(
      'Вариант 7 нечётный: параллельный сервер этого варианта — многопроцессный (server-cluster)',
    );
    expect(buildLabReport(withStudent('en', 8)).title).toBe('Lab 2, variant 8: the iterative and the multi-threaded servers');
  });

  it('should send a student still on the built-in example to config/student.ini, the one place for name, group and variant', () => {
    for (const lang of ['ru', 'en'] as const) {
      const base = input(lang);
      const doc = buildLabReport({ ...base, identity: { ...base.identity, message: { text: 'Титов', isExample: true } } });
      const note = doc.blocks.find((b) => b.kind === 'note') as { text: string };
      expect(note.text).toMatch(
        /^(Это встроенный пример|This is the built-in example).*config\/student\.ini \(\[student\] name, group, variant\)/,
      );
    }
  });

  it('should say which server fits which variant when none is given, and leave the example name off the title page', () => {
    const doc = buildLabReport(input('ru'));
    expect(doc.title).toBe('Лабораторная работа 2: итеративный и параллельные серверы');
    expect(doc.titlePage.subtitle).toBeUndefined();
    expect(doc.titlePage.student).toBeUndefined();
    expect(renderMarkdown(doc)).toContain(
      'Нечётному варианту соответствует многопроцессный сервер (server-cluster), чётному — многопоточный (server-threads)',
    );
  });

  it("should put the lab's notes first and its settings in the settings table", () => {
    const base = input('ru');
    const doc = buildLabReport({
      ...base,
      lab: { partial: true, notes: ['Отчёт частичный: опыт прерван (SIGTERM).'], settings: [['Python', 'python3 3.12']] },
    });
    const md = renderMarkdown(doc);
    expect(md.indexOf('> Отчёт частичный: опыт прерван (SIGTERM).')).toBeLessThan(md.indexOf('## Студент и подпись'));
    expect(md).toContain('| Python | python3 3.12 |');
  });
});
