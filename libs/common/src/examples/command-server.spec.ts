import { join } from 'node:path';
import {
  Controller,
  Module,
  type DynamicModule,
  type INestMicroservice,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LINE_PATTERN } from '../transport/transport.constants.js';
import type { ServerConfig } from '../config/app-config.js';
import { parseConfig } from '../config/config.loader.js';
import { SERVER_SYNC_SCHEMA } from '../config/config.schema.js';
import { EventLog } from '../log/event-log.js';
import { LogFile } from '../log/log-file.js';
import { LineTransport } from '../transport/line.transport.js';
import { events, RawClient, readLog, tempDir, testTransportOptions } from '../testing/index.js';
import { CommandServerModule, type CommandServerOptions } from './command-server.module.js';

const SIGNATURE = 'Сервер написан Титов Ю.П. М3О-3ХХБ-ХХ';
const INTERNAL = 'ERROR internal server error';
/** 2026-11-24 11:03:07.005 UTC: what the TIME command must answer when the clock is stopped there. */
const NOW = Date.UTC(2026, 10, 24, 11, 3, 7, 5);

/** Counts the requests an HTTP middleware saw: it is bound below, and must see none. */
let middlewareCalls = 0;

@Module({})
class HttpMiddlewareModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply((_req: unknown, _res: unknown, next: () => void) => {
        middlewareCalls += 1;
        next();
      })
      .forRoutes('*');
  }
}

/** A second handler for the lines, registered after CommandController, and one for a pattern no line has. */
let otherPatternCalls = 0;
@Controller()
class SecondLineController {
  @MessagePattern(LINE_PATTERN)
  reply(@Payload() line: string): string {
    return `second: ${line}`;
  }

  @MessagePattern('other')
  other(): string {
    otherPatternCalls += 1;
    return 'other';
  }
}

/**
 * The example lab (docs/extending.md) run the way the real servers run their
 * module: NestFactory.createMicroservice on a LineTransport, port 0 on
 * loopback, and a raw TCP client.
 */
describe(CommandServerModule.name, () => {
  let app: INestMicroservice | undefined;
  let log: EventLog | undefined;
  let logPath: string;
  const peers: RawClient[] = [];

  afterEach(async () => {
    for (const peer of peers.splice(0)) peer.destroy();
    await app?.close();
    log?.close();
    app = undefined;
    log = undefined;
  });

  async function start(
    options: CommandServerOptions,
    ini = '',
    extra: (root: DynamicModule) => void = () => undefined,
  ): Promise<RawClient> {
    const config: ServerConfig = {
      app: 'server-sync',
      source: 's.ini',
      ...parseConfig(ini, 's.ini', SERVER_SYNC_SCHEMA),
      cluster: { workers: 1 },
    };
    logPath = join(tempDir('mirror-lab-example-'), 'server.log');
    log = new EventLog(LogFile.open(logPath), { app: 'server-example' });
    const transport = new LineTransport(testTransportOptions(log));
    const root = CommandServerModule.forRoot(config, log, options);
    extra(root);
    app = await NestFactory.createMicroservice(root, { strategy: transport, logger: false });
    await app.listen();
    const peer = new RawClient(transport.address().port);
    peers.push(peer);
    await peer.connected;
    return peer;
  }

  const handlerErrors = () => {
    log!.flush();
    return events(readLog(logPath), 'HANDLER_ERROR').map((r) => r.fields.error);
  };

  it('should answer COUNT and TIME from the injected services, and mirror any other line as before', async () => {
    const peer = await start({ clock: () => NOW }, '[work]\ndelay_ms = 0\n');
    peer.write('COUNT Титов Юрий Павлович\nCOUNT Hello, world!\nTIME\nТитов Юрий Павлович\n');
    const [three, two, time, mirrored] = await peer.waitLines(4);
    expect([three, two, mirrored]).toEqual(['3', '2', `Чиволвап Йирю Вотит. ${SIGNATURE}`]);
    expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.005[+-]\d\d:\d\d$/);
    expect(new Date(time).getTime()).toBe(NOW);
    expect(handlerErrors()).toEqual([]);
  });

  it('should refuse a malformed command in the pipe with the error line, log why, and serve the next line', async () => {
    const peer = await start({}, '[work]\ndelay_ms = 0\n');
    peer.write('COUNT\nTIME now\nCOUNT a b\n');
    expect(await peer.waitLines(3)).toEqual([INTERNAL, INTERNAL, '2']);
    expect(peer.closed).toBe(false);
    expect(handlerErrors()).toEqual(['COUNT needs a text: COUNT <text>', 'TIME takes no argument']);
  });

  it('should refuse every line of a peer the guard does not allow, log "Forbidden resource", and keep the connection', async () => {
    const peer = await start({ allowedAddresses: ['192.0.2.1'] }, '[work]\ndelay_ms = 0\n');
    peer.write('TIME\nabc\n');
    expect(await peer.waitLines(2)).toEqual([INTERNAL, INTERNAL]);
    expect(peer.closed).toBe(false);
    expect(handlerErrors()).toEqual(['Forbidden resource', 'Forbidden resource']);
  });

  it('should run the interceptor around the handler: a reply comes work.delay_ms after its line', async () => {
    const peer = await start({}, '[work]\ndelay_ms = 300\nmode = sleep\n');
    const sent = performance.now();
    peer.write('COUNT one two\n');
    expect(await peer.waitLines(1)).toEqual(['2']);
    // A timer never fires early by more than the clocks' rounding.
    expect(performance.now() - sent).toBeGreaterThanOrEqual(295);
  });

  it('should never run an HTTP middleware: the line transport has no middleware stage', async () => {
    middlewareCalls = 0;
    const peer = await start(
      {},
      '[work]\ndelay_ms = 0\n',
      (root) => (root.imports = [...(root.imports ?? []), HttpMiddlewareModule]),
    );
    peer.write('abc\n');
    expect(await peer.waitLines(1)).toEqual([`cba. ${SIGNATURE}`]);
    expect(middlewareCalls).toBe(0);
  });

  it('should call only the handler registered last for LINE_PATTERN, and never a handler of another pattern', async () => {
    otherPatternCalls = 0;
    const peer = await start(
      {},
      '[work]\ndelay_ms = 0\n',
      (root) => (root.controllers = [...(root.controllers ?? []), SecondLineController]),
    );
    peer.write('COUNT a b\nother\n');
    expect(await peer.waitLines(2)).toEqual(['second: COUNT a b', 'second: other']);
    expect(otherPatternCalls).toBe(0);
  });
});
