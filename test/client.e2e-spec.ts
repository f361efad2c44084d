import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { events, freePort, readLog, runApp, SIGNATURE, startServer, tempDir, waitForEvents, writeIni, type RunningServer } from './helpers.js';

const clientIni = (dir: string, name: string, port: number, client: Record<string, string | number> = {}) =>
  writeIni(join(dir, `${name}.ini`), {
    server: { host: '127.0.0.1', port },
    client: { send_after_ms: 50, linger_ms: 50, interval_ms: 50, ...client },
    log: { file: join(dir, `${name}.log`) },
  });

describe('client against server-sync (built apps)', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.proc.stop('SIGKILL');
    server = undefined;
  });

  it('should exit 0 and both logs should hold the SPEC events', async () => {
    server = await startServer({ sections: { work: { delay_ms: 100 } } });
    const config = clientIni(server.dir, 'client', server.port, { messages: 2 });
    const exit = await runApp('client', ['--config', config]).exited;
    expect(exit.code).toBe(0);
    const clientLog = readLog(join(server.dir, 'client.log'));
    expect(clientLog.map((r) => r.event)).toEqual(['CONNECTED', 'SENT', 'RECEIVED', 'SENT', 'RECEIVED', 'DISCONNECTED']);
    expect(clientLog[0].fields.server).toBe(`127.0.0.1:${server.port}`);
    expect(clientLog[1].fields.msg).toBe('Титов Юрий Павлович М3О-3ХХБ-ХХ');
    expect(clientLog[2].fields.msg).toBe(`ХХ-БХХ3-О3М Чиволвап Йирю Вотит. ${SIGNATURE}`);
    expect(clientLog.at(-1)?.fields.reason).toBe('done');
    const serverLog = await waitForEvents(server.logFile, 'CLIENT_DISCONNECTED');
    expect(events(serverLog, 'MESSAGE_SENT').map((r) => r.fields.msg)).toEqual([clientLog[2].fields.msg, clientLog[4].fields.msg]);
    expect(events(serverLog, 'CLIENT_CONNECTED')[0].fields.peer).toBe(clientLog[0].fields.local);
  });

  it('should serve three client processes started together in arrival order', async () => {
    server = await startServer({ sections: { work: { delay_ms: 300 } } });
    const runs = [];
    for (let i = 0; i < 3; i += 1) {
      runs.push(runApp('client', ['--config', clientIni(server.dir, `c${i}`, server.port, { send_after_ms: 0 })]).exited);
      await new Promise((r) => setTimeout(r, 150));
    }
    expect((await Promise.all(runs)).map((e) => e.code)).toEqual([0, 0, 0]);
    // Arrival order is what the server saw (process start-up times vary), and
    // replies must follow it: first event per peer vs. MESSAGE_SENT order.
    const serverLog = await waitForEvents(server.logFile, 'CLIENT_DISCONNECTED', 3);
    const arrival = [...new Set(serverLog.filter((r) => r.event === 'CLIENT_CONNECTED' || r.event === 'CLIENT_QUEUED').map((r) => r.fields.peer))];
    expect(arrival).toHaveLength(3);
    expect(events(serverLog, 'CLIENT_QUEUED')).toHaveLength(2);
    expect(events(serverLog, 'MESSAGE_SENT').map((r) => r.fields.peer)).toEqual(arrival);
    // ...and each client's own log agrees: who arrived first got its reply first.
    const byPeer = new Map(
      [0, 1, 2].map((i) => {
        const log = readLog(join(server!.dir, `c${i}.log`));
        return [events(log, 'CONNECTED')[0].fields.local, Date.parse(events(log, 'RECEIVED')[0].time)] as const;
      }),
    );
    const received = arrival.map((peer) => byPeer.get(peer)!);
    expect(received[0]).toBeLessThan(received[1]);
    expect(received[1]).toBeLessThan(received[2]);
  });

  it('should exit 1 and explain a refused connection', async () => {
    const dir = tempDir();
    const port = await freePort();
    const exit = await runApp('client', ['--config', clientIni(dir, 'c', port)]).exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('там ничего не слушает');
    const log = readLog(join(dir, 'c.log'));
    expect(log.map((r) => r.event)).toEqual(['ERROR', 'DISCONNECTED']);
  });

  it('should exit 1 with the firewall-cmd hint when nothing answers in time', async () => {
    // A listener that never accepts, its backlog filled: Linux then drops new
    // SYNs, so the connect goes unanswered exactly as behind a firewall's DROP.
    const dir = tempDir();
    const blackhole = spawn('python3', [
      '-c',
      'import socket,time\ns=socket.socket();s.bind(("127.0.0.1",0));s.listen(0)\n' +
        'cs=[socket.create_connection(s.getsockname()) for _ in range(1)]\nprint(s.getsockname()[1],flush=True)\ntime.sleep(60)',
    ]);
    try {
      const port = await new Promise<number>((resolve) => blackhole.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
      const exit = await runApp('client', ['--config', clientIni(dir, 'c', port, { connect_timeout_ms: 500 })]).exited;
      expect(exit.code).toBe(1);
      expect(exit.stderr).toContain(`127.0.0.1:${port} не ответил за 500 мс`);
      expect(exit.stderr).toContain(`sudo firewall-cmd --zone=public --add-port=${port}/tcp --permanent && sudo firewall-cmd --reload`);
      expect(readLog(join(dir, 'c.log')).map((r) => [r.event, r.fields.reason])).toEqual([
        ['ERROR', undefined],
        ['DISCONNECTED', 'timeout'],
      ]);
    } finally {
      blackhole.kill();
    }
  });

  it('should exit 1 and say so when the server closes before replying', async () => {
    server = await startServer({ sections: { work: { delay_ms: 5000 }, session: { max_ms: 300 } } });
    const exit = await runApp('client', ['--config', clientIni(server.dir, 'c', server.port, { send_after_ms: 0 })]).exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('сервер закрыл соединение, не ответив');
  });

  it('should exit 2 on a bad config', async () => {
    const dir = tempDir();
    const exit = await runApp('client', ['--config', writeIni(join(dir, 'c.ini'), { client: { messages: 0 } })]).exited;
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain('client.messages = "0": must be a whole number from 1');
  });
});
