import { mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { LogUpload } from './board-upload.js';

// board-upload imports @app/common, whose index pulls in nest-winston: a
// CommonJS package that requires ESM-only Nest, which Jest's module runtime
// cannot load. Nothing here logs; a stand-in takes its place.
jest.unstable_mockModule('nest-winston', () => ({ WinstonModule: {}, utilities: { format: {} } }));
const { loadClientConfig, parseCommandLine } = await import('@app/common');
const { logOffset, outcomeLine, postLog, thisRunLines, uploadsUrl } = await import('./board-upload.js');

/** A tiny board on loopback: answers each upload with `answer` and keeps what it got. */
interface FakeBoard {
  url: string;
  got: { method?: string; path?: string; headers: IncomingHttpHeaders; body: Buffer }[];
  close(): Promise<void>;
}

function fakeBoard(answer: (res: import('node:http').ServerResponse) => void): Promise<FakeBoard> {
  const got: FakeBoard['got'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      answer(res);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        got,
        close: () => {
          server.closeAllConnections();
          return new Promise((r) => server.close(() => r()));
        },
      });
    }),
  );
}

const json = (status: number, body: unknown) => (res: import('node:http').ServerResponse) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

const upload = (board: string, extra: Partial<LogUpload> = {}): LogUpload => ({
  board,
  code: 'K7Q2',
  server: '10.0.0.1:12345',
  client: 'ts',
  fileName: 'журнал клиента.log',
  body: Buffer.from('2026-12-06T20:00:00.000+00:00 client[7] CONNECTED server=10.0.0.1:12345 local=10.0.0.2:50000\n'),
  ...extra,
});

describe('board upload (the client sends its log to the class board)', () => {
  let board: FakeBoard | undefined;
  afterEach(async () => {
    await board?.close();
    board = undefined;
  });

  it('should POST the log bytes with the session code, client, server and file name when the board takes it', async () => {
    board = await fakeBoard(json(201, { id: '001', kind: 'kit', connections: 1, message: 'Лог принят (001-ts.log)' }));
    const sent = upload(board.url);
    const outcome = await postLog(sent);
    expect(outcome).toEqual({ kind: 'taken', status: 201, message: 'Лог принят (001-ts.log)' });
    expect(board.got).toHaveLength(1);
    const [req] = board.got;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/uploads');
    expect(req.body.equals(sent.body)).toBe(true);
    expect(req.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(req.headers['x-session-code']).toBe('K7Q2');
    expect(req.headers['x-client']).toBe('ts');
    expect(req.headers['x-server']).toBe('10.0.0.1:12345');
    expect(decodeURIComponent(String(req.headers['x-file-name']))).toBe('журнал клиента.log');
    expect(outcomeLine(outcome, board.url, 'ru')).toEqual({
      text: `табло ${board.url} приняло лог: Лог принят (001-ts.log)`,
      warn: false,
    });
  });

  it("should show the board's reason, as a warning, when it refuses the log", async () => {
    board = await fakeBoard(json(403, { error: 'bad-code', message: 'Неверный код занятия: укажите --code КОД.' }));
    const outcome = await postLog(upload(board.url, { code: 'WRONG' }));
    expect(outcome).toEqual({
      kind: 'refused',
      status: 403,
      error: 'bad-code',
      message: 'Неверный код занятия: укажите --code КОД.',
    });
    const line = outcomeLine(outcome, board.url, 'en');
    expect(line.warn).toBe(true);
    expect(line.text).toContain('HTTP 403');
    expect(line.text).toContain('Неверный код занятия: укажите --code КОД.');
  });

  it('should say the board cannot be reached when nothing listens there', async () => {
    board = await fakeBoard(json(201, { message: 'x' }));
    const url = board.url;
    await board.close();
    board = undefined;
    const outcome = await postLog(upload(url));
    expect(outcome).toEqual({ kind: 'unreachable', detail: 'ECONNREFUSED' });
    expect(outcomeLine(outcome, url, 'ru').text).toMatch(/^предупреждение: табло .* недоступно \(ECONNREFUSED\)/);
  });

  it('should give up after its time-out when the board never answers', async () => {
    board = await fakeBoard(() => undefined);
    const started = Date.now();
    const outcome = await postLog(upload(board.url, { timeoutMs: 300 }));
    expect(outcome).toEqual({ kind: 'timeout', timeoutMs: 300 });
    // Generous: the point is that it does not wait for a board that never answers.
    expect(Date.now() - started).toBeLessThan(300 * 10);
  });

  it('should not take an answer that is no board JSON (another web server at that address)', async () => {
    board = await fakeBoard((res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>router</html>');
    });
    expect(await postLog(upload(board.url))).toEqual({ kind: 'not-board', status: 200 });
  });

  it('should keep one line of the board message for the console, without control or bidi characters', async () => {
    board = await fakeBoard(json(201, { message: 'ok\n2026 client[1] FORGED\u202e' }));
    expect(await postLog(upload(board.url))).toEqual({ kind: 'taken', status: 201, message: 'ok 2026 client[1] FORGED ' });
  });

  it('should post under the path of the given address, with its query dropped', () => {
    expect(uploadsUrl('http://10.0.0.1:8080')).toBe('http://10.0.0.1:8080/api/uploads');
    expect(uploadsUrl('http://10.0.0.1:8080/')).toBe('http://10.0.0.1:8080/api/uploads');
    expect(uploadsUrl('http://lab.local/class?key=1#x')).toBe('http://lab.local/class/api/uploads');
    expect(uploadsUrl('http://[::1]:8080')).toBe('http://[::1]:8080/api/uploads');
  });
});

describe('thisRunLines (only this run of the client goes to the board)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'board-upload-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("should take the lines written after the offset by this process only when the file holds earlier runs and another client's lines", () => {
    const file = join(dir, 'client.log');
    writeFileSync(file, 't client[100] CONNECTED server=a:1 local=b:2\nt client[100] DISCONNECTED reason=done\n');
    const offset = logOffset(file);
    appendFileSync(file, 't client[100] CONNECTED server=a:1 local=b:3\nt client[200] CONNECTED server=a:1 local=b:4\n');
    appendFileSync(file, 't client[100] DISCONNECTED reason=done\nt other[100] X y=client[100] \n');
    expect(thisRunLines(file, offset, 100).toString()).toBe(
      't client[100] CONNECTED server=a:1 local=b:3\nt client[100] DISCONNECTED reason=done\n',
    );
  });

  it('should take the whole file when it did not exist before the run', () => {
    const file = join(dir, 'new.log');
    const offset = logOffset(file);
    writeFileSync(file, 't client[5] CONNECTED server=a:1 local=b:3\n');
    expect(offset).toBe(0);
    expect(thisRunLines(file, offset, 5).toString()).toBe('t client[5] CONNECTED server=a:1 local=b:3\n');
  });
});

describe('the [board] keys and the --board, --code, --host, --port flags', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'board-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const ini = (text: string) => {
    const file = join(dir, 'client.ini');
    writeFileSync(file, text);
    return file;
  };

  it('should have no board by default and with blank keys', () => {
    expect(loadClientConfig(ini('[server]\nport = 1\n')).board).toEqual({ url: '', code: '' });
    expect(loadClientConfig(ini('[board]\nurl =\ncode =\n')).board).toEqual({ url: '', code: '' });
  });

  it('should take the flags over the file', () => {
    const cli = parseCommandLine('client', [
      '--host',
      '10.0.0.1',
      '--port',
      '2000',
      '--board',
      'http://10.0.0.1:8080',
      '--code',
      'K7Q2',
    ]);
    const config = loadClientConfig(
      ini('[server]\nhost = 127.0.0.1\nport = 1\n[board]\nurl = http://x:1\ncode = A\n'),
      undefined,
      cli.clientFlags,
    );
    expect({ server: config.server, board: config.board }).toEqual({
      server: { host: '10.0.0.1', port: 2000 },
      board: { url: 'http://10.0.0.1:8080', code: 'K7Q2' },
    });
  });

  it('should refuse an address that is not http(s), naming the key or the flag', () => {
    expect(() => loadClientConfig(ini('[board]\nurl = 10.0.0.1:8080\n'))).toThrow(/board\.url/);
    expect(() => loadClientConfig(ini('[board]\nurl = ftp://10.0.0.1/\n'))).toThrow(/board\.url/);
    const cli = parseCommandLine('client', ['--board', 'http://user:pw@x/']);
    expect(() => loadClientConfig(ini(''), undefined, cli.clientFlags)).toThrow(/--board/);
    expect(() => loadClientConfig(ini(''), undefined, parseCommandLine('client', ['--port', '70000']).clientFlags)).toThrow(
      /--port/,
    );
  });

  it('should refuse the client flags for a server', () => {
    expect(() => parseCommandLine('server-sync', ['--board', 'http://x/'])).toThrow(/--board/);
  });
});
