import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ROOT, events, readLog, runApp, startServer, tempDir, type Exit, type RunningServer } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLIENTS = 5;
const DELAY = 2000;
const MESSAGE = 'Иванова Мария Петровна М3О-321Б-22';
const SIGNATURE = 'Сервер написан Ивановой М.П. М3О-321Б-22';

/** A Russian number of the report ("13,60", "10 150,00") as a number. */
const ruNumber = (text: string) => Number(text.replace(/[\s\u00a0]/g, '').replace(',', '.'));
/** Milliseconds as the Russian report writes seconds: "2,04". */
const ruSeconds = (ms: number) => (ms / 1000).toLocaleString('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The `| 1 | 0,00 | ... |` rows of a Markdown table that follows `heading`. */
function tableRows(markdown: string, heading: string): string[][] {
  const at = markdown.indexOf(heading);
  expect(at).toBeGreaterThanOrEqual(0);
  const lines = markdown.slice(at).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|---'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

/** A student's working directory: their own config/client.ini and config/server-sync.ini, nothing else changed. */
function studentDir(): string {
  const cwd = tempDir('mirror-lab-student-');
  mkdirSync(join(cwd, 'config'));
  writeFileSync(join(cwd, 'config', 'client.ini'), `[client]\nmessage = ${MESSAGE}\n`);
  writeFileSync(join(cwd, 'config', 'server-sync.ini'), `[reply]\nsignature = ${SIGNATURE}\n`);
  return cwd;
}

describe('lab demo (npm start) end to end', () => {
  let exit: Exit;
  let dir: string;
  let md: string;

  beforeAll(async () => {
    const out = tempDir('mirror-lab-report-');
    exit = await runApp(
      'lab',
      [
        '--servers',
        'sync,cluster',
        '--clients',
        String(CLIENTS),
        '--delay',
        String(DELAY),
        '--stagger',
        '100',
        '--send-after',
        '200',
        '--linger',
        '0',
        '--workers',
        '2',
        '--out',
        out,
      ],
      studentDir(),
    ).exited;
    dir = /Отчёт \(HTML\): +(.*)\/report\.html/.exec(exit.stdout)?.[1] ?? '';
    md = existsSync(join(dir, 'report.md')) ? readFileSync(join(dir, 'report.md'), 'utf8') : '';
  }, 180_000);

  it('should finish with exit 0 and print both report paths and a summary table, in Russian', () => {
    expect(exit.code).toBe(0);
    expect(existsSync(join(dir, 'report.md'))).toBe(true);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    expect(exit.stdout).toMatch(/server-sync\s+5\s+5\s/);
    expect(exit.stdout).toMatch(/server-cluster\s+5\s+5\s/);
    expect(exit.stdout).toContain(
      'Лабораторная: 5 клиентов на каждый сервер (server-sync, server-cluster), задержка 2000 мс (sleep)',
    );
    expect(exit.stdout).not.toMatch(/clients|finished|Report/);
  });

  it('should take at least N x delay on the iterative server, and answer every client of the concurrent one within 2 x delay', () => {
    const totals = [...md.matchAll(/\*\*Всего: ([\d\s\u00a0,]+) с\*\*/g)].map((m) => ruNumber(m[1]) * 1000);
    expect(totals).toHaveLength(2);
    expect(totals[0]).toBeGreaterThanOrEqual(CLIENTS * DELAY);
    // Response times (sent -> received), not the total: on a loaded machine the
    // client processes themselves start seconds apart, which stretches the total.
    const longest = (heading: string) => Math.max(...tableRows(md, heading).map((r) => ruNumber(r[5]) * 1000));
    expect(longest('## Многопроцессный сервер (server-cluster)')).toBeLessThan(2 * DELAY);
    expect(longest('## Итеративный сервер (server-sync)')).toBeGreaterThanOrEqual(2 * DELAY);
  });

  it('should report exactly what the logs say', () => {
    for (const kind of ['server-sync', 'server-cluster']) {
      const heading =
        kind === 'server-sync' ? '## Итеративный сервер (server-sync)' : '## Многопроцессный сервер (server-cluster)';
      const rows = tableRows(md, heading);
      expect(rows).toHaveLength(CLIENTS);
      const clientLogs = rows.map((_, i) => readLog(join(dir, kind, 'logs', `client-${i + 1}.log`)));
      const serverLog = readLog(join(dir, kind, 'logs', `${kind}.log`));
      const t0 = Math.min(...clientLogs.map((l) => Date.parse(events(l, 'CONNECTED')[0].time)));
      for (const [i, row] of rows.entries()) {
        const log = clientLogs[i];
        const t = (event: string) => Date.parse(events(log, event)[0].time);
        const s = ruSeconds;
        expect(row[0]).toBe(String(i + 1));
        expect(row[1]).toBe(s(t('CONNECTED') - t0));
        expect(row[3]).toBe(s(t('SENT') - t0));
        expect(row[4]).toBe(s(t('RECEIVED') - t0));
        expect(row[5]).toBe(s(t('RECEIVED') - t('SENT')));
        expect(row[6]).toBe(s(t('DISCONNECTED') - t0));
        // Waited: in the connection queue (marked by CLIENT_QUEUED, or longer
        // than a quarter of the delay), then between the request and the start
        // of its work (read) when that is longer than a quarter of the delay.
        const local = events(log, 'CONNECTED')[0].fields.local;
        const server = (event: string) => serverLog.find((r) => r.event === event && r.fields.peer === local);
        const served = Date.parse(server('CLIENT_CONNECTED')!.time);
        const read = Date.parse(server('MESSAGE_RECEIVED')!.time);
        const noise = DELAY / 4;
        const queue = served - t('CONNECTED');
        const request = read - Math.max(t('SENT'), served);
        const waited = (queue > 0 && (server('CLIENT_QUEUED') || queue >= noise) ? queue : 0) + (request >= noise ? request : 0);
        expect(row[2]).toBe(s(waited));
      }
      if (kind === 'server-sync') expect(events(serverLog, 'CLIENT_QUEUED').length).toBeGreaterThanOrEqual(CLIENTS - 2);
    }
    // Every log and INI file is in the report, named relative to it.
    expect(md).toContain('`server-sync/logs/server-sync.log`');
    expect(md).toContain('`server-cluster/config/client-5.ini`');
  });

  it("should carry the student's own message and signature, never the example", () => {
    expect(md).toContain(MESSAGE);
    expect(md).toContain(SIGNATURE);
    expect(md).not.toContain('Титов');
    expect(md).not.toContain('Вотит');
    expect(exit.stdout).not.toContain('Внимание');
    for (const kind of ['server-sync', 'server-cluster']) {
      // server-cluster has no INI of its own in the student's directory: it gets the signature they set.
      expect(readFileSync(join(dir, kind, 'config', `${kind}.ini`), 'utf8')).toContain(`signature = ${SIGNATURE}`);
      const sent = events(readLog(join(dir, kind, 'logs', `${kind}.log`)), 'MESSAGE_SENT');
      expect(sent).toHaveLength(CLIENTS);
      for (const r of sent) expect(r.fields.msg).toMatch(new RegExp(`\\. ${SIGNATURE}$`));
      for (let k = 1; k <= CLIENTS; k += 1) {
        expect(events(readLog(join(dir, kind, 'logs', `client-${k}.log`)), 'SENT')[0].fields.msg).toBe(`${MESSAGE} #${k}`);
      }
    }
  });

  it("should hold the connection settings, a test log, the comparison and the running client's real code", () => {
    expect(md).toContain('## Настройки подключения');
    expect(md).toMatch(/\| server-sync \| 127\.0\.0\.1:\d+ \| 127\.0\.0\.1:\d+ \|/);
    expect(md).toContain('## Тестовый лог-файл клиента');
    expect(md).toMatch(/## Сравнение и выводы\n\nserver-sync обслуживал клиентов по одному/);
    expect(md).toMatch(
      /server-cluster ответил последнему клиенту через \d+,\d\d с от первого подключения, server-sync — через \d+,\d\d с: в \d+,\d раза быстрее/,
    );
    // The assignment's condition, per server, with the times; and in every run one session the server
    // ended itself (the lab's last client lingers past session.max_ms: docs/report.md), quoted from its log.
    expect(md.match(/^### Условие задания$/gm)).toHaveLength(2);
    // "The first" is the client that connected first: client 2 may overtake client 1 on a loaded machine.
    expect(md).toMatch(/Клиент [12] получил ответ на \d+,\d\d с; до этого подключились клиент [12] — на \d+,\d\d с/);
    expect(md.match(/Сессию, которую завершил сам сервер \(по тайм-ауту\), показывает строка его лога:/g)).toHaveLength(2);
    expect(md).not.toContain('сервер не завершил ни одной сессии сам');
    expect(md).toContain('## Приложение: код клиента');
    for (const file of ['main.ts', 'mirror-client.ts', 'client-failure.ts']) {
      const source = readFileSync(join(ROOT, 'apps/client/src', file), 'utf8');
      expect(md).toContain(`\`apps/client/src/${file}\``);
      expect(md).toContain(source.trimEnd());
    }
  });

  it('should hold no absolute path of this machine', () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    for (const text of [md, html]) {
      expect(text).not.toContain(dir);
      expect(text).not.toContain(ROOT);
      expect(text).not.toContain(tmpdir() + '/');
    }
  });

  describe('report.html in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      if (!existsSync(CHROMIUM))
        throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium), as .ci/run does`);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    });
    afterAll(async () => browser?.close());

    it('should draw one timeline lane per client for each server, with visible phases', async () => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto('file://' + join(dir, 'report.html'));
      for (const kind of ['server-sync', 'server-cluster']) {
        const lanes = page.locator(`svg.timeline[data-server="${kind}"] g.lane`);
        expect(await lanes.count()).toBe(CLIENTS);
        for (let i = 0; i < CLIENTS; i += 1) {
          const box = await lanes.nth(i).locator('rect.phase-work').boundingBox();
          expect(box?.width ?? 0).toBeGreaterThan(5);
        }
      }
      // The iterative server's clients queue; the legend is drawn.
      expect(await page.locator('svg.timeline[data-server="server-sync"] rect.phase-queue').count()).toBeGreaterThanOrEqual(
        CLIENTS - 2,
      );
      expect(await page.locator('svg.timeline .legend text').count()).toBeGreaterThanOrEqual(5);
      // Self-contained: nothing but the page itself was loaded.
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
      // The picture is checked in memory (a PNG as wide as the viewport and
      // taller than it: the whole page was drawn) and kept on disk only with
      // KEEP_TEST_DIRS=1, when the directory it goes into is kept too.
      const png = await page.screenshot({
        fullPage: true,
        ...(process.env.KEEP_TEST_DIRS ? { path: join(dir, 'report.png') } : {}),
      });
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(1100);
      expect(png.readUInt32BE(20)).toBeGreaterThan(900);
    });

    it('should print to an A4 PDF holding every log line and the client code', async () => {
      const page = await browser.newPage();
      await page.goto('file://' + join(dir, 'report.html'));
      const pdf = join(dir, 'report.pdf');
      await page.pdf({ path: pdf, format: 'A4', printBackground: true });
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      const flat = text.replace(/\s+/g, ' ');
      // Every event of every log shows (a long line may wrap, so compare event names and their times).
      for (const kind of ['server-sync', 'server-cluster']) {
        for (const file of [`${kind}.log`, ...Array.from({ length: CLIENTS }, (_, i) => `client-${i + 1}.log`)]) {
          expect(flat).toContain(`${kind}/logs/${file}`);
          for (const r of readLog(join(dir, kind, 'logs', file)))
            expect(flat).toContain(`${r.time} ${r.app}[${r.pid}] ${r.event}`);
        }
      }
      expect(flat).toContain('export class MirrorClient');
      expect(flat).toContain(MESSAGE);
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
      expect(pages).toBeGreaterThan(3);
    });
  });
});

describe('lab demo: options and language', () => {
  it('should print --help in Russian by default and in English with --lang en', async () => {
    const ruHelp = await runApp('lab', ['--help']).exited;
    expect(ruHelp.code).toBe(0);
    expect(ruHelp.stdout).toContain('использование: npm start -- [параметры]');
    expect(ruHelp.stdout).toContain('--servers LIST     какие серверы сравнить: sync,cluster,threads');
    const enHelp = await runApp('lab', ['--help', '--lang', 'en']).exited;
    expect(enHelp.stdout).toContain('usage: npm start -- [options]');
    expect(enHelp.stdout).not.toMatch(/[\u0400-\u04FF]/);
  });

  it("should refuse a flag the generated configs cannot hold, with the config key's range, in the chosen language", async () => {
    const bad = await runApp('lab', ['--delay', '86400001']).exited;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--delay "86400001": нужно целое число от 0 до 86400000');
    const badEn = await runApp('lab', ['--send-after', 'x', '--lang', 'en']).exited;
    expect(badEn.code).toBe(2);
    expect(badEn.stderr).toContain('--send-after "x": must be a whole number from 0 to 86400000');
    const badServers = await runApp('lab', ['--servers', 'sync,fast']).exited;
    expect(badServers.stderr).toContain('sync, cluster, threads');
  });
});

describe('lab demo against a remote server (--host/--port), in English', () => {
  let server: RunningServer;
  let exit: Exit;
  let md: string;
  let html: string;

  beforeAll(async () => {
    server = await startServer({
      sections: { work: { delay_ms: 1500 }, reply: { signature: 'Server by Ivanova M.P. M3O-321B-22' } },
    });
    const out = tempDir('mirror-lab-remote-');
    exit = await runApp('lab', [
      '--host',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--clients',
      '3',
      '--stagger',
      '100',
      '--send-after',
      '200',
      '--linger',
      '0',
      '--message',
      'Ivanova Maria M3O-321B-22',
      '--lang',
      'en',
      '--out',
      out,
    ]).exited;
    const dir = /Report \(HTML\): +(.*)\/report\.html/.exec(exit.stdout)?.[1] ?? '';
    md = readFileSync(join(dir, 'report.md'), 'utf8');
    html = readFileSync(join(dir, 'report.html'), 'utf8');
  }, 120_000);
  afterAll(async () => server?.proc.stop());

  it('should report only what it measured, under its own title, and read the server as one-at-a-time', () => {
    expect(exit.code).toBe(0);
    expect(md).toContain(`# Lab 2: clients against the server 127.0.0.1:${server.port}`);
    expect(md).not.toMatch(/iterative and|delay \(simulated work\)|server-cluster processes|work mode/);
    expect(md).toContain(`The clients' measurements show that the server 127.0.0.1:${server.port} serves one client at a time`);
    expect(md).not.toMatch(/faster|Infinity|NaN/);
  });

  it('should say nothing in Cyrillic, in the console or the report', () => {
    for (const text of [exit.stdout, exit.stderr, md, html]) expect(text.match(/[\u0400-\u04FF]+/g) ?? []).toEqual([]);
  });
});

describe('lab demo with its defaults: all three servers, and the Python client (--client python)', () => {
  let exit: Exit;
  let md = '';

  beforeAll(async () => {
    const out = tempDir('mirror-lab-python-');
    exit = await runApp(
      'lab',
      [
        ...['--client', 'python', '--clients', '2', '--delay', '800', '--threads', '2', '--workers', '2'],
        ...['--stagger', '100', '--send-after', '200', '--linger', '0', '--out', out],
      ],
      studentDir(),
    ).exited;
    const dir = /Отчёт \(HTML\): +(.*)\/report\.html/.exec(exit.stdout)?.[1] ?? '';
    md = existsSync(join(dir, 'report.md')) ? readFileSync(join(dir, 'report.md'), 'utf8') : '';
  }, 180_000);

  it('should compare server-sync, server-cluster and server-threads when --servers is not given', () => {
    expect(exit.code).toBe(0);
    for (const kind of ['server-sync', 'server-cluster', 'server-threads'])
      expect(exit.stdout).toMatch(new RegExp(`${kind}\\s+2\\s+2\\s`));
    expect(md).toContain('## Итеративный сервер (server-sync)');
    expect(md).toContain('## Многопроцессный сервер (server-cluster)');
    expect(md).toContain('## Многопоточный сервер (server-threads)');
    // The pool's size comes from server-threads' own SERVER_START.
    expect(md).toMatch(/Распределение клиентов: поток \d+ — \d клиент[^;]*; занят\S* \d из 2 потоков\./);
  });

  it("should append the Python client's real source and say the client and servers are in different languages", () => {
    expect(md).toContain('## Приложение: код клиента');
    expect(md).toContain('`clients/python/client.py`');
    expect(md).toContain(readFileSync(join(ROOT, 'clients/python/client.py'), 'utf8').trimEnd());
    expect(md).not.toContain('`apps/client/src/mirror-client.ts`');
    expect(md).toMatch(/Python/);
    expect(md).not.toContain('запустите опыт с клиентом на Python');
  });
});
