import { join } from 'node:path';
import { statSync } from 'node:fs';
import { events, readLog, ROOT, runApp, SIGNATURE, serverSuite, tempDir, waitForEvents, writeIni } from './helpers.js';

describe('server-sync (built app, real sockets)', () => {
  const { start, open } = serverSuite();

  it('should answer the seed example, pipelined lines, CRLF and emoji, in order, and log them', async () => {
    const server = await start({ sections: { work: { delay_ms: 50 } } });
    const c = await open(server);
    c.write('Титов Юрий Павлович\nhello 👨‍👩‍👧 🇫🇷\r\n\r\n\nabc\n');
    expect(await c.waitLines(3)).toEqual([`Чиволвап Йирю Вотит. ${SIGNATURE}`, `🇫🇷 👨‍👩‍👧 olleh. ${SIGNATURE}`, `cba. ${SIGNATURE}`]);
    c.socket.end();
    await c.waitClosed();
    await waitForEvents(server.logFile, 'CLIENT_DISCONNECTED');
    const exit = await server.proc.stop('SIGTERM');
    expect(exit.code).toBe(0);
    const log = readLog(server.logFile);
    expect(log.map((r) => r.event)).toEqual([
      'SERVER_START',
      'CLIENT_CONNECTED',
      'MESSAGE_RECEIVED',
      'MESSAGE_SENT',
      'MESSAGE_RECEIVED',
      'MESSAGE_SENT',
      'MESSAGE_RECEIVED',
      'MESSAGE_SENT',
      'CLIENT_DISCONNECTED',
      'SERVER_STOP',
    ]);
    expect(events(log, 'MESSAGE_RECEIVED')[0].fields).toMatchObject({ msg: 'Титов Юрий Павлович' });
    expect(events(log, 'CLIENT_DISCONNECTED')[0].fields.reason).toBe('client-closed');
    expect(log.every((r) => r.app === 'server-sync' && r.pid === server.proc.pid)).toBe(true);
  });

  it('should serve three simultaneous clients one at a time, in arrival order', async () => {
    const delay = 300;
    const server = await start({ sections: { work: { delay_ms: delay } } });
    const order: number[] = [];
    const started = Date.now();
    const all = [];
    for (let i = 0; i < 3; i += 1) {
      const c = await open(server);
      c.write(`client ${i}\n`);
      all.push(
        c.waitLines(1).then(() => {
          order.push(i);
          c.socket.end();
        }),
      );
      await new Promise((r) => setTimeout(r, 30));
    }
    await Promise.all(all);
    const took = Date.now() - started;
    expect(order).toEqual([0, 1, 2]);
    // Served one after another: at least three delays in all.
    expect(took).toBeGreaterThanOrEqual(3 * delay);
    const log = readLog(server.logFile);
    expect(events(log, 'CLIENT_QUEUED').map((r) => r.fields.position)).toEqual(['1', '2']);
    const connected = events(log, 'CLIENT_CONNECTED').map((r) => r.fields.peer);
    const queued = [connected[0], ...events(log, 'CLIENT_QUEUED').map((r) => r.fields.peer)];
    expect(connected).toEqual(queued);
  });

  it('should refuse a client past limits.max_queue with ERROR server busy', async () => {
    const server = await start({ sections: { work: { delay_ms: 2000 }, limits: { max_queue: 1 } } });
    const first = await open(server);
    first.write('x\n');
    await open(server);
    const third = await open(server);
    expect(await third.waitLines(1)).toEqual(['ERROR server busy']);
    await third.waitClosed();
    const reasons = events(await waitForEvents(server.logFile, 'CLIENT_DISCONNECTED'), 'CLIENT_DISCONNECTED').map(
      (r) => r.fields.reason,
    );
    expect(reasons).toEqual(['server-busy']);
  });

  it('should answer a line too long with an error line and close', async () => {
    const server = await start({ sections: { work: { delay_ms: 0 }, limits: { max_line_bytes: 100 } } });
    const c = await open(server);
    c.write('ok\n' + 'x'.repeat(101) + '\n');
    expect(await c.waitLines(2)).toEqual([`ko. ${SIGNATURE}`, 'ERROR line too long (limit 100 bytes)']);
    await c.waitClosed();
  });

  it('should end a silent session with idle-timeout and a long one with session-timeout', async () => {
    const server = await start({ sections: { work: { delay_ms: 0 }, session: { idle_ms: 300, max_ms: 0 } } });
    const idle = await open(server);
    idle.write('half a li');
    await idle.waitClosed();
    const idleLog = await waitForEvents(server.logFile, 'CLIENT_DISCONNECTED');
    expect(events(idleLog, 'CLIENT_DISCONNECTED')[0].fields.reason).toBe('idle-timeout');
    await server.proc.stop('SIGKILL');
    const second = await start({ sections: { work: { delay_ms: 0 }, session: { idle_ms: 0, max_ms: 400 } } });
    const busy = await open(second);
    const timer = setInterval(() => busy.write('ping\n'), 50);
    await busy.waitClosed();
    clearInterval(timer);
    expect(busy.lines.length).toBeGreaterThan(2);
    const log = await waitForEvents(second.logFile, 'CLIENT_DISCONNECTED');
    const reasons = events(log, 'CLIENT_DISCONNECTED').map((r) => r.fields.reason);
    expect(reasons).toEqual(['session-timeout']);
  });

  it('should reply to a client that half-closes right after its line', async () => {
    const server = await start({ sections: { work: { delay_ms: 100 } } });
    const c = await open(server);
    c.socket.end('abc\n');
    expect(await c.waitLines(1)).toEqual([`cba. ${SIGNATURE}`]);
    await c.waitClosed();
  });

  it('should deliver the reply in progress on SIGTERM, log SERVER_STOP and exit 0', async () => {
    const server = await start({ sections: { work: { delay_ms: 600 } } });
    const c = await open(server);
    const queued = await open(server);
    c.write('abc\n');
    await new Promise((r) => setTimeout(r, 150));
    const exit = server.proc.stop('SIGTERM');
    expect(await c.waitLines(1)).toEqual([`cba. ${SIGNATURE}`]);
    expect((await exit).code).toBe(0);
    await queued.waitClosed();
    const log = readLog(server.logFile);
    expect(log.at(-1)?.event).toBe('SERVER_STOP');
    expect(
      events(log, 'CLIENT_DISCONNECTED')
        .map((r) => r.fields.reason)
        .sort(),
    ).toEqual(['server-shutdown', 'server-shutdown']);
  });

  it('should append to its log across a restart, never truncate', async () => {
    const dir = tempDir();
    const server = await start({ dir });
    await server.proc.stop('SIGTERM');
    const size = statSync(server.logFile).size;
    const first = readLog(server.logFile);
    const again = await start({ dir });
    await again.proc.stop('SIGINT');
    const second = readLog(again.logFile);
    expect(statSync(again.logFile).size).toBeGreaterThan(size);
    expect(second.slice(0, first.length)).toEqual(first);
    expect(second.map((r) => r.event)).toEqual(['SERVER_START', 'SERVER_STOP', 'SERVER_START', 'SERVER_STOP']);
  });

  // The whole line is written out: the app, the file, the line number, the key
  // and what is allowed (docs/spec.md#5-configuration). English is asked for, so that the wording
  // checked is the one written here whatever the default language.
  it.each([
    [{ work: { delay_ms: 'soon' } }, 'line 2: work.delay_ms = "soon": must be a whole number from 0 to 86400000'],
    [
      { wrok: { delay_ms: 1 } },
      'line 1: unknown section [wrok]; allowed sections: server, reply, mirror, work, session, limits, shutdown, log',
    ],
    [{ server: { prot: 1 } }, 'line 2: unknown key server.prot; allowed in [server]: host, port'],
  ])('should exit 2 with one line for a bad config %j', async (sections, expected) => {
    const dir = tempDir();
    const config = writeIni(join(dir, 'bad.ini'), sections as never);
    const exit = await runApp('server-sync', ['--config', config], ROOT, { MIRROR_LAB_LANG: 'en' }).exited;
    expect(exit.code).toBe(2);
    expect(exit.stderr).toBe(`server-sync: ${config}: ${expected}\n`);
  });

  it('should exit non-zero with one readable line when its port is in use', async () => {
    const server = await start();
    const dir = tempDir();
    const config = writeIni(join(dir, 's.ini'), {
      server: { host: '127.0.0.1', port: server.port },
      log: { file: join(dir, 'l.log') },
    });
    const exit = await runApp('server-sync', ['--config', config]).exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain(`cannot listen on 127.0.0.1:${server.port}: the port is already in use`);
  });
});
