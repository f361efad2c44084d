import type { Socket } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  events,
  freePort,
  inStoppedTerminal,
  RawClient,
  rawServer,
  readLog,
  runApp,
  SIGNATURE,
  startServer,
  tempDir,
  waitFor,
  waitForEvents,
  writeIni,
  withBlackhole,
  type RawServer,
  type RunningServer,
} from './helpers.js';

/** Runs a command in a pseudo-terminal stopped by Ctrl-S (test/fixtures/pty-hold.py). */

const clientIni = (dir: string, name: string, port: number, client: Record<string, string | number> = {}, host = '127.0.0.1') =>
  writeIni(join(dir, `${name}.ini`), {
    server: { host, port },
    client: { send_after_ms: 50, linger_ms: 50, interval_ms: 50, ...client },
    log: { file: join(dir, `${name}.log`) },
  });

/**
 * The client's console (apps/client/src/client-console.ts): every stdout line
 * is the time of day and a sentence; no line of Nest's start-up, no line of
 * the log's own format (event names, key=value). Returns the sentences.
 */
function sentences(stdout: string): string[] {
  const lines = stdout.split('\n').filter((line) => line !== '');
  expect(lines.filter((line) => !/^\d\d:\d\d:\d\d\.\d{3} \S/.test(line))).toEqual([]);
  expect(stdout).not.toMatch(/Nest|InstanceLoader|LOG \[/);
  expect(stdout).not.toMatch(/\b(CONNECTED|SENT|RECEIVED|UNEXPECTED|DISCONNECTED)\b|\b(msg|server|local|reason|n)=/);
  return lines.map((line) => line.slice('00:00:00.000 '.length));
}

describe('client against server-sync (built apps)', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.proc.stop('SIGKILL');
    server = undefined;
  });

  it('should exit 0 and both logs should hold the events of docs/spec.md#6-logs', async () => {
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
    expect(events(serverLog, 'MESSAGE_SENT').map((r) => r.fields.msg)).toEqual([
      clientLog[2].fields.msg,
      clientLog[4].fields.msg,
    ]);
    expect(events(serverLog, 'CLIENT_CONNECTED')[0].fields.peer).toBe(clientLog[0].fields.local);
  });

  it('should say each step on the console in a Russian sentence by default, each reply as its text', async () => {
    server = await startServer({ sections: { work: { delay_ms: 50 } } });
    const message = 'Иванов Иван ИУ5-31Б';
    const config = clientIni(server.dir, 'client', server.port, { messages: 2, message });
    const exit = await runApp('client', ['--config', config], undefined, { MIRROR_LAB_LANG: '' }).exited;
    expect(exit.code).toBe(0);
    const local = readLog(join(server.dir, 'client.log'))[0].fields.local;
    const serverLog = await waitForEvents(server.logFile, 'CLIENT_DISCONNECTED');
    const [reply1, reply2] = events(serverLog, 'MESSAGE_SENT').map((r) => r.fields.msg);
    expect(reply1).toContain('Б13-5УИ');
    const where = `127.0.0.1:${server.port}`;
    expect(sentences(exit.stdout)).toEqual([
      `подключаюсь к ${where}…`,
      `подключено к ${where} (локальный адрес ${local})`,
      `отправлено (1 из 2): ${message}`,
      `ответ (1 из 2): ${reply1}`,
      `отправлено (2 из 2): ${message}`,
      `ответ (2 из 2): ${reply2}`,
      `отключено от ${where}`,
      `готово: получено 2 ответа. Лог: ${join(server.dir, 'client.log')}`,
    ]);
    expect(exit.stderr).toBe('');
  });

  it('should go on to its last reply when its terminal stops reading (Ctrl-S), every step still in the log', async () => {
    // 2,000 exchanges say 4,000 lines (some 400 KB): far more than a terminal
    // and the console's backlog hold. A client that waited for its terminal
    // would stop at the first full buffer.
    const messages = 2000;
    server = await startServer({ sections: { work: { delay_ms: 0 } } });
    const logFile = join(server.dir, 'client.log');
    const config = clientIni(server.dir, 'client', server.port, { messages, send_after_ms: 0, interval_ms: 0, linger_ms: 0 });
    const terminal = inStoppedTerminal('client', ['--config', config]);
    let said = '';
    try {
      await waitFor(
        () => existsSync(logFile) && readLog(logFile, true).some((r) => r.event === 'DISCONNECTED'),
        45_000,
        () => `the client did not finish: ${existsSync(logFile) ? readLog(logFile, true).length : 0} log lines`,
      );
    } finally {
      said = await terminal.release();
    }
    expect(said).toMatch(/exit 0/);
    const log = readLog(logFile);
    expect(events(log, 'RECEIVED')).toHaveLength(messages);
    expect(log.at(-1)?.fields.reason).toBe('done');
  }, 90_000);

  it('should serve three queued client processes in arrival order', async () => {
    server = await startServer({ sections: { work: { delay_ms: 300 } } });
    // The test's own connection holds the one-at-a-time server, so the clients
    // queue behind it however long their processes take to start: no time in
    // this test has to outlast another. Each client starts once the one before
    // it is queued, so arrival order is start order.
    const holder = new RawClient(server.port);
    await holder.connected;
    await waitForEvents(server.logFile, 'CLIENT_CONNECTED', 1, 30_000);
    const runs = [];
    for (let i = 0; i < 3; i += 1) {
      runs.push(runApp('client', ['--config', clientIni(server.dir, `c${i}`, server.port, { send_after_ms: 0 })]).exited);
      await waitForEvents(server.logFile, 'CLIENT_QUEUED', i + 1, 30_000);
    }
    holder.socket.end();
    expect((await Promise.all(runs)).map((e) => e.code)).toEqual([0, 0, 0]);
    const serverLog = await waitForEvents(server.logFile, 'CLIENT_DISCONNECTED', 4);
    const arrival = events(serverLog, 'CLIENT_QUEUED').map((r) => r.fields.peer);
    const local = [0, 1, 2].map((i) => events(readLog(join(server!.dir, `c${i}.log`)), 'CONNECTED')[0].fields.local);
    expect(arrival).toEqual(local);
    // Replies follow arrival: in the server's log, and in each client's own
    // (times from the same run: each reply is a 300 ms work after the one before).
    expect(events(serverLog, 'MESSAGE_SENT').map((r) => r.fields.peer)).toEqual(arrival);
    const received = [0, 1, 2].map((i) => Date.parse(events(readLog(join(server!.dir, `c${i}.log`)), 'RECEIVED')[0].time));
    expect(received[0]).toBeLessThan(received[1]);
    expect(received[1]).toBeLessThan(received[2]);
  });

  it('should exit 1 and explain a refused connection', async () => {
    const dir = tempDir();
    const port = await freePort();
    const exit = await runApp('client', ['--config', clientIni(dir, 'c', port)]).exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('там никто не слушает');
    const log = readLog(join(dir, 'c.log'));
    expect(log.map((r) => r.event)).toEqual(['ERROR', 'DISCONNECTED']);
    // The console: the step it tried (after the built-in example's notice), then what went wrong and what to do, on stderr.
    expect(sentences(exit.stdout).at(-1)).toBe(`подключаюсь к 127.0.0.1:${port}…`);
    expect(exit.stderr).toBe(`client: ${log[0].fields.what}\n`);
  });

  it('should exit 1 with the firewall-cmd hint when nothing answers in time', async () => {
    // A listener that never accepts, its backlog filled: Linux then drops new
    // SYNs, so the connect goes unanswered exactly as behind a firewall's DROP.
    const dir = tempDir();
    await withBlackhole(async (port) => {
      const exit = await runApp('client', ['--config', clientIni(dir, 'c', port, { connect_timeout_ms: 500 })]).exited;
      expect(exit.code).toBe(1);
      expect(exit.stderr).toContain(`127.0.0.1:${port} не ответил за 500 мс`);
      expect(exit.stderr).toContain(
        `sudo firewall-cmd --zone=public --add-port=${port}/tcp --permanent && sudo firewall-cmd --reload`,
      );
      expect(readLog(join(dir, 'c.log')).map((r) => [r.event, r.fields.reason])).toEqual([
        ['ERROR', undefined],
        ['DISCONNECTED', 'timeout'],
      ]);
    });
  });

  it('should exit 1 and say so when the server closes before replying', async () => {
    server = await startServer({ sections: { work: { delay_ms: 5000 }, session: { max_ms: 300 } } });
    const exit = await runApp('client', ['--config', clientIni(server.dir, 'c', server.port, { send_after_ms: 0 })]).exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('сервер закрыл соединение, не ответив');
  });

  it('should exit 0 when server-sync ends the session for idleness during the linger', async () => {
    server = await startServer({ sections: { work: { delay_ms: 0 }, session: { idle_ms: 300 } } });
    const exit = await runApp('client', ['--config', clientIni(server.dir, 'c', server.port, { linger_ms: 5000 })]).exited;
    expect(exit.code).toBe(0);
    expect(readLog(join(server.dir, 'c.log')).map((r) => [r.event, r.fields.reason])).toEqual([
      ['CONNECTED', undefined],
      ['SENT', undefined],
      ['RECEIVED', undefined],
      ['DISCONNECTED', 'server-closed'],
    ]);
    const serverLog = await waitForEvents(server.logFile, 'CLIENT_DISCONNECTED');
    expect(events(serverLog, 'CLIENT_DISCONNECTED')[0].fields.reason).toBe('idle-timeout');
  });

  it('should exit 2 on a bad config', async () => {
    const dir = tempDir();
    const exit = await runApp('client', ['--config', writeIni(join(dir, 'c.ini'), { client: { messages: 0 } })]).exited;
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain('client.messages = "0": нужно целое число от 1');
  });
});

describe('client against a raw server written here (docs/spec.md#4-clients: its pauses are its own)', () => {
  let raw: RawServer | undefined;
  afterEach(async () => {
    await raw?.close();
    raw = undefined;
  });
  const ms = (log: ReturnType<typeof readLog>, i: number) => Date.parse(log[i].time);
  const en = { MIRROR_LAB_LANG: 'en' };

  it('should log a greeting that arrives before the request as UNEXPECTED, not take it as the reply', async () => {
    raw = await rawServer((socket) => {
      socket.write('HELLO from the server\n');
      replyToEachLine(socket);
    });
    const dir = tempDir();
    const exit = await runApp('client', ['--config', clientIni(dir, 'c', raw.port, { send_after_ms: 300 })]).exited;
    expect(exit.code).toBe(0);
    const log = readLog(join(dir, 'c.log'));
    expect(log.map((r) => r.event)).toEqual(['CONNECTED', 'UNEXPECTED', 'SENT', 'RECEIVED', 'DISCONNECTED']);
    expect(log[1].fields.msg).toBe('HELLO from the server');
    expect(log[3].fields.msg).toBe(`REPLY ${log[2].fields.msg}`);
    expect(log[4].fields.reason).toBe('done');
  });

  it('should say each step in English with --lang en, the reply verbatim but for what a terminal would act on', async () => {
    // ESC would start a terminal sequence, U+202E would turn the text around: shown as escapes.
    raw = await rawServer((socket) => {
      socket.write('HELLO from the server\n');
      replyToEachLine(socket, undefined, (line) => `Привет, ${line}! \x1b[2J\u202e«ok»`);
    });
    const dir = tempDir();
    const config = clientIni(dir, 'c', raw.port, { send_after_ms: 300, message: 'Smith J. IU5-31B' });
    const exit = await runApp('client', ['--config', config, '--lang', 'en']).exited;
    expect(exit.code).toBe(0);
    const log = readLog(join(dir, 'c.log'));
    expect(log.map((r) => r.event)).toEqual(['CONNECTED', 'UNEXPECTED', 'SENT', 'RECEIVED', 'DISCONNECTED']);
    expect(log[3].fields.msg).toBe('Привет, Smith J. IU5-31B! \x1b[2J\u202e«ok»');
    const where = `127.0.0.1:${raw.port}`;
    expect(sentences(exit.stdout)).toEqual([
      `connecting to ${where}…`,
      `connected to ${where} (local address ${log[0].fields.local})`,
      'the server sent a line while no reply was awaited: HELLO from the server',
      'sent: Smith J. IU5-31B',
      'reply: Привет, Smith J. IU5-31B! \\x1b[2J\\u202e«ok»',
      `disconnected from ${where}`,
      `done: received 1 reply. Log: ${join(dir, 'c.log')}`,
    ]);
    expect(exit.stderr).toBe('');
  });

  it('should not cut send_after_ms, interval_ms or linger_ms short when the server sends lines meanwhile', async () => {
    const pause = 800;
    // 100 ms into every pause the server says something no request asked for.
    raw = await rawServer((socket) => {
      const noise = () => setTimeout(() => socket.writable && socket.write('noise\n'), 100);
      noise();
      replyToEachLine(socket, noise);
    });
    const dir = tempDir();
    const config = clientIni(dir, 'c', raw.port, { send_after_ms: pause, interval_ms: pause, linger_ms: pause, messages: 2 });
    const exit = await runApp('client', ['--config', config]).exited;
    expect(exit.code).toBe(0);
    const log = readLog(join(dir, 'c.log'));
    expect(log.map((r) => r.event)).toEqual([
      'CONNECTED',
      'UNEXPECTED',
      'SENT',
      'RECEIVED',
      'UNEXPECTED',
      'SENT',
      'RECEIVED',
      'UNEXPECTED',
      'DISCONNECTED',
    ]);
    // The client's own clock: each pause lasted its full length (the log has
    // millisecond times; 20 ms of slack for rounding), the noise came 100 ms in.
    expect(ms(log, 2) - ms(log, 0)).toBeGreaterThanOrEqual(pause - 20);
    expect(ms(log, 5) - ms(log, 3)).toBeGreaterThanOrEqual(pause - 20);
    expect(ms(log, 8) - ms(log, 6)).toBeGreaterThanOrEqual(pause - 20);
    expect(log[8].fields.reason).toBe('done');
  });

  it('should exit 0 with DISCONNECTED reason=server-closed when the server ends the session during the linger', async () => {
    raw = await rawServer((socket) => replyToEachLine(socket, () => setTimeout(() => socket.end(), 100)));
    const dir = tempDir();
    const exit = await runApp('client', ['--config', clientIni(dir, 'c', raw.port, { linger_ms: 3000 })], undefined, en).exited;
    expect(exit.stderr).not.toContain('closed the connection');
    expect(exit.code).toBe(0);
    const log = readLog(join(dir, 'c.log'));
    expect(log.map((r) => [r.event, r.fields.reason])).toEqual([
      ['CONNECTED', undefined],
      ['SENT', undefined],
      ['RECEIVED', undefined],
      ['DISCONNECTED', 'server-closed'],
    ]);
    // It went when the server did, not after the whole linger.
    expect(ms(log, 3) - ms(log, 2)).toBeLessThan(2000);
  });

  it('should still exit 1 when the server closes before the reply, in English with MIRROR_LAB_LANG=en', async () => {
    raw = await rawServer((socket) => socket.on('data', () => socket.end()));
    const dir = tempDir();
    const exit = await runApp('client', ['--config', clientIni(dir, 'c', raw.port)], undefined, en).exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('the server closed the connection before replying');
    expect(readLog(join(dir, 'c.log')).map((r) => [r.event, r.fields.reason])).toEqual([
      ['CONNECTED', undefined],
      ['SENT', undefined],
      ['ERROR', undefined],
      ['DISCONNECTED', 'server-closed'],
    ]);
  });

  it('should exit 1 on an ERROR line that comes while its reply is still due (a full queue), not log it as UNEXPECTED', async () => {
    raw = await rawServer((socket) => socket.end('ERROR server busy\n'));
    const dir = tempDir();
    const exit = await runApp('client', ['--config', clientIni(dir, 'c', raw.port, { send_after_ms: 500 })], undefined, en)
      .exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain(
      'the server answered with an error: ERROR server busy (its queue of waiting clients is full; try again later)',
    );
    expect(readLog(join(dir, 'c.log')).map((r) => [r.event, r.fields.reason])).toEqual([
      ['CONNECTED', undefined],
      ['ERROR', undefined],
      ['DISCONNECTED', 'server-error'],
    ]);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'should end its log with DISCONNECTED reason=interrupted on %s while waiting for the reply',
    async (signal) => {
      raw = await rawServer(() => undefined); // never answers
      const dir = tempDir();
      const logFile = join(dir, 'c.log');
      const client = runApp(
        'client',
        ['--config', clientIni(dir, 'c', raw.port, { send_after_ms: 0, reply_timeout_ms: 60_000 })],
        undefined,
        en,
      );
      await waitFor(
        () => existsSync(logFile) && readLog(logFile, true).some((r) => r.event === 'SENT'),
        15_000,
        () => `no SENT: ${client.stderr}`,
        client,
      );
      client.child.kill(signal);
      const exit = await client.exited;
      expect([exit.code, exit.signal]).toEqual([130, null]);
      expect(exit.stderr).toContain('client: interrupted');
      expect(readLog(logFile).map((r) => [r.event, r.fields.reason])).toEqual([
        ['CONNECTED', undefined],
        ['SENT', undefined],
        ['DISCONNECTED', 'interrupted'],
      ]);
    },
  );

  it('should write an IPv6 server and its own address as [addr]:port', async () => {
    const peers: string[] = [];
    raw = await rawServer((socket) => {
      peers.push(`[${socket.remoteAddress}]:${socket.remotePort}`);
      replyToEachLine(socket);
    }, '::1');
    const dir = tempDir();
    const exit = await runApp('client', ['--config', clientIni(dir, 'c', raw.port, {}, '::1')]).exited;
    expect(exit.code).toBe(0);
    const connected = readLog(join(dir, 'c.log'))[0];
    expect(connected.event).toBe('CONNECTED');
    expect(connected.fields.server).toBe(`[::1]:${raw.port}`);
    expect(connected.fields.local).toBe(peers[0]);
    // ...and so do its messages.
    const refused = await freePort('::1');
    const failed = await runApp('client', ['--config', clientIni(dir, 'r', refused, {}, '::1')], undefined, en).exited;
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`connection refused by [::1]:${refused}:`);
  });
});

/** Answers every line with `REPLY <line>` (or what `answer` makes of it), then calls `after`. */
function replyToEachLine(socket: Socket, after?: () => void, answer = (line: string) => `REPLY ${line}`): void {
  let buffer = '';
  socket.setEncoding('utf8').on('data', (text: string) => {
    buffer += text;
    for (let lf = buffer.indexOf('\n'); lf >= 0; lf = buffer.indexOf('\n')) {
      const line = buffer.slice(0, lf);
      buffer = buffer.slice(lf + 1);
      socket.write(`${answer(line)}\n`);
      after?.();
    }
  });
}

describe('client with a class board (--board URL --code CODE)', () => {
  let server: RunningServer | undefined;
  let board: import('node:http').Server | undefined;
  afterEach(async () => {
    await server?.proc.stop('SIGKILL');
    server = undefined;
    board?.closeAllConnections();
    await new Promise((r) => (board ? board.close(r) : r(undefined)));
    board = undefined;
  });

  /** A stand-in board on loopback answering every upload with `status` and `body`; resolves with its address and what it got. */
  async function standInBoard(status: number, body: object) {
    const { createServer: createHttpServer } = await import('node:http');
    const got: { headers: import('node:http').IncomingHttpHeaders; body: string }[] = [];
    board = createHttpServer((req, res) => {
      let text = '';
      req.setEncoding('utf8').on('data', (s: string) => (text += s));
      req.on('end', () => {
        got.push({ headers: req.headers, body: text });
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => board!.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(board.address() as { port: number }).port}`, got };
  }

  it("should send the run's log and say the board took it, exit 0", async () => {
    server = await startServer({ sections: { work: { delay_ms: 50 } } });
    const { url, got } = await standInBoard(201, { id: '001', kind: 'kit', connections: 1, message: 'Лог принят (001-ts.log)' });
    const config = clientIni(server.dir, 'client', 1);
    const exit = await runApp('client', ['--config', config, '--port', String(server.port), '--board', url, '--code', 'K7Q2'])
      .exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain(`табло ${url} приняло лог: Лог принят (001-ts.log)`);
    expect(got).toHaveLength(1);
    expect(got[0].headers).toMatchObject({ 'x-session-code': 'K7Q2', 'x-client': 'ts', 'x-server': `127.0.0.1:${server.port}` });
    expect(got[0].body).toBe(`${readFileSync(join(server.dir, 'client.log'), 'utf8')}`);
  });

  it("should keep exit 1 of a refused session and still send its log, with the board's refusal as a warning", async () => {
    const { url, got } = await standInBoard(403, { error: 'bad-code', message: 'Wrong session code: give --code CODE.' });
    const dir = tempDir();
    const config = clientIni(dir, 'client', await freePort());
    const exit = await runApp('client', ['--config', config, '--board', url, '--code', 'NOPE', '--lang', 'en']).exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain(
      `warning: the board ${url} did not take the log (HTTP 403): Wrong session code: give --code CODE.`,
    );
    expect(got[0].body).toMatch(/ DISCONNECTED reason=refused\n$/);
  });

  it('should warn once and exit 0 when nothing listens at the board address', async () => {
    server = await startServer({ sections: { work: { delay_ms: 50 } } });
    const url = `http://127.0.0.1:${await freePort()}`;
    const exit = await runApp('client', [
      '--config',
      clientIni(server.dir, 'client', server.port),
      '--board',
      url,
      '--code',
      'K7Q2',
    ]).exited;
    expect(exit.code).toBe(0);
    expect(exit.stderr.match(/предупреждение: табло .* недоступно \(ECONNREFUSED\)/g)).toHaveLength(1);
  });
});
