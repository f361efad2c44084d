import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { AppProcess, ROOT, runApp, tempDir, writeIni } from './helpers.js';

/** Errors a student must be able to act on, in the chosen language, never the system's raw words. */
describe('start-up and log errors in words a student can act on', () => {
  const serverIni = (dir: string, server: Record<string, string | number>, log: string) =>
    writeIni(join(dir, 'server.ini'), { server: { host: '127.0.0.1', port: 0, ...server }, log: { file: log } });

  it.each([
    ['en', ['cannot resolve the host name "no-such-host.invalid" of server.host', 'ip -4 addr']],
    ['ru', ['не удаётся найти адрес узла «no-such-host.invalid» из server.host', 'ip -4 addr']],
  ] as const)('should explain an unresolvable server.host (%s)', async (lang, parts) => {
    const dir = tempDir();
    const config = serverIni(dir, { host: 'no-such-host.invalid' }, join(dir, 'server.log'));
    const exit = await runApp('server-sync', ['--config', config], ROOT, { MIRROR_LAB_LANG: lang }).exited;
    expect(exit.code).toBe(1);
    for (const part of parts) expect(exit.stderr).toContain(part);
    expect(exit.stderr).not.toContain('getaddrinfo');
  });

  it.each([
    ['en', 'a directory on that path does not exist and cannot be made there (ENOENT'],
    ['ru', 'каталога на этом пути нет и создать его там нельзя (ENOENT'],
  ] as const)('should explain a server log file under /proc (%s)', async (lang, part) => {
    const dir = tempDir();
    const config = serverIni(dir, {}, '/proc/mirror-lab-test/server.log');
    const exit = await runApp('server-sync', ['--config', config], ROOT, { MIRROR_LAB_LANG: lang }).exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain(part);
    expect(exit.stderr).toContain('log.file');
  });

  it('should give the Python client the system error in Russian, not the OS English', async () => {
    const dir = tempDir();
    const config = writeIni(join(dir, 'py.ini'), {
      server: { host: '127.0.0.1', port: 1 },
      log: { file: '/proc/mirror-lab-test/py.log' },
    });
    const exit = await new AppProcess(
      spawn(process.env.PYTHON ?? 'python3', [join(ROOT, 'clients/python/client.py'), '--config', config], {
        cwd: ROOT,
        env: { ...process.env, MIRROR_LAB_LANG: 'ru', PYTHONDONTWRITEBYTECODE: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ).exited;
    expect(exit.code).toBe(1);
    // The same words as the TypeScript apps' (the server case above).
    expect(exit.stderr).toContain(
      'не удаётся открыть лог-файл /proc/mirror-lab-test/py.log для дописывания: каталога на этом пути нет и создать его там нельзя (ENOENT',
    );
    expect(exit.stderr).toContain('log.file');
    expect(exit.stderr).not.toMatch(/No such file|Permission denied/);
  });
});
