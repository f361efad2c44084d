import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CLIENT_SCHEMA, type Schema } from '../libs/common/src/config/config.schema.js';
import { STUDENT_SCHEMA } from '../libs/common/src/config/student.js';
import {
  AppProcess,
  events,
  freePort,
  readLog,
  ROOT,
  runApp,
  SIGNATURE,
  startServer,
  tempDir,
  waitForEvents,
  writeIni,
  withBlackhole,
  type RunningServer,
  type ServerOptions,
} from './helpers.js';

const PYTHON = process.env.PYTHON ?? 'python3';
const CLIENT_PY = join(ROOT, 'clients/python/client.py');

/** Runs `python3 clients/python/client.py ...args`; `lang` sets MIRROR_LAB_LANG (unset = the default, Russian). */
function runPython(args: string[], lang?: 'en' | 'ru'): AppProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
  delete env.MIRROR_LAB_LANG;
  if (lang) env.MIRROR_LAB_LANG = lang;
  return new AppProcess(spawn(PYTHON, [CLIENT_PY, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

const clientIni = (dir: string, name: string, port: number, client: Record<string, string | number> = {}) =>
  writeIni(join(dir, `${name}.ini`), {
    server: { host: '127.0.0.1', port },
    client: { send_after_ms: 50, linger_ms: 50, interval_ms: 50, ...client },
    log: { file: join(dir, `${name}.log`) },
  });

/** Every server the Python client is tested against: adding one is one entry. */
const SERVERS: Array<{ name: string } & ServerOptions> = [
  { name: 'server-sync', app: 'server-sync' },
  { name: 'server-cluster', app: 'server-cluster', sections: { cluster: { workers: 1 } } },
  { name: 'server-threads', app: 'server-threads', sections: { threads: { count: 2 } } },
];

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/;

describe.each(SERVERS)('Python client against $name (built server)', (kind) => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    // SIGTERM, not SIGKILL: a killed cluster primary can leave its workers
    // running, and they would keep Jest from exiting.
    await server?.proc.stop('SIGTERM');
    server = undefined;
  });

  const start = (sections: ServerOptions['sections']) =>
    startServer({ app: kind.app, sections: { shutdown: { grace_ms: 0 }, ...kind.sections, ...sections } });

  it('should exit 0, and its log should parse with parseLogLine and agree with the server log', async () => {
    server = await start({ work: { delay_ms: 100 } });
    const proc = runPython(['--config', clientIni(server.dir, 'py', server.port, { messages: 2 })]);
    const exit = await proc.exited;
    expect(exit.stderr).toBe('');
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain('получено 2 ответа');
    const log = readLog(join(server.dir, 'py.log'));
    expect(log.map((r) => r.event)).toEqual(['CONNECTED', 'SENT', 'RECEIVED', 'SENT', 'RECEIVED', 'DISCONNECTED']);
    for (const r of log) {
      expect(r.app).toBe('client');
      expect(r.pid).toBe(proc.pid);
      expect(r.time).toMatch(TIME);
    }
    expect(log[0].fields.server).toBe(`127.0.0.1:${server.port}`);
    expect(log[1].fields).toEqual({ msg: 'Титов Юрий Павлович М3О-3ХХБ-ХХ', n: '1' });
    expect(log[2].fields).toEqual({ msg: `ХХ-БХХ3-О3М Чиволвап Йирю Вотит. ${SIGNATURE}`, n: '1' });
    expect(log[5].fields.reason).toBe('done');
    const serverLog = await waitForEvents(server.logFile, 'CLIENT_DISCONNECTED');
    expect(events(serverLog, 'MESSAGE_RECEIVED').map((r) => r.fields.msg)).toEqual([log[1].fields.msg, log[3].fields.msg]);
    expect(events(serverLog, 'MESSAGE_SENT').map((r) => r.fields.msg)).toEqual([log[2].fields.msg, log[4].fields.msg]);
    expect(events(serverLog, 'CLIENT_CONNECTED')[0].fields.peer).toBe(log[0].fields.local);
    expect(events(serverLog, 'CLIENT_DISCONNECTED')[0].fields.reason).toBe('client-closed');
  });

  it('should log a message with control and bidi characters on one line that parses back', async () => {
    server = await start({ work: { delay_ms: 0 } });
    const message = 'Иванов \u202eevil\u202c \u2028 \u{e0041} "q" \\ 👋';
    const config = join(server.dir, 'evil.ini');
    writeFileSync(
      config,
      `[server]\nport = ${server.port}\n[client]\nmessage = ${JSON.stringify(message)}\nsend_after_ms = 0\nlinger_ms = 0\n[log]\nfile = ${join(server.dir, 'evil.log')}\n`,
    );
    const exit = await runPython(['--config', config]).exited;
    expect(exit.code).toBe(0);
    const log = readLog(join(server.dir, 'evil.log'));
    expect(log.map((r) => r.event)).toEqual(['CONNECTED', 'SENT', 'RECEIVED', 'DISCONNECTED']);
    expect(log[1].fields.msg).toBe(message);
    const serverLog = await waitForEvents(server.logFile, 'MESSAGE_SENT');
    expect(log[2].fields.msg).toBe(events(serverLog, 'MESSAGE_SENT')[0].fields.msg);
  });

  it('should exit 1 and say so when the server closes before replying', async () => {
    server = await start({ work: { delay_ms: 5000 }, session: { max_ms: 300 } });
    const exit = await runPython(['--config', clientIni(server.dir, 'py', server.port, { send_after_ms: 0 })], 'en').exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('the server closed the connection before replying');
    expect(readLog(join(server.dir, 'py.log')).map((r) => [r.event, r.fields.reason])).toEqual([
      ['CONNECTED', undefined],
      ['SENT', undefined],
      ['ERROR', undefined],
      ['DISCONNECTED', 'server-closed'],
    ]);
  });
});

describe('Python client: failures and configuration', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.proc.stop('SIGKILL');
    server = undefined;
  });

  it('should exit 1 on a reply timeout', async () => {
    server = await startServer({ sections: { work: { delay_ms: 5000 } } });
    const exit = await runPython(
      ['--config', clientIni(server.dir, 'py', server.port, { send_after_ms: 0, reply_timeout_ms: 300 })],
      'en',
    ).exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('no reply within 300 ms');
    expect(readLog(join(server.dir, 'py.log')).at(-1)?.fields.reason).toBe('timeout');
  });

  it('should exit 1 and explain a refused connection, in Russian by default', async () => {
    const dir = tempDir();
    const port = await freePort();
    const en = await runPython(['--config', clientIni(dir, 'en', port)], 'en').exited;
    expect(en.code).toBe(1);
    expect(en.stderr).toContain(`connection refused by 127.0.0.1:${port}: nothing listens there`);
    const ru = await runPython(['--config', clientIni(dir, 'ru', port)]).exited;
    expect(ru.code).toBe(1);
    expect(ru.stderr).toContain(`127.0.0.1:${port} отказал в соединении: там никто не слушает`);
    const log = readLog(join(dir, 'ru.log'));
    expect(log.map((r) => [r.event, r.fields.reason])).toEqual([
      ['ERROR', undefined],
      ['DISCONNECTED', 'refused'],
    ]);
    expect(log[0].fields.what).toContain('там никто не слушает');
  });

  it('should exit 1 with the firewall-cmd hint when nothing answers in time', async () => {
    // A listener that never accepts, its backlog filled: Linux then drops new
    // SYNs, so the connect goes unanswered exactly as behind a firewall's DROP.
    const dir = tempDir();
    await withBlackhole(async (port) => {
      const started = Date.now();
      const exit = await runPython(['--config', clientIni(dir, 'c', port, { connect_timeout_ms: 500 })], 'en').exited;
      expect(exit.code).toBe(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      expect(exit.stderr).toContain(`no answer from 127.0.0.1:${port} within 500 ms`);
      expect(exit.stderr).toContain(
        `sudo firewall-cmd --zone=public --add-port=${port}/tcp --permanent && sudo firewall-cmd --reload`,
      );
      expect(readLog(join(dir, 'c.log')).map((r) => [r.event, r.fields.reason])).toEqual([
        ['ERROR', undefined],
        ['DISCONNECTED', 'timeout'],
      ]);
    });
  });

  it('should exit 2 with one line on a bad config', async () => {
    const dir = tempDir();
    const config = writeIni(join(dir, 'c.ini'), { client: { messages: 0 } });
    const en = await runPython(['--config', config], 'en').exited;
    expect(en.code).toBe(2);
    expect(en.stderr).toBe(`client.py: ${config}: line 2: client.messages = "0": must be a whole number from 1 to 1000000\n`);
    const ru = await runPython(['--config', config]).exited;
    expect(ru.code).toBe(2);
    expect(ru.stderr).toBe(`client.py: ${config}: строка 2: client.messages = "0": нужно целое число от 1 до 1000000\n`);
    const missing = await runPython(['--config', join(dir, 'none.ini'), '--lang', 'en']).exited;
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('none.ini: config file not found');
  });

  it('should read a config with a BOM (Windows Notepad)', async () => {
    server = await startServer({ sections: { work: { delay_ms: 0 } } });
    const config = join(server.dir, 'bom.ini');
    writeFileSync(
      config,
      `\ufeff[server]\r\nport = ${server.port}\r\n[client]\r\nsend_after_ms = 0\r\nlinger_ms = 0\r\n[log]\r\nfile = ${join(server.dir, 'bom.log')}\r\n`,
    );
    const exit = await runPython(['--config', config]).exited;
    expect(exit.code).toBe(0);
    expect(readLog(join(server.dir, 'bom.log')).map((r) => r.event)).toEqual(['CONNECTED', 'SENT', 'RECEIVED', 'DISCONNECTED']);
  });

  it('should refuse a config that is not UTF-8 and suggest saving it as UTF-8', async () => {
    const dir = tempDir();
    const config = join(dir, 'cp1251.ini');
    // "Иванов" in Windows-1251.
    writeFileSync(
      config,
      Buffer.concat([Buffer.from('[client]\nmessage = '), Buffer.from([0xc8, 0xe2, 0xe0, 0xed, 0xee, 0xe2]), Buffer.from('\n')]),
    );
    const exit = await runPython(['--config', config], 'en').exited;
    expect(exit.code).toBe(2);
    expect(exit.stderr).toBe(
      `client.py: ${config}: line 2: not valid UTF-8 (byte 0xC8 at column 11; is the file in Windows-1251 or another code page?); ` +
        'save it as UTF-8 (Notepad: File → Save as → Encoding: UTF-8)\n',
    );
  });

  it('should, like the TypeScript client, take a last reply without its LF for no reply (docs/spec.md#1-wire-protocol: a reply line ends with LF)', async () => {
    // A fake server that answers the request without the LF, then closes.
    const fake = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => socket.end('REPLY without LF'));
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    try {
      const dir = tempDir();
      const port = (fake.address() as AddressInfo).port;
      for (const who of ['ts', 'py'] as const) {
        const config = clientIni(dir, who, port, { send_after_ms: 0, linger_ms: 0 });
        const exit = await (who === 'ts' ? runApp('client', ['--config', config]) : runPython(['--config', config])).exited;
        expect({ who, code: exit.code }).toEqual({ who, code: 1 });
        expect(exit.stderr).toContain('сервер закрыл соединение, не ответив');
        expect({ who, log: readLog(join(dir, `${who}.log`)).map((r) => [r.event, r.fields.reason]) }).toEqual({
          who,
          log: [
            ['CONNECTED', undefined],
            ['SENT', undefined],
            ['ERROR', undefined],
            ['DISCONNECTED', 'server-closed'],
          ],
        });
      }
    } finally {
      await new Promise((resolve) => fake.close(resolve));
    }
  });

  it('should read the same INI file as the TypeScript client does', async () => {
    server = await startServer({ sections: { work: { delay_ms: 0 } } });
    const variants: Array<[string, string]> = [
      ['message = "Иванов #5 ; не комментарий"', 'Иванов #5 ; не комментарий'],
      ['message = Иванов И.И. ; комментарий', 'Иванов И.И.'],
      ['message = Иванов#5', 'Иванов'],
      ['message = a\\;b\\#c', 'a;b#c'],
      ["message = 'в одинарных'", 'в одинарных'],
      ['message = 100% = %(name)s', '100% = %(name)s'],
    ];
    for (const [i, [line, expected]] of variants.entries()) {
      const sent: string[] = [];
      for (const who of ['ts', 'py'] as const) {
        const name = `${who}${i}`;
        const config = join(server.dir, `${name}.ini`);
        writeFileSync(
          config,
          `[server]\nport = ${server.port}\n\n[client]\n${line}\n  send_after_ms = 0 ; indented\nlinger_ms = 0\n[log]\nfile = ${join(server.dir, `${name}.log`)}\n`,
        );
        const exit = await (who === 'ts' ? runApp('client', ['--config', config]) : runPython(['--config', config])).exited;
        expect({ who, line, code: exit.code, stderr: exit.stderr }).toEqual({ who, line, code: 0, stderr: '' });
        sent.push(events(readLog(join(server.dir, `${name}.log`)), 'SENT')[0].fields.msg);
      }
      expect({ line, sent }).toEqual({ line, sent: [expected, expected] });
    }
  });

  it.each([
    ['SCHEMA', CLIENT_SCHEMA],
    ['STUDENT_SCHEMA', STUDENT_SCHEMA],
  ] as const)('should have the keys, defaults and ranges of the TypeScript schema (%s)', async (name, schema) => {
    const dump = spawn(
      PYTHON,
      [
        '-c',
        `import client, dataclasses, json; print(json.dumps({s: {k: dataclasses.asdict(v) for k, v in keys.items()} for s, keys in client.${name}.items()}))`,
      ],
      {
        cwd: join(ROOT, 'clients/python'),
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      },
    );
    let out = '';
    dump.stdout.on('data', (d: Buffer) => (out += String(d)));
    await new Promise((resolve) => dump.on('close', resolve));
    const python = JSON.parse(out) as Record<string, Record<string, Record<string, unknown>>>;
    const expected: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const [section, keys] of Object.entries(schema as Schema)) {
      expected[section] = {};
      for (const [key, spec] of Object.entries(keys)) {
        expected[section][key] =
          spec.type === 'int'
            ? { default: spec.default, low: spec.min, high: spec.max, blank_is_default: spec.blankIsDefault === true }
            : spec.type === 'text' || spec.type === 'url'
              ? { default: spec.default, max_bytes: spec.maxBytes, blank_is_default: spec.blankIsDefault === true }
              : { default: spec.default };
      }
    }
    expect(python).toEqual(expected);
  });
});
