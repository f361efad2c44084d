import type { Socket } from 'node:net';
import { join } from 'node:path';
import { Controller, type INestMicroservice } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { EMPTY, of, throwError } from 'rxjs';
import { EventLog } from '../log/event-log.js';
import { LogFile } from '../log/log-file.js';
import { HandlerErrorsFilter } from './handler-errors.filter.js';
import { LineTransport, type ConnectionHandoff } from './line.transport.js';
import { ErrorReply, LINE_PATTERN } from './transport.constants.js';
import { events, RawClient, readLog, tempDir, testTransportOptions, waitFor } from '../testing/index.js';

/** A handler that fails in each way a handler can: a throw, a rejection, a non-Error throw. */
@Controller()
class FaultyController {
  @MessagePattern(LINE_PATTERN)
  async handle(@Payload() line: string): Promise<unknown> {
    // An Observable's last value is the reply; none, or an error, fails the request.
    if (line === 'many') return of('first', 'last');
    if (line === 'none') return EMPTY;
    if (line === 'stream-error') return throwError(() => new Error('stream broke'));
    if (line === 'unprintable')
      return {
        toString: () => {
          throw new Error('no text for this');
        },
      };
    if (line === 'throw') throw new TypeError('cannot read properties of undefined');
    if (line === 'reject') return Promise.reject(new Error('database is down'));
    if (line === 'string') throw 'a bare string';
    return `ok ${line}`;
  }
}

describe('LineTransport with a handler that throws (in process)', () => {
  let app: INestMicroservice;
  let transport: LineTransport;
  let log: EventLog;
  let logPath: string;
  const peers: RawClient[] = [];

  beforeEach(async () => {
    logPath = join(tempDir('mirror-lab-unit-'), 'server.log');
    log = new EventLog(LogFile.open(logPath), { app: 'server-test' });
    transport = new LineTransport(testTransportOptions(log));
    const moduleRef = await Test.createTestingModule({
      controllers: [FaultyController],
      providers: [{ provide: APP_FILTER, useClass: HandlerErrorsFilter }],
    }).compile();
    app = moduleRef.createNestMicroservice({ strategy: transport, logger: false });
    await app.listen();
  });

  afterEach(async () => {
    for (const peer of peers.splice(0)) peer.destroy();
    await app.close();
    log.close();
  });

  const open = () => {
    const peer = new RawClient(transport.address().port);
    peers.push(peer);
    return peer;
  };

  it('should answer each failure with the error line, log it, and go on serving the same client', async () => {
    const peer = open();
    peer.write('a\nthrow\nb\nreject\nstring\nc\n');
    expect(await peer.waitLines(6)).toEqual([
      'ok a',
      ErrorReply.internal.trimEnd(),
      'ok b',
      ErrorReply.internal.trimEnd(),
      ErrorReply.internal.trimEnd(),
      'ok c',
    ]);
    expect(peer.closed).toBe(false);
    log.flush();
    const errors = events(readLog(logPath), 'HANDLER_ERROR').map((e) => e.fields.error);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toContain('cannot read properties of undefined');
    expect(errors[1]).toContain('database is down');
    expect(errors[2]).toContain('a bare string');
  });

  it('should reply with the last value of an Observable, and fail one with no value, an error, or a value with no text', async () => {
    const peer = open();
    peer.write('many\nnone\nstream-error\nunprintable\nb\n');
    expect(await peer.waitLines(5)).toEqual([
      'last',
      ErrorReply.internal.trimEnd(),
      ErrorReply.internal.trimEnd(),
      ErrorReply.internal.trimEnd(),
      'ok b',
    ]);
    log.flush();
    const errors = events(readLog(logPath), 'HANDLER_ERROR').map((e) => e.fields.error);
    expect(errors).toEqual([expect.stringContaining('no elements'), 'stream broke', 'no text for this']);
  });

  it('should keep serving other clients while one of them makes the handler throw', async () => {
    const bad = open();
    const good = open();
    bad.write('throw\n');
    good.write('fine\n');
    expect(await bad.waitLines(1)).toEqual([ErrorReply.internal.trimEnd()]);
    expect(await good.waitLines(1)).toEqual(['ok fine']);
    const again = open();
    again.write('later\n');
    expect(await again.waitLines(1)).toEqual(['ok later']);
  });
});

@Controller()
class EchoController {
  @MessagePattern(LINE_PATTERN)
  handle(@Payload() line: string): string {
    return `ok ${line}`;
  }
}

describe('LineTransport with a connection hand-off (server-cluster)', () => {
  it('should offer each accepted socket to the hand-off, forget one it takes, serve one it adopts, and report 0 <-> 1 open connections', async () => {
    const logPath = join(tempDir('mirror-lab-unit-'), 'server.log');
    const log = new EventLog(LogFile.open(logPath), { app: 'server-test' });
    const busy: boolean[] = [];
    const offered: number[] = [];
    const taken: Socket[] = [];
    const handoff: ConnectionHandoff = {
      divert: (socket, open) => {
        offered.push(open);
        if (open === 0) return false;
        taken.push(socket);
        return true;
      },
      busy: (b) => busy.push(b),
    };
    const transport = new LineTransport(testTransportOptions(log, { handoff }));
    const moduleRef = await Test.createTestingModule({ controllers: [EchoController] }).compile();
    const app = moduleRef.createNestMicroservice({ strategy: transport, logger: false });
    await app.listen();
    const first = new RawClient(transport.address().port);
    const second = new RawClient(transport.address().port);
    try {
      first.write('a\n');
      expect(await first.waitLines(1)).toEqual(['ok a']);
      // Written at connect: still there when the socket is adopted later.
      second.write('b\n');
      await waitFor(
        () => taken.length === 1 || undefined,
        5000,
        () => 'the second connection was not offered',
      );
      await new Promise((r) => setTimeout(r, 50));
      expect(second.lines).toEqual([]);
      expect(transport.openConnections).toBe(1);
      transport.adopt(taken[0]);
      expect(await second.waitLines(1)).toEqual(['ok b']);
      expect(offered).toEqual([0, 1]);
      first.destroy();
      second.destroy();
      await waitFor(
        () => transport.openConnections === 0 || undefined,
        5000,
        () => 'connections did not close',
      );
      expect(busy).toEqual([true, false]);
      log.flush();
      expect(events(readLog(logPath), 'CLIENT_CONNECTED')).toHaveLength(2);
    } finally {
      first.destroy();
      second.destroy();
      await app.close();
      log.close();
    }
  });
});
