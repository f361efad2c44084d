import { join } from 'node:path';
import { runApp, startServer, tempDir, waitFor, writeIni, type RunningServer } from './helpers.js';

const CYRILLIC = /[\u0400-\u04FF]/;
/** The default language: MIRROR_LAB_LANG unset (empty counts as unset). */
const DEFAULT = { MIRROR_LAB_LANG: '' };
const EN = { MIRROR_LAB_LANG: 'en' };

const APPS = ['server-sync', 'server-cluster', 'server-threads', 'client'] as const;

describe('every app speaks Russian by default and English on request (docs/spec.md#9-language)', () => {
  it.each(APPS)('%s: --help in Russian by default, in English with --lang en and with MIRROR_LAB_LANG=en', async (app) => {
    const ru = await runApp(app, ['--help'], undefined, DEFAULT).exited;
    expect(ru.code).toBe(0);
    expect(ru.stdout).toContain(`использование: ${app} [--config ФАЙЛ] [--lang ru|en]`);
    expect(ru.stdout).toContain(`--config ФАЙЛ   файл настроек INI (по умолчанию config/${app}.ini)`);

    const byFlag = await runApp(app, ['--help', '--lang', 'en'], undefined, DEFAULT).exited;
    const byEnv = await runApp(app, ['--help'], undefined, EN).exited;
    for (const en of [byFlag, byEnv]) {
      expect(en.code).toBe(0);
      expect(en.stdout).toContain(`usage: ${app} [--config FILE] [--lang ru|en]`);
      expect(en.stdout).toContain('--version       print the version');
      expect(en.stdout).not.toMatch(CYRILLIC);
    }
    // --lang wins over the environment.
    const flagOverEnv = await runApp(app, ['--help', '--lang=ru'], undefined, EN).exited;
    expect(flagOverEnv.stdout).toContain('использование:');
  });

  it('lab: --help in English with MIRROR_LAB_LANG=en too', async () => {
    const en = await runApp('lab', ['--help'], undefined, EN).exited;
    expect(en.stdout).toContain('usage: npm start -- [options]');
    expect(en.stdout).not.toMatch(CYRILLIC);
  });

  it.each(['server-sync', 'client'] as const)(
    '%s: a config error in Russian by default and in English with --lang en',
    async (app) => {
      const dir = tempDir();
      const config = writeIni(join(dir, 'c.ini'), { server: { port: 99999 } });
      const ru = await runApp(app, ['--config', config], undefined, DEFAULT).exited;
      expect(ru.code).toBe(2);
      const maxPort = app === 'client' ? '1 до 65535' : '0 до 65535';
      expect(ru.stderr).toBe(`${app}: ${config}: строка 2: server.port = "99999": нужно целое число от ${maxPort}\n`);
      const en = await runApp(app, ['--config', config, '--lang', 'en'], undefined, DEFAULT).exited;
      expect(en.code).toBe(2);
      expect(en.stderr).toBe(
        `${app}: ${config}: line 2: server.port = "99999": must be a whole number from ${maxPort.replace(' до ', ' to ')}\n`,
      );
      expect(en.stderr).not.toMatch(CYRILLIC);
    },
  );

  it('should refuse an unknown --lang, naming the languages, with exit code 2', async () => {
    const exit = await runApp('server-threads', ['--lang', 'de'], undefined, DEFAULT).exited;
    expect(exit.code).toBe(2);
    expect(exit.stderr).toBe('server-threads: --lang "de": нужно одно из: ru, en\n');
    const fromEnv = await runApp('client', ['--help'], undefined, { MIRROR_LAB_LANG: 'EN' }).exited;
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain('MIRROR_LAB_LANG="EN"');
  });

  it('should print --version the same in both languages', async () => {
    const ru = await runApp('server-cluster', ['--version'], undefined, DEFAULT).exited;
    const en = await runApp('server-cluster', ['--version', '--lang', 'en'], undefined, DEFAULT).exited;
    expect(ru.stdout).toMatch(/^server-cluster \d+\.\d+\.\d+\n$/);
    expect(en.stdout).toBe(ru.stdout);
  });
});

describe('servers: console lines and start-up errors in the chosen language', () => {
  let servers: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.proc.stop('SIGKILL')));
    servers = [];
  });

  it('server-cluster: says where it listens with the Russian plural of its workers, and stops in Russian', async () => {
    const server = await startServer({ app: 'server-cluster', env: DEFAULT, sections: { cluster: { workers: 2 } } });
    servers.push(server);
    const said = await waitFor(
      () => (server.proc.stdout.includes('слушаю') ? server.proc.stdout : undefined),
      10_000,
      () => server.proc.stdout,
    );
    expect(said).toContain(`слушаю 127.0.0.1:${server.port}, 2 рабочих процесса; лог: ${server.logFile}`);
    const exit = await server.proc.stop('SIGTERM');
    expect(exit.stdout).toMatch(/SIGTERM: останавливаю 2 рабочих процесса \(даю 5000 мс на завершение\)/);
    expect(exit.stdout + exit.stderr).not.toMatch(
      /listening|stopping|Starting Nest|dependencies initialized|successfully started/,
    );
    // The workers' Nest bootstrap, through the catalogue too.
    expect(exit.stdout).toContain('запуск приложения Nest...');
    expect(exit.stdout).toContain('микросервис Nest запущен');
  });

  it('server-sync: a port in use is said in Russian by default, in English with MIRROR_LAB_LANG=en', async () => {
    const first = await startServer({ env: DEFAULT });
    servers.push(first);
    const config = writeIni(join(first.dir, 'second.ini'), {
      server: { host: '127.0.0.1', port: first.port },
      log: { file: join(first.dir, 'second.log') },
    });
    const ru = await runApp('server-sync', ['--config', config], undefined, DEFAULT).exited;
    expect(ru.code).toBe(1);
    expect(ru.stderr).toBe(
      `server-sync: не удаётся слушать 127.0.0.1:${first.port}: порт уже занят (запущен другой сервер? остановите его или задайте в server.port другой порт или 0)\n`,
    );
    const en = await runApp('server-sync', ['--config', config], undefined, EN).exited;
    expect(en.stderr).toBe(
      `server-sync: cannot listen on 127.0.0.1:${first.port}: the port is already in use (is another server running? stop it, or set server.port to another port or to 0)\n`,
    );
  });

  it('server-threads: a log file that cannot be opened is said in Russian', async () => {
    const dir = tempDir();
    const config = writeIni(join(dir, 'c.ini'), {
      server: { host: '127.0.0.1', port: 0 },
      log: { file: join(dir, 'c.ini', 'x.log') },
    });
    const exit = await runApp('server-threads', ['--config', config], undefined, DEFAULT).exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toBe(
      `server-threads: не удаётся открыть лог-файл ${join(dir, 'c.ini', 'x.log')} для дописывания: часть пути — файл, а не каталог (ENOTDIR)\n`,
    );
  });
});
