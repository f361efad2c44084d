import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { jest } from '@jest/globals';
import type { LineServer } from '@app/common';
// By path: test helpers are not part of @app/common (libs/common/src/testing/index.ts).
import { events, RawClient, readLog, tempDir } from '../../../libs/common/src/testing/index.js';
import type { CommandsModuleOptions } from './commands.module.js';

// @app/common's index pulls in nest-winston: a CommonJS package that requires
// ESM-only Nest, which Jest's module runtime cannot load on Node 20. This
// spec starts the server without a console (logger: false); a stand-in
// takes nest-winston's place.
jest.unstable_mockModule('nest-winston', () => ({ WinstonModule: {}, utilities: { format: {} } }));
const { ConcurrentAdmission, EventLog, LINE_PATTERN, LogFile, startLineServer } = await import('@app/common');
const { AllowedPeers } = await import('./command.constants.js');
const { loadCommandsConfig } = await import('./commands.config.js');
const { CommandsModule } = await import('./commands.module.js');

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
 * The example lab (docs/extending.md) run the way server-commands runs it:
 * the server core (startLineServer) around CommandsModule, port 0 on
 * loopback, and a raw TCP client.
 */
describe(CommandsModule.name, () => {
  let server: LineServer | undefined;
  let log: InstanceType<typeof EventLog> | undefined;
  let logPath: string;
  const peers: RawClient[] = [];

  afterEach(async () => {
    for (const peer of peers.splice(0)) peer.destroy();
    await server?.app.close();
    log?.close();
    server = undefined;
    log = undefined;
  });

  async function start(
    options: CommandsModuleOptions,
    ini = '',
    extra: (feature: DynamicModule) => void = () => undefined,
  ): Promise<RawClient> {
    const dir = tempDir('mirror-lab-commands-');
    const file = join(dir, 'server-commands.ini');
    writeFileSync(file, `[server]\nhost = 127.0.0.1\nport = 0\n[session]\nmax_ms = 0\nidle_ms = 0\n${ini}`);
    const config = loadCommandsConfig(file);
    logPath = join(dir, 'server.log');
    log = new EventLog(LogFile.open(logPath), { app: 'server-commands' });
    const feature = CommandsModule.forRoot(config, options);
    extra(feature);
    server = await startLineServer(config, log, false, {
      feature,
      admission: new ConcurrentAdmission(),
    });
    const peer = new RawClient(server.port);
    peers.push(peer);
    await peer.connected;
    return peer;
  }

  const handlerErrors = () => {
    log!.flush();
    return events(readLog(logPath), 'HANDLER_ERROR').map((r) => r.fields.error);
  };

  it('should answer COUNT and TIME from the injected services, and mirror any other line as before', async () => {
    const peer = await start({ clock: { now: () => NOW } }, '[work]\ndelay_ms = 0\n');
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
    const peer = await start({ allowedPeers: new AllowedPeers(['192.0.2.1']) }, '[work]\ndelay_ms = 0\n');
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
      (feature) => (feature.imports = [...(feature.imports ?? []), HttpMiddlewareModule]),
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
      (feature) => (feature.controllers = [...(feature.controllers ?? []), SecondLineController]),
    );
    peer.write('COUNT a b\nother\n');
    expect(await peer.waitLines(2)).toEqual(['second: COUNT a b', 'second: other']);
    expect(otherPatternCalls).toBe(0);
  });
});
