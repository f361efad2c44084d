import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AppProcess,
  RawClient,
  ROOT,
  readLog,
  runApp,
  startServer,
  tempDir,
  waitFor,
  waitForEvents,
  writeIni,
  type RunningServer,
} from './helpers.js';

/**
 * config/student.ini, the one place for the student (docs/config.md): every
 * server signs with it and both clients send it, found by the documented
 * mechanism, and each program says once at start while the example is used.
 * The lab's --variant (or variant in student.ini) picks the servers compared.
 */

const PYTHON = process.env.PYTHON ?? 'python3';
const NAME = 'Иванова Мария Петровна';
const GROUP = 'М3О-321Б-22';
const MESSAGE = `${NAME} ${GROUP}`;
const SIGNATURE = `Сервер написан Иванова М.П. ${GROUP}`;
const EXAMPLE_EN =
  'The built-in example "Сервер написан Титов Ю.П. М3О-3ХХБ-ХХ" is in use: put your name, group and variant in config/student.ini';
const EXAMPLE_RU =
  'Используется встроенный пример «Титов Юрий Павлович М3О-3ХХБ-ХХ»: впишите свои ФИО, группу и вариант в config/student.ini';

/** A working directory with the student's config/student.ini (and nothing else); returns it and the file. */
function studentHome(variant?: number): { cwd: string; file: string } {
  const cwd = tempDir('mirror-lab-student-');
  mkdirSync(join(cwd, 'config'));
  const file = join(cwd, 'config', 'student.ini');
  writeFileSync(file, `[student]\nname = ${NAME}\ngroup = ${GROUP}\n${variant === undefined ? '' : `variant = ${variant}\n`}`);
  return { cwd, file };
}

const count = (text: string, part: string) => text.split(part).length - 1;

const SERVERS = [
  { app: 'server-sync', sections: {} },
  { app: 'server-cluster', sections: { cluster: { workers: 2 } } },
  { app: 'server-threads', sections: { threads: { count: 2 } } },
] as const;

describe.each(SERVERS)('$app with config/student.ini', ({ app, sections }) => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    // SIGTERM: a killed cluster primary could leave its workers behind.
    await server?.proc.stop('SIGTERM');
    server = undefined;
  });

  const reply = async (port: number) => {
    const raw = new RawClient(port);
    await raw.connected;
    raw.write('Абв\n');
    const [line] = await raw.waitLines(1);
    raw.destroy();
    return line;
  };

  it('should sign with the name and group of the file MIRROR_LAB_STUDENT names, and print no example notice', async () => {
    const { file } = studentHome();
    server = await startServer({ app, sections: { ...sections, work: { delay_ms: 0 } }, env: { MIRROR_LAB_STUDENT: file } });
    expect(await reply(server.port)).toBe(`Вба. ${SIGNATURE}`);
    expect(server.proc.stdout).not.toContain('example');
  });

  it('should say once at start that the built-in example is in use (the shipped student.ini)', async () => {
    server = await startServer({ app, sections: { ...sections, work: { delay_ms: 0 } } });
    expect(await reply(server.port)).toBe('Вба. Сервер написан Титов Ю.П. М3О-3ХХБ-ХХ');
    const proc = server.proc;
    await waitFor(
      () => proc.stdout.includes(EXAMPLE_EN) || undefined,
      5000,
      () => `no notice in: ${proc.stdout}`,
    );
    expect(count(proc.stdout, 'built-in example')).toBe(1);
  });
});

describe('the clients with config/student.ini', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ sections: { work: { delay_ms: 0 } } });
  });
  afterAll(async () => {
    await server.proc.stop('SIGTERM');
  });

  const clientIni = (name: string) =>
    writeIni(join(server.dir, `${name}.ini`), {
      server: { host: '127.0.0.1', port: server.port },
      client: { send_after_ms: 0, linger_ms: 0 },
      log: { file: join(server.dir, `${name}.log`) },
    });
  const sent = (name: string) => readLog(join(server.dir, `${name}.log`)).find((r) => r.event === 'SENT')?.fields.msg;
  const python = (args: string[], cwd: string) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
    delete env.MIRROR_LAB_LANG;
    delete env.MIRROR_LAB_STUDENT;
    return new AppProcess(
      spawn(PYTHON, [join(ROOT, 'clients/python/client.py'), ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
  };

  it('TypeScript: should send the name and group of --student FILE, and the server should receive them', async () => {
    const { file } = studentHome();
    const exit = await runApp('client', ['--config', clientIni('ts-flag'), '--student', file]).exited;
    expect(exit.code).toBe(0);
    expect(sent('ts-flag')).toBe(MESSAGE);
    expect(exit.stdout).not.toContain('пример');
    const log = await waitForEvents(server.logFile, 'MESSAGE_SENT');
    expect(log.some((r) => r.event === 'MESSAGE_RECEIVED' && r.fields.msg === MESSAGE)).toBe(true);
  });

  it('TypeScript: should find config/student.ini in the working directory when nothing names one', async () => {
    const { cwd } = studentHome();
    const exit = await runApp('client', ['--config', clientIni('ts-cwd')], cwd).exited;
    expect(exit.code).toBe(0);
    expect(sent('ts-cwd')).toBe(MESSAGE);
  });

  it('TypeScript: should say once, in Russian, that the built-in example is sent', async () => {
    const exit = await runApp('client', ['--config', clientIni('ts-example')]).exited;
    expect(exit.code).toBe(0);
    expect(sent('ts-example')).toBe('Титов Юрий Павлович М3О-3ХХБ-ХХ');
    expect(count(exit.stdout, EXAMPLE_RU)).toBe(1);
  });

  it('Python: should send the name and group of config/student.ini in the working directory', async () => {
    const { cwd } = studentHome();
    const exit = await python(['--config', clientIni('py-cwd')], cwd).exited;
    expect(exit.stderr).toBe('');
    expect(exit.code).toBe(0);
    expect(sent('py-cwd')).toBe(MESSAGE);
    expect(exit.stdout).not.toContain('пример');
  });

  it("Python: should fall back to the kit's config/student.ini and say once that the example is sent", async () => {
    const exit = await python(['--config', clientIni('py-example')], tempDir()).exited;
    expect(exit.code).toBe(0);
    expect(sent('py-example')).toBe('Титов Юрий Павлович М3О-3ХХБ-ХХ');
    expect(count(exit.stdout, 'Используется встроенный пример «Титов Юрий Павлович М3О-3ХХБ-ХХ»')).toBe(1);
    expect(exit.stdout).toContain(join(ROOT, 'config', 'student.ini'));
  });
});

describe('the lab with a variant', () => {
  /** Runs the lab quickly in the student's directory; returns its console and the servers that ran (the report's directories). */
  async function lab(args: string[], variant?: number) {
    const { cwd } = studentHome(variant);
    const out = join(cwd, 'reports');
    const exit = await runApp(
      'lab',
      [
        '--clients',
        '2',
        '--delay',
        '100',
        '--stagger',
        '50',
        '--send-after',
        '0',
        '--linger',
        '0',
        '--workers',
        '2',
        '--threads',
        '2',
        '--out',
        out,
        ...args,
      ],
      cwd,
    ).exited;
    const [stamp] = existsSync(out) ? readdirSync(out) : [];
    const ran = stamp ? readdirSync(join(out, stamp)).filter((f) => f.startsWith('server-')) : [];
    const serverLog = (app: string) => readLog(join(out, stamp, app, 'logs', `${app}.log`));
    const consoleOf = (app: string) => readFileSync(join(out, stamp, app, 'logs', `${app}.console.txt`), 'utf8');
    return { exit, ran: ran.sort(), serverLog, consoleOf };
  }

  it('should compare server-sync with server-cluster for --variant 7 (over variant 8 in student.ini), signed with the student', async () => {
    const { exit, ran, serverLog } = await lab(['--variant', '7'], 8);
    expect(exit.code).toBe(0);
    expect(ran).toEqual(['server-cluster', 'server-sync']);
    expect(exit.stdout).toContain('Вариант 7: многопроцессный сервер server-cluster сравнивается с итеративным server-sync');
    expect(exit.stdout).not.toContain('встроенный пример');
    const replies = serverLog('server-cluster').filter((r) => r.event === 'MESSAGE_SENT');
    expect(replies.length).toBe(2);
    for (const r of replies) expect(String(r.fields.msg)).toMatch(new RegExp(`\\. ${SIGNATURE}$`));
  }, 120_000);

  it('should compare server-sync with server-threads for variant 8 in student.ini', async () => {
    const { exit, ran } = await lab([], 8);
    expect(exit.code).toBe(0);
    expect(ran).toEqual(['server-sync', 'server-threads']);
    expect(exit.stdout).toContain('Вариант 8: многопоточный сервер server-threads сравнивается с итеративным server-sync');
  }, 120_000);

  it('should let --servers win over the variant, and its servers point at the student file the lab read', async () => {
    const example = join(ROOT, 'config', 'student.ini');
    const { exit, ran, consoleOf } = await lab(['--variant', '8', '--servers', 'cluster', '--lang', 'en', '--student', example]);
    expect(exit.code).toBe(0);
    expect(ran).toEqual(['server-cluster']);
    expect(exit.stdout).toContain('Variant 8 (server server-threads); the servers to compare are set by --servers');
    expect(count(exit.stdout, 'the built-in example')).toBe(1);
    // The server signs with the example too; it says where the student changes it, not "remove the key" of the lab's generated config.
    expect(consoleOf('server-cluster')).toContain(`is in use: put your name, group and variant in ${example}`);
  }, 120_000);
});
