import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { paragraphs, unzip } from './docx-reader.js';
import { ROOT, readLog, tempDir, waitFor } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MiB = 1024 * 1024;
/** Names a student could send: markup, Markdown table and code characters, a right-to-left override. */
const HOSTILE = ['<script>alert(1)</script> Ким Ю. ИВТ-1', 'Пипа | `rm -rf` ИВТ-2', 'Ли \u202eпортер ИВТ-3'];

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** One HTTP request to the board; `from` binds the client side to that local address. */
function http(
  host: string,
  port: number,
  method: string,
  path: string,
  headers: Record<string, string | number> = {},
  body?: Buffer | ((write: (chunk: Buffer) => boolean) => void),
  from?: string,
): Promise<Reply> {
  return new Promise((done, fail) => {
    const req = request({ host, port, method, path, headers, localAddress: from }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (s: string) => (text += s));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: text.startsWith('{') ? JSON.parse(text) : { text } }));
    });
    req.on('error', fail);
    if (typeof body === 'function') body((chunk) => req.write(chunk));
    else if (body) req.write(body);
    req.end();
  });
}

/** An address of this machine that is not loopback: requests from it are not the board machine's own. */
function outsideAddress(): string {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') return a.address;
  throw new Error('this test needs a non-loopback IPv4 address on the machine (any network interface that is up)');
}

class ClassProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (s: string) => (this.stdout += s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (this.stderr += s));
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
  }
  match(re: RegExp): string {
    const m = re.exec(this.stdout);
    if (!m) throw new Error(`${re} not in the console:\n${this.stdout}\n${this.stderr}`);
    return m[1];
  }
}

describe('npm run class', () => {
  const dir = tempDir('mirror-lab-class-');
  let cls: ClassProcess;
  let board: number;
  let port: number;
  let code: string;
  let key: string;
  let session: string;
  const upload = (body: Buffer | string, headers: Record<string, string | number> = {}, from?: string) =>
    http(
      from ?? '127.0.0.1',
      board,
      'POST',
      '/api/uploads',
      { 'X-Session-Code': code, 'Content-Type': 'text/plain; charset=utf-8', ...headers },
      Buffer.from(body),
      from,
    );
  const state = async () =>
    (await http('127.0.0.1', board, 'GET', '/api/state')).body as {
      phase: string;
      round?: { index: number; app: string; status: string };
      uploads: Array<{ file: string; shownName: string }>;
    };
  const sessionFiles = (): string[] => {
    const out: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true }))
        e.isDirectory() ? walk(join(d, e.name)) : out.push(join(d, e.name));
    };
    walk(dir);
    return out;
  };

  /** Runs the kit's TS client against the round's server; resolves with its log's text. */
  function runClient(k: number, message: string, clock?: string): Promise<string> {
    const log = join(dir, `client-${k}.log`);
    const config = join(dir, `client-${k}.ini`);
    writeFileSync(
      config,
      `[server]\nhost = 127.0.0.1\nport = ${port}\n[client]\nmessage = ${JSON.stringify(message)}\nsend_after_ms = 300\nlinger_ms = 200\n[log]\nfile = ${log}\n`,
    );
    const argv = [process.execPath, join(ROOT, 'dist/apps/client/main.js'), '--config', config];
    // `clock`: the client's machine runs that far off (libfaketime, e.g. "+7s").
    const [file, ...args] = clock ? ['faketime', '-f', clock, ...argv] : argv;
    const child = spawn(file, args, { cwd: dir, stdio: 'ignore', env: { ...process.env, FAKETIME_DONT_FAKE_MONOTONIC: '1' } });
    return new Promise((done) => child.once('exit', () => done(readFileSync(log, 'utf8'))));
  }

  beforeAll(async () => {
    cls = new ClassProcess(
      spawn(
        process.execPath,
        [
          join(ROOT, 'dist/apps/class/main.js'),
          '--port',
          '0',
          '--board-port',
          '0',
          '--rounds',
          'sync,threads',
          '--delay',
          '3000',
          '--out',
          dir,
          '--lang',
          'en',
        ],
        { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, MIRROR_LAB_LANG: '' } },
      ),
    );
    await waitFor(
      () => /Round 1 of 2: server-sync listens/.test(cls.stdout),
      30_000,
      () => `no round started:\n${cls.stdout}\n${cls.stderr}`,
      cls,
    );
    board = Number(cls.match(/http:\/\/127\.0\.0\.1:(\d+)\//));
    port = Number(cls.match(/server-sync listens on port (\d+)/));
    code = cls.match(/Session code \(tell it to the class\): (\w+)/);
    key = cls.match(/show it to nobody\): ([0-9a-f]+)/);
    session = cls.match(/Session folder: (.*)/);
  });

  afterAll(async () => {
    if (cls.child.exitCode === null) {
      cls.child.kill('SIGKILL');
      await cls.exited;
    }
  });

  it('should print the firewall lines for both ports and the command each student runs', () => {
    for (const p of [port, board])
      expect(cls.stdout).toContain(`sudo firewall-cmd --zone=public --add-port=${p}/tcp --permanent`);
    expect(cls.stdout).toMatch(
      new RegExp(`node dist/apps/client/main\\.js --host \\S+ --port ${port} --board http://\\S+:${board} --code ${code}`),
    );
    expect(cls.stdout).toMatch(
      new RegExp(`python3 clients/python/client\\.py --host \\S+ --port ${port} --board http://\\S+:${board} --code ${code}`),
    );
  });

  describe('the board in Chromium', () => {
    let browser: Browser;
    let page: Page;
    const dialogs: string[] = [];
    const clientLogs: string[] = [];

    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium)`);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      page = await browser.newPage({ viewport: { width: 400, height: 900 }, acceptDownloads: true });
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`http://127.0.0.1:${board}/`);
    });
    afterAll(async () => browser?.close());

    it('should add a row per client while the clients run, the names shown as text', async () => {
      await expect(page.locator('h1').textContent()).resolves.toBe('Class board — task 4');
      // One client alone: the board warns that the condition is not met yet.
      const first = runClient(1, HOSTILE[0]);
      await page.locator('tr.row').first().waitFor({ timeout: 15_000 });
      await page.locator('#warn').waitFor({ state: 'visible', timeout: 5000 });
      // Two more while the first waits for its reply (3 s of work).
      const runs = [
        first,
        ...HOSTILE.slice(1).map((name, i) => new Promise((r) => setTimeout(r, i * 150)).then(() => runClient(i + 2, name))),
      ];
      // Rows appear while the clients are still running: the third waits in server-sync's queue.
      await page.locator('tr.row').nth(2).waitFor({ timeout: 15_000 });
      const during = await page.locator('tr.row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
      expect(during).toContain('queued');
      await page.locator('#warn').waitFor({ state: 'hidden', timeout: 5000 });
      clientLogs.push(...(await Promise.all(runs)));
      await page.locator('tr.row[data-state="disconnected"]').nth(2).waitFor({ timeout: 10_000 });
      const names = await page.locator('tr.row td.name').allTextContents();
      expect(names.sort()).toEqual([...HOSTILE].sort());
      // Text, never markup: no script was added, none ran.
      expect(await page.locator('script').count()).toBe(1);
      expect(dialogs).toEqual([]);
      await expect(page.locator('#met').isVisible()).resolves.toBe(true);
      await expect(page.locator('#rounds li').first().textContent()).resolves.toBe('server-sync — running — condition met');
    });

    it('should send a log with the upload form', async () => {
      const file = join(dir, 'my client.log');
      writeFileSync(file, clientLogs[0]);
      await page.locator('#code-field').fill(code.toLowerCase());
      await page.locator('#file').setInputFiles(file);
      await page.locator('#send').click();
      await expect(
        page.locator('#upload-result').filter({ hasText: 'Log taken' }).waitFor({ timeout: 5000 }),
      ).resolves.toBeUndefined();
      await page.locator('li.upload').filter({ hasText: 'my client.log' }).waitFor({ timeout: 5000 });
      const stored = join(session, 'uploads', '001-other.log');
      expect(readFileSync(stored, 'utf8')).toBe(clientLogs[0]);
    });

    it("should download the joint report with a student's title page, the hostile name as text", async () => {
      await page.locator('#student').selectOption(HOSTILE[0]);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#links a', { hasText: 'report.html' }).click(),
      ]);
      // Saved under its name: a file without .html would open as plain text.
      const file = join(dir, download.suggestedFilename());
      await download.saveAs(file);
      const html = readFileSync(file, 'utf8');
      expect(html).toContain('round-1-server-sync/server.log');
      // The uploaded client log is in it, matched to its connection.
      expect(html).toContain('uploads/001-other.log');
      // Opened in the browser, the names are text: no script but none, no dialog, the name readable.
      const report = await browser.newPage();
      await report.goto('file://' + file);
      expect(await report.locator('script').count()).toBe(0);
      expect(await report.locator('body').innerText()).toContain(HOSTILE[0]);
      expect(await report.locator('body').innerText()).toContain(HOSTILE[1]);
      expect(dialogs).toEqual([]);
      await report.close();
      // The Word copy has the student's title page.
      const [docx] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#links a', { hasText: 'report.docx' }).click(),
      ]);
      const xml = unzip(readFileSync((await docx.path())!))
        .get('word/document.xml')!
        .toString('utf8');
      const texts = paragraphs(xml).map((p) => p.text);
      expect(texts.some((t) => t.includes('<script>alert(1)</script> Ким Ю.') && t.includes('ИВТ-1'))).toBe(true);
    });
  });

  it("should place a client whose clock is 7 s ahead on the server's clock", async () => {
    const text = await runClient(9, 'Часовой Ч.Ч. ИВТ-9', '+7s');
    const r = await upload(text, { 'X-Client': 'ts', 'X-Server': `127.0.0.1:${port}` });
    expect(r.body).toMatchObject({ kind: 'kit', connections: 1 });
    const md = (await http('127.0.0.1', board, 'GET', '/report/report.md')).body.text as string;
    const row = md.split('\n').find((l) => l.startsWith(`| uploads/${String(r.body.id)}-ts.log |`));
    // | log | machine | matched | offset | bound |: server = client − 7 s.
    const [, , , matched, offset, bound] = row!.split('|').map((c) => c.trim());
    expect(matched).toBe('1/1');
    expect(Math.abs(Number(offset.replace('−', '-').replace(' s', '')) + 7)).toBeLessThanOrEqual(0.1);
    expect(Number(bound.replace('± ', '').replace(' s', ''))).toBeLessThanOrEqual(0.1);
    expect(md).toMatch(/The clock of 127\.0\.0\.1 is [67]\.\d\d s off/);
  });

  it("should answer a path it does not have with 404 in the board's language", async () => {
    const r = await http('127.0.0.1', board, 'GET', '/etc/passwd');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: 'not-found', message: 'No such page.' });
  });

  describe('uploads', () => {
    it('should refuse a missing or wrong session code with 403 and say what to do', async () => {
      for (const headers of [{ 'X-Session-Code': '' }, { 'X-Session-Code': 'WRONG1' }]) {
        const r = await upload('2026-12-07T10:00:00.000+03:00 client[1] CONNECTED local=1.2.3.4:5\n', headers);
        expect(r.status).toBe(403);
        expect(r.body.error).toBe('bad-code');
        expect(String(r.body.message)).toMatch(/session code/);
      }
    });

    it('should take exactly 1 MiB and refuse one byte more, also when the size is not announced', async () => {
      const before = (await state()).uploads.length;
      const exact = Buffer.alloc(MiB, 'a');
      exact[MiB - 1] = 0x0a;
      const ok = await upload(exact);
      expect(ok.status).toBe(201);
      expect(ok.body.kind).toBe('other');
      const over = await upload(Buffer.concat([exact, Buffer.from('a')]));
      expect(over.status).toBe(413);
      expect(over.body.error).toBe('too-large');
      // Chunked, no Content-Length: refused while reading, the rest never kept.
      const chunked = await http(
        '127.0.0.1',
        board,
        'POST',
        '/api/uploads',
        { 'X-Session-Code': code, 'Transfer-Encoding': 'chunked' },
        (write) => {
          for (let i = 0; i < 3; i += 1) write(Buffer.alloc(MiB / 2, 'b'));
        },
      ).catch((e: Error) => ({ status: -1, body: { error: e.message } }));
      expect([413, -1]).toContain(chunked.status);
      expect((await state()).uploads.length).toBe(before + 1);
    });

    it('should refuse bytes that are not UTF-8 and a binary file', async () => {
      // "Иванов" saved in Windows-1251, as an old Notepad would.
      const latin1 = await upload(Buffer.from([0xc8, 0xe2, 0xe0, 0xed, 0xee, 0xe2, 0x0a]));
      expect([latin1.status, latin1.body.error]).toEqual([415, 'not-utf8']);
      const binary = await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]));
      expect([binary.status, binary.body.error]).toEqual([415, 'not-text']);
    });

    it("should name stored files itself and write nothing outside the session's folder", async () => {
      const r = await upload('my own client in C\n', { 'X-File-Name': '../../../escape.log', 'X-Client': '../x' });
      expect(r.status).toBe(201);
      const id = String(r.body.id);
      const stored = join(session, 'uploads', `${id}-other.log`);
      expect(readFileSync(stored, 'utf8')).toBe('my own client in C\n');
      expect(sessionFiles().filter((f) => f.includes('escape'))).toEqual([]);
      expect((await state()).uploads.find((u) => u.file === `${id}-other.log`)?.shownName).toBe('../../../escape.log');
    });
  });

  describe('controls', () => {
    it("should refuse next and end from another machine's address without the owner's key", async () => {
      const from = outsideAddress();
      for (const what of ['next', 'end']) {
        const r = await http(from, board, 'POST', `/api/${what}`, {}, undefined, from);
        expect(r.status).toBe(403);
        expect(r.body.error).toBe('not-owner');
        const wrong = await http(from, board, 'POST', `/api/${what}`, { 'X-Owner-Key': '0'.repeat(key.length) }, undefined, from);
        expect(wrong.status).toBe(403);
      }
      // A student sees no code and no controls.
      const seen = await http(from, board, 'GET', '/api/state', {}, undefined, from);
      expect(seen.body.owner).toBe(false);
      expect(seen.body.code).toBeUndefined();
      expect((await state()).round?.index).toBe(1);
    });

    it('should move to the next round on Enter, with the previous server stopped gracefully first', async () => {
      cls.child.stdin!.write('\n');
      await waitFor(
        () => /Round 2 of 2: server-threads listens/.test(cls.stdout),
        30_000,
        () => cls.stdout,
        cls,
      );
      const first = readLog(join(session, 'round-1-server-sync', 'server.log'));
      expect(first.at(-1)?.event).toBe('SERVER_STOP');
      expect((await state()).round).toMatchObject({ index: 2, app: 'server-threads', status: 'running' });
    });

    it("should take the owner's key from another machine", async () => {
      const from = outsideAddress();
      const r = await http(from, board, 'POST', '/api/next', { 'X-Owner-Key': key }, undefined, from);
      expect(r.status).toBe(202);
      await waitFor(
        () => /All rounds done/.test(cls.stdout),
        20_000,
        () => cls.stdout,
        cls,
      );
      expect((await state()).phase).toBe('after');
    });
  });

  it('should refuse the 101st file of a session with 429', async () => {
    let n = (await state()).uploads.length;
    while (n < 100) {
      const r = await upload(`file ${n}\n`);
      expect(r.status).toBe(201);
      n += 1;
    }
    const r = await upload('one too many\n');
    expect([r.status, r.body.error]).toEqual([429, 'too-many-files']);
    expect(readdirSync(join(session, 'uploads')).filter((f) => f.endsWith('.log'))).toHaveLength(100);
  });

  it('should write the final report on Ctrl-C and exit 0', async () => {
    cls.child.kill('SIGINT');
    expect(await cls.exited).toBe(0);
    for (const f of ['report.md', 'report.html', 'report.docx', 'timeline-round-1.png'])
      expect(existsSync(join(session, f))).toBe(true);
    const md = readFileSync(join(session, 'report.md'), 'utf8');
    expect(md).toContain('Round 1 (server-sync): met');
    expect(md).toContain('round-2-server-threads/server.log');
    expect(md).toContain('uploads/001-other.log');
  });
});

describe('npm run class when things go wrong', () => {
  const start = (dir: string, args: string[]) =>
    new ClassProcess(
      spawn(
        process.execPath,
        [join(ROOT, 'dist/apps/class/main.js'), '--port', '0', '--rounds', 'sync', '--out', dir, '--lang', 'en', ...args],
        { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, MIRROR_LAB_LANG: '' } },
      ),
    );

  it('should run the round without a board when its port is taken, and end gracefully on Ctrl-C', async () => {
    const dir = tempDir('mirror-lab-class-');
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '0.0.0.0', r));
    const boardPort = (taken.address() as { port: number }).port;
    const cls = start(dir, ['--board-port', String(boardPort)]);
    try {
      await waitFor(
        () => /Round 1 of 1: server-sync listens/.test(cls.stdout),
        30_000,
        () => cls.stdout + cls.stderr,
        cls,
      );
      expect(cls.stderr).toContain('the board did not start');
      cls.child.kill('SIGINT');
      expect(await cls.exited).toBe(0);
      const session = cls.match(/Session folder: (.*)/);
      expect(readLog(join(session, 'round-1-server-sync', 'server.log')).at(-1)?.event).toBe('SERVER_STOP');
      expect(existsSync(join(session, 'report.docx'))).toBe(true);
    } finally {
      taken.close();
      if (cls.child.exitCode === null) cls.child.kill('SIGKILL');
    }
  });

  it('should leave no server behind when the session is killed outright', async () => {
    const dir = tempDir('mirror-lab-class-');
    const cls = start(dir, ['--board-port', '0']);
    await waitFor(
      () => /Round 1 of 1: server-sync listens/.test(cls.stdout),
      30_000,
      () => cls.stdout + cls.stderr,
      cls,
    );
    const log = join(cls.match(/Session folder: (.*)/), 'round-1-server-sync', 'server.log');
    cls.child.kill('SIGKILL');
    await cls.exited;
    // The server's stdin ends with its parent: it stops as on SIGTERM.
    const stop = await waitFor(
      () => readLog(log).find((r) => r.event === 'SERVER_STOP'),
      15_000,
      () => `no SERVER_STOP in ${log}`,
    );
    expect(stop.fields.forced).not.toBe('true');
  });

  it("should take the rounds from the variant and the title page's course from the student file", async () => {
    const dir = tempDir('mirror-lab-class-');
    const file = join(dir, 'student.ini');
    writeFileSync(
      file,
      '[student]\nname = Иванова Мария Петровна\ngroup = М3О-321Б-22\nvariant = 8\n[course]\nteacher = Петров П.П.\ncity = Москва\n',
    );
    const cls = new ClassProcess(
      spawn(
        process.execPath,
        [
          join(ROOT, 'dist/apps/class/main.js'),
          '--port',
          '0',
          '--board-port',
          '0',
          '--out',
          dir,
          '--lang',
          'en',
          '--student',
          file,
        ],
        {
          cwd: dir,
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      ),
    );
    await waitFor(
      () => /Round 1 of 2: server-sync listens/.test(cls.stdout),
      30_000,
      () => cls.stdout + cls.stderr,
      cls,
    );
    expect(cls.stdout).toContain(`Variant 8 (${file}): the second round is server-threads.`);
    const session = cls.match(/Session folder: (.*)/);
    expect(readFileSync(join(session, 'round-1-server-sync', 'server.ini'), 'utf8')).toContain(
      'signature = Сервер написан Иванова М.П. М3О-321Б-22',
    );
    cls.child.kill('SIGINT');
    expect(await cls.exited).toBe(0);
    const xml = unzip(readFileSync(join(session, 'report.docx')))
      .get('word/document.xml')!
      .toString('utf8');
    expect(paragraphs(xml).some((p) => p.text.includes('Петров П.П.'))).toBe(true);
  });

  it.each([
    [['--rounds', 'sync,bogus'], /--rounds "?sync,bogus"?: list them/],
    [['--port', '70000'], /--port "?70000"?: a whole number from 0 to 65535/],
    [['--nope'], /bad option/],
  ])('should refuse %j with one line and exit code 2', async (args, said) => {
    const cls = new ClassProcess(
      spawn(process.execPath, [join(ROOT, 'dist/apps/class/main.js'), '--lang', 'en', ...args], {
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    expect(await cls.exited).toBe(2);
    expect(cls.stderr.trim().split('\n')).toHaveLength(1);
    expect(cls.stderr).toMatch(said);
  });

  it('should print its usage in Russian by default', async () => {
    const cls = new ClassProcess(
      spawn(process.execPath, [join(ROOT, 'dist/apps/class/main.js'), '--help'], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, MIRROR_LAB_LANG: '' },
      }),
    );
    expect(await cls.exited).toBe(0);
    expect(cls.stdout).toContain('использование: npm run class');
  });
});
