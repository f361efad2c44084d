import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLog, runApp, startServer, tempDir, waitForEvents, type Exit, type RunningServer } from './helpers.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Runs an app on a config file of these bytes; resolves to its exit and how long it took. */
async function runOn(
  app: 'server-sync' | 'server-cluster' | 'client',
  bytes: Buffer,
  dir = tempDir(),
): Promise<Exit & { file: string; ms: number }> {
  const file = join(dir, 'c.ini');
  writeFileSync(file, bytes);
  const started = performance.now();
  const exit = await runApp(app, ['--config', file]).exited;
  return { ...exit, file, ms: performance.now() - started };
}

describe('config files as users write them (built apps)', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.proc.stop('SIGKILL');
    server = undefined;
  });

  it('should run the client on a Notepad file (BOM, CRLF, Cyrillic) and send its message intact', async () => {
    server = await startServer({ sections: { work: { delay_ms: 0 } } });
    const text =
      '; Notepad saves UTF-8 with a BOM and CRLF\r\n[server]\r\nhost = 127.0.0.1\r\n' +
      `port = ${server.port}\r\n[client]\r\nmessage = "Иванов Иван #5"   ; quoted: # is not a comment\r\n` +
      `send_after_ms = 0\r\nlinger_ms = 0\r\n[log]\r\nfile = ${join(server.dir, 'client.log')}\r\n`;
    const exit = await runOn('client', Buffer.concat([BOM, Buffer.from(text)]), server.dir);
    expect(exit.stderr).toBe('');
    expect(exit.code).toBe(0);
    const sent = readLog(join(server.dir, 'client.log')).find((r) => r.event === 'SENT');
    expect(sent?.fields.msg).toBe('Иванов Иван #5');
    const log = await waitForEvents(server.logFile, 'MESSAGE_SENT');
    expect(log.find((r) => r.event === 'MESSAGE_RECEIVED')?.fields.msg).toBe('Иванов Иван #5');
  });

  it.each([
    [
      'a Windows-1251 file',
      Buffer.concat([Buffer.from('[reply]\nsignature = '), Buffer.from([0xd1, 0xe5, 0xf0, 0xe2, 0xe5, 0xf0, 0x0a])]),
      ': line 2: not valid UTF-8 (byte 0xD1 at column 13; is the file in Windows-1251 or another code page?); save it as UTF-8',
    ],
    ['a UTF-16 file', Buffer.from('\ufeff[server]\r\nport = 1\r\n', 'utf16le'), ': is saved as UTF-16 ("Unicode"), not UTF-8'],
    [
      'a key given twice',
      Buffer.from('[work]\ndelay_ms = 1\n\ndelay_ms = 2\n'),
      ': line 4: key work.delay_ms given twice (first on line 2)',
    ],
    ['a section given twice', Buffer.from('[work]\n[log]\n[work]\n'), ': line 3: section [work] given twice (first on line 1)'],
    ['[__proto__]', Buffer.from('[__proto__]\nport = 1\n'), ': line 1: unknown section [__proto__]; allowed sections: server,'],
    [
      'constructor',
      Buffer.from('[server]\nconstructor = 1\n'),
      ': line 2: unknown key server.constructor; allowed in [server]: host, port',
    ],
  ])('should exit 2 with one line for %s', async (_what, bytes, expected) => {
    for (const app of ['server-sync', 'server-cluster'] as const) {
      const exit = await runOn(app, bytes);
      expect(exit.code).toBe(2);
      expect(exit.stderr).toContain(`${app}: ${exit.file}${expected}`);
      expect(exit.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('should refuse a 64 MB value about as fast as a one-line mistake, without echoing it', async () => {
    // Before: a 100 MB value took 25 s and 3.9 GB, and was echoed whole (issue 13, item 14).
    const huge = Buffer.alloc(64 * 1024 * 1024, '9');
    Buffer.from('[work]\ndelay_ms = ').copy(huge);
    const small = await runOn('server-sync', Buffer.from('[work]\ndelay_ms = soon\n'));
    const big = await runOn('server-sync', huge);
    expect(small.code).toBe(2);
    expect(big.code).toBe(2);
    expect(big.stderr).toBe(
      `server-sync: ${big.file}: is larger than 1048576 bytes, too large for a config file (the shipped ones are about 2 KB); is it the right file?\n`,
    );
    // Both are mostly Node's start-up; a generous margin for a loaded machine.
    expect(big.ms).toBeLessThan(small.ms * 3 + 1000);
  });
});
