import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { events, readLog, runApp, tempDir, type Exit } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLIENTS = 5;
const DELAY = 2000;

/** The `| 1 | 0.00 | ... |` rows of a Markdown table that follows `heading`. */
function tableRows(markdown: string, heading: string): string[][] {
  const at = markdown.indexOf(heading);
  const lines = markdown.slice(at).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|---'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

describe('lab demo (npm start) end to end', () => {
  let exit: Exit;
  let dir: string;

  beforeAll(async () => {
    const out = tempDir('mirror-lab-report-');
    exit = await runApp('lab', [
      '--clients', String(CLIENTS),
      '--delay', String(DELAY),
      '--stagger', '100',
      '--send-after', '200',
      '--linger', '0',
      '--workers', '2',
      '--lang', 'en',
      '--out', out,
    ]).exited;
    dir = /Report \(HTML\): +(.*)\/report\.html/.exec(exit.stdout)?.[1] ?? '';
  }, 120_000);

  it('should finish with exit 0 and print both report paths and a summary table', () => {
    expect(exit.code).toBe(0);
    expect(existsSync(join(dir, 'report.md'))).toBe(true);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    expect(exit.stdout).toMatch(/server-sync\s+5\s+5\s/);
    expect(exit.stdout).toMatch(/server-cluster\s+5\s+5\s/);
  });

  it('should take at least N x delay on the iterative server and under 2 x delay on the concurrent one', () => {
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    const totals = [...md.matchAll(/\*\*Total: ([\d.]+) s\*\*/g)].map((m) => Number(m[1]) * 1000);
    expect(totals).toHaveLength(2);
    expect(totals[0]).toBeGreaterThanOrEqual(CLIENTS * DELAY);
    expect(totals[1]).toBeLessThan(2 * DELAY);
  });

  it("should report exactly what the logs say", () => {
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    for (const kind of ['server-sync', 'server-cluster']) {
      const heading = kind === 'server-sync' ? '## Iterative server (server-sync)' : '## Multi-process server (server-cluster)';
      const rows = tableRows(md, heading);
      expect(rows).toHaveLength(CLIENTS);
      const clientLogs = rows.map((_, i) => readLog(join(dir, kind, 'logs', `client-${i + 1}.log`)));
      const serverLog = readLog(join(dir, kind, 'logs', `${kind}.log`));
      const t0 = Math.min(...clientLogs.map((l) => Date.parse(events(l, 'CONNECTED')[0].time)));
      for (const [i, row] of rows.entries()) {
        const log = clientLogs[i];
        const t = (event: string) => Date.parse(events(log, event)[0].time);
        const s = (ms: number) => (ms / 1000).toFixed(2);
        expect(row[0]).toBe(String(i + 1));
        expect(row[1]).toBe(s(t('CONNECTED') - t0));
        expect(row[3]).toBe(s(t('SENT') - t0));
        expect(row[4]).toBe(s(t('RECEIVED') - t0));
        expect(row[5]).toBe(s(t('RECEIVED') - t('SENT')));
        expect(row[6]).toBe(s(t('DISCONNECTED') - t0));
        const local = events(log, 'CONNECTED')[0].fields.local;
        const served = serverLog.find((r) => r.event === 'CLIENT_CONNECTED' && r.fields.peer === local)!;
        expect(row[2]).toBe(s(Math.max(0, Date.parse(served.time) - t('CONNECTED'))));
      }
      if (kind === 'server-sync') expect(events(serverLog, 'CLIENT_QUEUED').length).toBeGreaterThanOrEqual(CLIENTS - 2);
    }
    // Every log and INI file is in the report.
    expect(md).toContain('server-sync/logs/server-sync.log');
    expect(md).toContain('server-cluster/config/client-5.ini');
  });

  describe('report.html in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium), as .ci/run does`);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
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
      expect(await page.locator('svg.timeline[data-server="server-sync"] rect.phase-queue').count()).toBeGreaterThanOrEqual(CLIENTS - 2);
      expect(await page.locator('svg.timeline .legend text').count()).toBeGreaterThanOrEqual(5);
      // Self-contained: nothing but the page itself was loaded.
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
      await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
    });
  });
});
