import { join } from 'node:path';
import { events, readLog, runApp, serverSuite, SIGNATURE, tempDir, waitForEvents, writeIni } from './helpers.js';

const INTERNAL = 'ERROR internal server error';

/** The example of a later lab (apps/server-commands, docs/extending.md), as built by `npm run build`. */
describe('server-commands (built app, real sockets)', () => {
  const { start, open } = serverSuite();

  it('should answer COUNT and TIME, mirror any other line, refuse a malformed command, and log every request', async () => {
    const server = await start({ app: 'server-commands', sections: { work: { delay_ms: 0 } } });
    const c = await open(server);
    const before = Date.now();
    c.write('COUNT Титов Юрий Павлович\nTIME\nТитов Юрий Павлович\nCOUNT\n');
    const [count, time, mirrored, refused] = await c.waitLines(4);
    expect([count, mirrored, refused]).toEqual(['3', `Чиволвап Йирю Вотит. ${SIGNATURE}`, INTERNAL]);
    // The server's own clock, as a local time with its offset.
    expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect(Math.abs(new Date(time).getTime() - before)).toBeLessThan(10_000);
    expect(c.closed).toBe(false);

    c.socket.end();
    await waitForEvents(server.logFile, 'CLIENT_DISCONNECTED');
    const exit = await server.proc.stop('SIGTERM');
    expect(exit.code).toBe(0);
    const log = readLog(server.logFile);
    expect(log.every((r) => r.app === 'server-commands')).toBe(true);
    expect(events(log, 'SERVER_START')[0].fields).toMatchObject({ host: '127.0.0.1', workers: '1' });
    expect(events(log, 'MESSAGE_SENT').map((r) => r.fields.msg)).toEqual(['3', time, `Чиволвап Йирю Вотит. ${SIGNATURE}`]);
    expect(events(log, 'HANDLER_ERROR').map((r) => r.fields.error)).toEqual(['COUNT needs a text: COUNT <text>']);
    expect(events(log, 'SERVER_STOP')).toHaveLength(1);
  });

  it('should say what it is in --help, in Russian by default and in English with --lang en, and give --version', async () => {
    const ru = await runApp('server-commands', ['--help'], undefined, { MIRROR_LAB_LANG: '' }).exited;
    expect(ru.code).toBe(0);
    expect(ru.stdout).toContain('команды COUNT и TIME');
    expect(ru.stdout).toContain('config/server-commands.ini');
    const en = await runApp('server-commands', ['--help', '--lang', 'en']).exited;
    expect(en.stdout).toContain('the commands COUNT and TIME');
    const version = await runApp('server-commands', ['--version']).exited;
    expect(version.stdout).toMatch(/^server-commands \d+\.\d+\.\d+\n$/);
  });

  it('should stop with exit code 2 and one line naming the key of a bad config', async () => {
    const dir = tempDir();
    const config = writeIni(join(dir, 'bad.ini'), { work: { delay_ms: 'soon' }, log: { file: join(dir, 'x.log') } });
    const exit = await runApp('server-commands', ['--config', config]).exited;
    expect(exit.code).toBe(2);
    expect(exit.stderr.trim().split('\n')).toHaveLength(1);
    expect(exit.stderr).toContain('delay_ms');
  });
});
