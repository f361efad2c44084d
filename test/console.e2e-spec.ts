import { join } from 'node:path';
import { events, inStoppedTerminal, RawClient, readLog, SIGNATURE, tempDir, waitForEvents, writeIni } from './helpers.js';

const REQUESTS = 3000;

/**
 * A server whose terminal stopped reading (Ctrl-S, XOFF) must go on serving:
 * the console is only a view of the log. Every event is echoed
 * (MIRROR_LAB_ECHO_PER_SECOND), so the terminal's buffer fills within the
 * first hundred requests.
 */
describe('a server in a terminal stopped by Ctrl-S', () => {
  it.each(['server-sync', 'server-cluster', 'server-threads'] as const)(
    'should answer thousands of requests and log every one when it is %s',
    async (app) => {
      const dir = tempDir();
      const logFile = join(dir, `${app}.log`);
      const config = writeIni(join(dir, `${app}.ini`), {
        server: { host: '127.0.0.1', port: 0 },
        work: { delay_ms: 0 },
        log: { file: logFile },
        ...(app === 'server-cluster' && { cluster: { workers: 1 } }),
      });
      const terminal = inStoppedTerminal(app, ['--config', config], {
        MIRROR_LAB_LANG: 'en',
        MIRROR_LAB_ECHO_PER_SECOND: '100000',
      });
      let said = '';
      const client = { current: undefined as RawClient | undefined };
      try {
        const start = (await waitForEvents(logFile, 'SERVER_START', 1, 30_000)).find((r) => r.event === 'SERVER_START')!;
        client.current = new RawClient(Number(start.fields.port));
        await client.current.connected;
        client.current.write('abc\n'.repeat(REQUESTS));
        const lines = await client.current.waitLines(REQUESTS, 20_000);
        expect(new Set(lines)).toEqual(new Set([`cba. ${SIGNATURE}`]));
        client.current.destroy();
      } finally {
        client.current?.destroy();
        said = await terminal.release();
      }
      expect(said).toMatch(/exit 0/);
      const log = readLog(logFile);
      expect(events(log, 'MESSAGE_RECEIVED')).toHaveLength(REQUESTS);
      expect(events(log, 'MESSAGE_SENT')).toHaveLength(REQUESTS);
      expect(events(log, 'SERVER_STOP')).toHaveLength(1);
    },
    90_000,
  );
});
