import { connect } from 'node:net';
import { join } from 'node:path';
import { Controller, type INestMicroservice } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { EventLog } from '../log/event-log.js';
import { LogFile } from '../log/log-file.js';
import { LineTransport } from './line.transport.js';
import { EVENT_LOG_BYTES, PeerLogBudget, requestLogBytes } from './peer-budget.js';
import { ErrorReply, LINE_PATTERN } from './transport.constants.js';
import { MSG_LOG_BYTES } from '../log/log-line.js';
import { DiskGuard } from '../log/disk-guard.js';
import { peerBudgetFor } from '../server/line-server.js';
import { events, readLog, tempDir, testTransportOptions, waitFor } from '../testing/index.js';

@Controller()
class EchoController {
  @MessagePattern(LINE_PATTERN)
  handle(@Payload() line: string): string {
    return `ok ${line}`;
  }
}

describe(PeerLogBudget.name, () => {
  it('should let an address spend its burst, then refill at its rate up to the burst', () => {
    let now = 0;
    const budget = new PeerLogBudget(1000, 5000, () => now);
    budget.charge('10.0.0.7', 5000);
    expect(budget.waitMs('10.0.0.7')).toBe(1);
    expect(budget.waitMs('10.0.0.8')).toBe(0);
    budget.charge('10.0.0.7', 1000);
    expect(budget.waitMs('10.0.0.7')).toBe(1001);
    now += 1001;
    expect(budget.waitMs('10.0.0.7')).toBe(0);
    now += 3_600_000;
    budget.charge('10.0.0.7', 5000);
    expect(budget.waitMs('10.0.0.7')).toBe(1);
  });
});

/** A connection from `source` (a loopback address of this machine): its lines, and whether it closed. */
function peerFrom(port: number, source: string) {
  const socket = connect({ port, host: '127.0.0.1', localAddress: source });
  const peer = { socket, lines: [] as string[], closed: false };
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('error', () => undefined);
  socket.on('data', (s: string) => {
    buffer += s;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    peer.lines.push(...parts);
  });
  socket.on('close', () => (peer.closed = true));
  return peer;
}

describe('LineTransport with a log budget per address (in process)', () => {
  let app: INestMicroservice;
  let transport: LineTransport;
  let log: EventLog;
  let logPath: string;
  const sockets: ReturnType<typeof peerFrom>[] = [];

  async function start(budget: PeerLogBudget, diskGuard?: (logPath: string) => DiskGuard): Promise<number> {
    logPath = join(tempDir('mirror-lab-unit-'), 'server.log');
    log = new EventLog(LogFile.open(logPath), { app: 'server-test' });
    transport = new LineTransport(
      testTransportOptions(log, { maxConnections: 1000, peerBudget: budget, diskGuard: diskGuard?.(logPath) }),
    );
    const moduleRef = await Test.createTestingModule({ controllers: [EchoController] }).compile();
    app = moduleRef.createNestMicroservice({ strategy: transport, logger: false });
    await app.listen();
    return transport.address().port;
  }

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.socket.destroy();
    await app.close();
    log.close();
  });

  const open = (port: number, source: string) => {
    const peer = peerFrom(port, source);
    sockets.push(peer);
    return peer;
  };

  it('should refuse connections from an address past its budget with one line each, and log them in one line', async () => {
    // Room for 10 connections (CLIENT_CONNECTED and CLIENT_DISCONNECTED each), then a trickle.
    const port = await start(new PeerLogBudget(0.001, 10 * 2 * EVENT_LOG_BYTES));
    const flood = Array.from({ length: 40 }, () => open(port, '127.0.0.2'));
    const own = Array.from({ length: 40 }, () => open(port, '127.0.0.1'));
    await waitFor(
      () => flood.filter((p) => p.closed).length === 30 || undefined,
      10_000,
      () => `closed: ${flood.filter((p) => p.closed).length}, lines: ${JSON.stringify(flood.map((p) => p.lines))}`,
    );
    expect(flood.filter((p) => p.closed).map((p) => p.lines)).toEqual(
      Array.from({ length: 30 }, () => [ErrorReply.peerOverBudget.trimEnd()]),
    );
    // This machine's own loopback address is not budgeted.
    await waitFor(
      () => transport.openConnections === 50 || undefined,
      10_000,
      () => `open: ${transport.openConnections}`,
    );
    expect(own.filter((p) => p.closed)).toHaveLength(0);
    await app.close();
    log.flush();
    const logged = readLog(logPath);
    expect(events(logged, 'CLIENT_CONNECTED')).toHaveLength(50);
    const refused = events(logged, 'CLIENT_REFUSED');
    expect(refused.map((r) => [r.fields.peer, Number(r.fields.refused)])).toEqual([['127.0.0.2', 30]]);
  });

  it('should delay, never drop, the requests of an address past its budget', async () => {
    const perRequest = requestLogBytes('a1', MSG_LOG_BYTES);
    // The burst holds the connection and one request; then one request every 200 ms.
    const port = await start(new PeerLogBudget(perRequest * 5, 2 * EVENT_LOG_BYTES + perRequest));
    const lines = Array.from({ length: 6 }, (_, i) => `a${i}`);
    const timed = async (source: string) => {
      const peer = open(port, source);
      const t0 = performance.now();
      peer.socket.write(lines.join('\n') + '\n');
      await waitFor(
        () => peer.lines.length === lines.length || undefined,
        10_000,
        () => `replies: ${peer.lines}`,
      );
      expect(peer.lines).toEqual(lines.map((l) => `ok ${l}`));
      return performance.now() - t0;
    };
    const own = await timed('127.0.0.1');
    const budgeted = await timed('127.0.0.2');
    // A request may start while the budget is above 0 and take it below: the
    // 3rd to the 6th each wait for 200 ms of refill, 0.8 s at least on any machine.
    expect(budgeted).toBeGreaterThanOrEqual(750);
    expect(budgeted).toBeGreaterThan(3 * own);
    log.flush();
    expect(events(readLog(logPath), 'MESSAGE_SENT')).toHaveLength(12);
  });

  it('should refuse new clients while the log disk is below its reserve, serve those it has, and take new ones once there is room', async () => {
    let free = 10 * 1024 * 1024;
    let now = 0;
    const port = await start(
      new PeerLogBudget(),
      (path) =>
        new DiskGuard(
          path,
          256 * 1024 * 1024,
          () => ({ bavail: free, bsize: 1, blocks: 1024 ** 4 }),
          () => now,
        ),
    );
    free = 1024 * 1024 * 1024;
    now += 1000;
    const before = open(port, '127.0.0.1');
    await waitFor(
      () => transport.openConnections === 1 || undefined,
      5000,
      () => 'first client',
    );
    free = 10 * 1024 * 1024;
    now += 1000;
    const refused = Array.from({ length: 5 }, () => open(port, '127.0.0.2'));
    await waitFor(
      () => refused.every((p) => p.closed) || undefined,
      5000,
      () => 'refusals',
    );
    expect(refused.map((p) => p.lines)).toEqual(Array.from({ length: 5 }, () => [ErrorReply.diskLow.trimEnd()]));
    before.socket.write('still\n');
    await waitFor(
      () => before.lines.length === 1 || undefined,
      5000,
      () => 'reply',
    );
    expect(before.lines).toEqual(['ok still']);
    free = 1024 * 1024 * 1024;
    now += 1000;
    const after = open(port, '127.0.0.2');
    after.socket.write('again\n');
    await waitFor(
      () => after.lines.length === 1 || undefined,
      5000,
      () => 'reply after',
    );
    expect(after.lines).toEqual(['ok again']);
    await app.close();
    log.flush();
    const logged = events(readLog(logPath), 'CLIENT_REFUSED');
    expect(logged.map((r) => [r.fields.peer, r.fields.reason, r.fields.refused, r.fields.free_bytes])).toEqual([
      ['127.0.0.2', 'disk-low', '5', String(10 * 1024 * 1024)],
    ]);
  });

  it('should serve a class of 30 through one balancer address as before, also on one of 16 cluster workers', async () => {
    const port = await start(peerBudgetFor(16));
    const message = 'Титов Юрий Павлович М3О-3ХХБ-ХХ';
    const students = Array.from({ length: 30 }, () => open(port, '127.0.0.2'));
    for (const s of students) s.socket.write(message + '\n');
    await waitFor(
      () => students.every((s) => s.lines.length === 1) || undefined,
      10_000,
      () => 'replies',
    );
    expect(students.map((s) => s.lines)).toEqual(Array.from({ length: 30 }, () => [`ok ${message}`]));
    await app.close();
    log.flush();
    expect(events(readLog(logPath), 'CLIENT_REFUSED')).toEqual([]);
  });
});
