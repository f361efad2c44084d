import { execFileSync, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AppProcess,
  freePort,
  rawServer,
  readLog,
  ROOT,
  runApp,
  tempDir,
  writeIni,
  type Exit,
  type RawServer,
} from './helpers.js';

const PYTHON = process.env.PYTHON ?? 'python3';
const CLIENT_PY = join(ROOT, 'clients/python/client.py');

type Lang = 'ru' | 'en';

/** `python3 clients/python/client.py ...args` in `lang`, from the repository's root as the TypeScript client runs. */
function runPython(args: string[], lang: Lang): AppProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', MIRROR_LAB_LANG: lang };
  return new AppProcess(spawn(PYTHON, [CLIENT_PY, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Calls `answer` for every line the client sends, with its number from 1. */
function onEachLine(socket: Socket, answer: (line: string, n: number) => void): void {
  let buffer = '';
  let n = 0;
  socket.setEncoding('utf8').on('data', (text: string) => {
    buffer += text;
    for (let lf = buffer.indexOf('\n'); lf >= 0; lf = buffer.indexOf('\n')) {
      const line = buffer.slice(0, lf);
      buffer = buffer.slice(lf + 1);
      answer(line, (n += 1));
    }
  });
}

/** What a terminal would act on: ESC starts a sequence (here: clear the screen), U+202E turns the text around. */
const HOSTILE = '\x1b[2J\u202e«ok»';

interface Case {
  name: string;
  client: Record<string, string | number>;
  /** What the server does with a connection; undefined: nothing listens on the port. */
  serve?: (socket: Socket) => void;
  /** Where the log goes, in the run's folder `dir` (default `dir/c.log`). */
  log?: (dir: string) => string;
}

const CASES: Case[] = [
  {
    name: 'two exchanges, a greeting, a reply a terminal would act on and one too long for a console line',
    client: { messages: 2, send_after_ms: 200 },
    serve: (socket) => {
      socket.write(`HELLO ${HOSTILE}\n`);
      onEachLine(socket, (line, n) => socket.write(n === 1 ? `Привет, ${line}! ${HOSTILE}\n` : `${'ж'.repeat(1500)}\n`));
    },
  },
  {
    name: 'the server closes during the linger',
    client: { linger_ms: 5000 },
    serve: (socket) => onEachLine(socket, (line) => socket.end(`REPLY ${line}\n`)),
  },
  { name: 'nothing listens on the port', client: {} },
  {
    name: 'the server is busy and says so with a colour sequence',
    client: { send_after_ms: 300 },
    serve: (socket) => socket.write(`ERROR server busy \x1b[31m${HOSTILE}\n`),
  },
  {
    name: 'the server closes before replying',
    client: {},
    serve: (socket) => onEachLine(socket, () => socket.end()),
  },
  {
    name: 'the server resets the connection instead of replying',
    client: {},
    serve: (socket) => onEachLine(socket, () => socket.resetAndDestroy()),
  },
  {
    name: 'no reply in time',
    client: { reply_timeout_ms: 300 },
    serve: () => undefined,
  },
  {
    name: 'a reply without a line end past 1 MiB',
    client: {},
    serve: (socket) => onEachLine(socket, () => socket.write('x'.repeat(1024 * 1024 + 70_000))),
  },
  {
    name: 'the log cannot be opened: a file stands where its folder should be',
    client: {},
    log: (dir) => join(dir, 'c.ini', 'c.log'),
  },
  { name: 'the log cannot be opened: its path is a folder', client: {}, log: (dir) => dir },
  { name: 'the log cannot be opened: under /proc', client: {}, log: () => '/proc/mirror-lab-test/c.log' },
];

/**
 * One run's console with what differs between two runs by nature put as
 * placeholders: the time of day, the local address, the log's folder, the
 * program's name on stderr (`client:` for the TypeScript app, `client.py:`
 * for the Python script, as each is started).
 */
function consoleOf(exit: Exit, dir: string, logFile: string, program: string) {
  const hasLog = existsSync(logFile) && statSync(logFile).isFile();
  const local = hasLog ? readLog(logFile).find((r) => r.event === 'CONNECTED')?.fields.local : undefined;
  const same = (text: string) => (local === undefined ? text : text.split(local).join('<local>')).split(dir).join('<dir>');
  const stdout = same(exit.stdout).split('\n');
  const stderr = same(exit.stderr).split('\n');
  return {
    code: exit.code,
    stdout: stdout.map((line) => line.replace(/^\d\d:\d\d:\d\d\.\d{3} /, '<time> ')),
    stderr: stderr.map((line) => (line.startsWith(`${program}: `) ? `<program>: ${line.slice(program.length + 2)}` : line)),
  };
}

/**
 * The TypeScript client (apps/client) and the Python one (clients/python)
 * are printed whole in a student's report and meant to behave alike: for the
 * same server and config they say the same sentences, word for word, in
 * both languages (docs/python-client.md).
 */
describe('the TypeScript and the Python client say the same (built apps/client)', () => {
  let raw: RawServer | undefined;
  afterEach(async () => {
    await raw?.close();
    raw = undefined;
  });

  it.each(CASES)(
    '$name',
    async ({ client, serve, log }) => {
      let port: number;
      if (serve === undefined) port = await freePort();
      else {
        raw = await rawServer(serve);
        port = raw.port;
      }
      for (const lang of ['ru', 'en'] as const) {
        const said: Record<string, ReturnType<typeof consoleOf>> = {};
        for (const who of ['ts', 'py'] as const) {
          const dir = tempDir();
          const logFile = log?.(dir) ?? join(dir, 'c.log');
          const config = writeIni(join(dir, 'c.ini'), {
            server: { host: '127.0.0.1', port },
            client: { send_after_ms: 0, linger_ms: 0, interval_ms: 0, ...client },
            log: { file: logFile },
          });
          const exit = await (
            who === 'ts'
              ? runApp('client', ['--config', config], undefined, { MIRROR_LAB_LANG: lang })
              : runPython(['--config', config], lang)
          ).exited;
          said[who] = consoleOf(exit, dir, logFile, who === 'ts' ? 'client' : 'client.py');
        }
        // Each says something, and nothing a terminal would act on gets through either.
        expect(said.ts.stdout.length + said.ts.stderr.length).toBeGreaterThan(2);
        for (const lines of [said.ts.stdout, said.ts.stderr, said.py.stdout, said.py.stderr])
          expect(lines.filter((line) => /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202e]/.test(line))).toEqual([]);
        expect({ lang, py: said.py }).toEqual({ lang, py: said.ts });
      }
    },
    90_000,
  );

  it.each([
    [['--bogus']],
    [['extra']],
    [['--port', '0']],
    [['--host', 'a b']],
    [['--board', 'x']],
    [['--config']],
    [['--lang']],
    [['--lang', 'xx']],
  ])(
    'a bad command line: %j',
    async (args) => {
      for (const lang of ['ru', 'en'] as const) {
        const ts = await runApp('client', args, undefined, { MIRROR_LAB_LANG: lang }).exited;
        const py = await runPython(args, lang).exited;
        // The program names itself, in the usage too.
        const said = { code: py.code, stdout: py.stdout, stderr: py.stderr.split('client.py').join('client') };
        expect({ lang, said }).toEqual({ lang, said: { code: ts.code, stdout: ts.stdout, stderr: ts.stderr } });
        expect(ts.code).toBe(2);
      }
    },
    60_000,
  );

  /** Config files each client refuses with exit 2: the bytes of the file, or what stands at its path. */
  const BAD_CONFIGS: Array<[string, Buffer | 'missing' | 'directory' | 'fifo' | 'endless']> = [
    ['a value out of range', Buffer.from('[client]\nmessages = 0\n')],
    ['a key misspelt', Buffer.from('[client]\nmesages = 1\n')],
    ['a key in capitals', Buffer.from('[server]\n  Port = 1 ; comment\n')],
    ['an unknown section', Buffer.from('[clint]\n')],
    ['a key outside any section', Buffer.from('port = 1\n[server]\n')],
    ['a key given twice', Buffer.from('[server]\nport = 1\nport = 2\n')],
    ['a section given twice', Buffer.from('[server]\n[log]\n[ server ]\n')],
    ['a bad host', Buffer.from('[server]\nhost = a b\n')],
    ['an empty message', Buffer.from('[client]\nmessage = \n')],
    ['a value of 300 characters', Buffer.from(`[server]\nport = ${'9'.repeat(300)}\n`)],
    ['a value with emoji, quotes and U+202E', Buffer.from(`[server]\nhost = ${'👋'.repeat(40)}"\\\u202e\n`)],
    [
      'Windows-1251 after a BOM',
      Buffer.concat([Buffer.from('\ufeff[client]\nmessage = '), Buffer.from([0xc8, 0xe2]), Buffer.from('\n')]),
    ],
    ['UTF-16', Buffer.from('\ufeff[server]\n', 'utf16le')],
    ['a NUL byte', Buffer.from('[client]\nmessage = a\0b\n')],
    ['no such file', 'missing'],
    ['a directory', 'directory'],
    ['a FIFO nobody writes to', 'fifo'],
    ['no end (/dev/zero)', 'endless'],
  ];

  it.each(BAD_CONFIGS)(
    'a config file with %s',
    async (_, content) => {
      const dir = tempDir();
      const config = content === 'directory' ? dir : content === 'endless' ? '/dev/zero' : join(dir, 'c.ini');
      if (Buffer.isBuffer(content)) writeFileSync(config, content);
      if (content === 'fifo') execFileSync('mkfifo', [config]);
      for (const lang of ['ru', 'en'] as const) {
        const ts = await runApp('client', ['--config', config], undefined, { MIRROR_LAB_LANG: lang }).exited;
        const py = await runPython(['--config', config], lang).exited;
        const said = { code: py.code, stdout: py.stdout, stderr: py.stderr.replace(/^client\.py: /, 'client: ') };
        expect({ lang, said }).toEqual({ lang, said: { code: ts.code, stdout: ts.stdout, stderr: ts.stderr } });
        expect(ts.code).toBe(2);
      }
    },
    60_000,
  );

  it.each([
    ['a variant out of range', '[student]\nvariant = 0\n'],
    ['an unknown key', '[student]\nfio = x\n'],
    ['no such file', undefined],
  ])(
    'a student file with %s',
    async (_, content) => {
      const dir = tempDir();
      const config = writeIni(join(dir, 'c.ini'), { server: { port: 1 }, log: { file: join(dir, 'c.log') } });
      const student = join(dir, 'student.ini');
      if (content !== undefined) writeFileSync(student, content);
      for (const lang of ['ru', 'en'] as const) {
        const args = ['--config', config, '--student', student];
        const ts = await runApp('client', args, undefined, { MIRROR_LAB_LANG: lang }).exited;
        const py = await runPython(args, lang).exited;
        const said = { code: py.code, stdout: py.stdout, stderr: py.stderr.replace(/^client\.py: /, 'client: ') };
        expect({ lang, said }).toEqual({ lang, said: { code: ts.code, stdout: ts.stdout, stderr: ts.stderr } });
        expect(ts.code).toBe(2);
      }
    },
    60_000,
  );

  it('should show the Python client a reply with ESC and U+202E escaped, the log keeping it as sent', async () => {
    raw = await rawServer((socket) => onEachLine(socket, (line) => socket.write(`Привет, ${line}! ${HOSTILE}\n`)));
    const dir = tempDir();
    const config = writeIni(join(dir, 'c.ini'), {
      server: { host: '127.0.0.1', port: raw.port },
      client: { send_after_ms: 0, linger_ms: 0, message: 'Smith J. IU5-31B' },
      log: { file: join(dir, 'c.log') },
    });
    const student = writeIni(join(dir, 'student.ini'), { student: { name: 'Smith John', group: 'IU5-31B' } });
    const run = await runPython(['--config', config, '--student', student], 'en').exited;
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const log = readLog(join(dir, 'c.log'));
    expect(log.map((r) => r.event)).toEqual(['CONNECTED', 'SENT', 'RECEIVED', 'DISCONNECTED']);
    expect(log[2].fields.msg).toBe(`Привет, Smith J. IU5-31B! ${HOSTILE}`);
    const where = `127.0.0.1:${raw.port}`;
    expect(run.stdout.split('\n').map((line) => line.slice('00:00:00.000 '.length))).toEqual([
      `connecting to ${where}…`,
      `connected to ${where} (local address ${log[0].fields.local})`,
      'sent: Smith J. IU5-31B',
      'reply: Привет, Smith J. IU5-31B! \\x1b[2J\\u202e«ok»',
      `disconnected from ${where}`,
      `done: received 1 reply. Log: ${join(dir, 'c.log')}`,
      '',
    ]);
  }, 60_000);
});
