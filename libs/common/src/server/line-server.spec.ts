import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { Controller, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { LineServerConfig } from '../config/app-config.js';
import { parseConfig } from '../config/config.loader.js';
import { serverSchema } from '../config/config.schema.js';
import { EventLog } from '../log/event-log.js';
import { LogFile } from '../log/log-file.js';
import { RawClient, tempDir } from '../testing/index.js';
import { ConcurrentAdmission } from '../transport/admission.js';
import { LINE_PATTERN } from '../transport/transport.constants.js';
import { startLineServer, type LineServer } from './line-server.js';
import { StartupError } from './startup.error.js';

/** The smallest feature a lab could be: each line back, upper-cased. */
@Controller()
class ShoutController {
  @MessagePattern(LINE_PATTERN)
  reply(@Payload() line: string): string {
    return line.toUpperCase();
  }
}

@Module({ controllers: [ShoutController] })
class ShoutModule {}

describe(startLineServer.name, () => {
  const open: { server?: LineServer; log: EventLog; client?: RawClient }[] = [];

  afterEach(async () => {
    for (const o of open.splice(0)) {
      o.client?.destroy();
      await o.server?.app.close();
      o.log.close();
    }
  });

  function setup(ini: string) {
    const config: LineServerConfig = {
      app: 'server-test',
      source: 'test.ini',
      ...parseConfig(`[server]\nhost = 127.0.0.1\nport = 0\n${ini}`, 'test.ini', serverSchema('server-test')),
    };
    const log = new EventLog(LogFile.open(join(tempDir('mirror-lab-core-'), 'server.log')), { app: 'server-test' });
    const entry: (typeof open)[number] = { log };
    open.push(entry);
    return { config, log, entry };
  }

  /** How long one line takes to come back from a server started with `workBy`, on `delay_ms = 300`. */
  async function roundTrip(workBy: 'interceptor' | 'feature'): Promise<{ reply: string; ms: number }> {
    const { config, log, entry } = setup('[work]\ndelay_ms = 300\n');
    entry.server = await startLineServer(config, log, false, {
      feature: ShoutModule,
      admission: new ConcurrentAdmission(),
      workBy,
    });
    entry.client = new RawClient(entry.server.port);
    await entry.client.connected;
    const sent = performance.now();
    entry.client.write('abc\n');
    const [reply] = await entry.client.waitLines(1);
    return { reply, ms: performance.now() - sent };
  }

  it('should answer each line with the feature module given, the core simulating the work around it', async () => {
    const simulated = await roundTrip('interceptor');
    expect(simulated.reply).toBe('ABC');
    // A timer never fires early by more than the clocks' rounding.
    expect(simulated.ms).toBeGreaterThanOrEqual(295);
  });

  it('should leave the work to the feature when told (server-threads: its pool does it)', async () => {
    const simulated = await roundTrip('interceptor');
    const own = await roundTrip('feature');
    expect(own.reply).toBe('ABC');
    expect(own.ms).toBeLessThan(simulated.ms / 2);
  });

  it('should turn a port in use into a start-up error in words, and stop the start when a check before listening fails', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const busy = setup('');
      busy.config.server.port = port;
      const error = await startLineServer(busy.config, busy.log, false, {
        feature: ShoutModule,
        admission: new ConcurrentAdmission(),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StartupError);
      expect(error).toMatchObject({ code: 'PORT_IN_USE' });
      expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }

    const checked = setup('');
    let checks = 0;
    const refused = await startLineServer(checked.config, checked.log, false, {
      feature: ShoutModule,
      admission: new ConcurrentAdmission(),
      beforeListen: async () => {
        checks += 1;
        throw new Error('the pool did not start');
      },
    }).catch((e: unknown) => e);
    expect(checks).toBe(1);
    expect((refused as Error).message).toBe('the pool did not start');
  });
});
