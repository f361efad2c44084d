import { en, ru } from '../../common/src/i18n/index.js';
import type { ClientTimeline, RunAnalysis } from './run-analysis.js';
import { renderHtml, renderMarkdown, type ReportInput, type ReportOptions } from './report-writer.js';
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
  t: lang === 'ru' ? ru : en,
  when: '25.11.2026',
  machine: { hostname: 'pc', cpus: 2, node: 'v20' },
  appendix: { language: 'TypeScript', files: [{ name: 'apps/client/src/main.ts', text: 'const answer = 42;\n' }], missing: [] },
});

describe('report writer', () => {
  it('should draw a Mermaid chart of a 100-second run on a clock axis that does not wrap at 60 s', () => {
    const md = renderMarkdown(input('ru'));
    const chart = md.slice(md.indexOf('```mermaid'), md.indexOf('```', md.indexOf('```mermaid') + 3));
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

  it('should label the SVG axis in m:ss past a minute', () => {
    expect(axisLabel(90_000, 10_000)).toBe('1:30');
    expect(axisLabel(30_000, 10_000)).toBe('30');
    const svg = renderTimeline(run, ru.report);
    expect(svg).toContain('>1:40<');
  });

  it("should hold the student's data, the test log and the client's code, with relative paths", () => {
    for (const lang of ['ru', 'en'] as const) {
      for (const out of [renderMarkdown(input(lang)), renderHtml(input(lang))]) {
        expect(out).toContain('Иванова Мария Петровна М3О-321Б-22');
        expect(out).toContain('Сервер написан Ивановой М.П.');
        expect(out).not.toContain('Титов');
        expect(out).toContain('LOG LINE 1');
        expect(out).toContain('const answer = 42;');
        expect(out).toContain('server-sync/config/server-sync.ini');
      }
    }
    expect(renderMarkdown(input('ru'))).toContain('## Тестовый лог-файл клиента');
  });

  it('should print every file: no collapsed <details>, and a print stylesheet for A4', () => {
    const html = renderHtml(input('ru'));
    expect(html).not.toContain('<details');
    expect(html).toMatch(/@page\{size:A4/);
    expect(html).toMatch(/@media print\{[^]*\.file pre\{max-height:none;overflow:visible/);
    expect(html).toMatch(/\.timeline-block\{break-inside:avoid/);
  });
});
