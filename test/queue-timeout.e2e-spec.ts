import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { AppProcess, RawClient, ROOT, runApp, startServer, waitForEvents, writeIni, type RunningServer } from './helpers.js';

/**
 * A class of 30 on server-sync with the shipped configs: the last clients wait
 * in the server's queue longer than client.reply_timeout_ms. Their message
 * must say the server accepted them, that they were most likely queued, and
 * which key to raise; both clients, both languages.
 */
describe('a client that times out in server-sync queue', () => {
  let server: RunningServer | undefined;
  let first: RawClient | undefined;

  beforeEach(async () => {
    server = await startServer({ app: 'server-sync', sections: { work: { delay_ms: 0 } } });
    // The client being served: connected, silent, so every later one waits in the queue.
    first = new RawClient(server.port);
    await first.connected;
    await waitForEvents(server.logFile, 'CLIENT_CONNECTED');
  });

  afterEach(async () => {
    first?.destroy();
    await server?.proc.stop('SIGTERM');
  });

  const ini = (name: string) =>
    writeIni(join(server!.dir, `${name}.ini`), {
      server: { host: '127.0.0.1', port: server!.port },
      client: { send_after_ms: 0, reply_timeout_ms: 500 },
      log: { file: join(server!.dir, `${name}.log`) },
    });

  const run = (client: 'ts' | 'python', lang: 'en' | 'ru'): AppProcess =>
    client === 'ts'
      ? runApp('client', ['--config', ini(`ts-${lang}`)], ROOT, { MIRROR_LAB_LANG: lang })
      : new AppProcess(
          spawn(process.env.PYTHON ?? 'python3', [join(ROOT, 'clients/python/client.py'), '--config', ini(`py-${lang}`)], {
            cwd: ROOT,
            env: { ...process.env, MIRROR_LAB_LANG: lang, PYTHONDONTWRITEBYTECODE: '1' },
            stdio: ['ignore', 'pipe', 'pipe'],
          }),
        );

  it.each([
    [
      'ts',
      'en',
      [
        'no reply within 500 ms',
        'the server accepted the connection',
        "waiting in the server's queue",
        'client.reply_timeout_ms',
      ],
    ],
    [
      'python',
      'en',
      [
        'no reply within 500 ms',
        'the server accepted the connection',
        "waiting in the server's queue",
        'client.reply_timeout_ms',
      ],
    ],
    ['ts', 'ru', ['нет ответа за 500 мс', 'сервер принял соединение', 'ждал в очереди сервера', 'client.reply_timeout_ms']],
    ['python', 'ru', ['нет ответа за 500 мс', 'сервер принял соединение', 'ждал в очереди сервера', 'client.reply_timeout_ms']],
  ] as const)(
    'should tell the %s client (%s) it was accepted, likely queued, and how to wait longer',
    async (client, lang, parts) => {
      const exit = await run(client, lang).exited;
      expect(exit.code).toBe(1);
      for (const part of parts) expect(exit.stderr).toContain(part);
      await waitForEvents(server!.logFile, 'CLIENT_QUEUED');
    },
  );
});
