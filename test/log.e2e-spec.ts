import { execFileSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, closeSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { TORN_MARK } from '../libs/common/src/log/log-file.js';
import { parseLogLine, type LogRecord } from '../libs/common/src/log/log-line.js';
import {
  events,
  openClient,
  RawClient,
  readLog,
  runApp,
  SIGNATURE,
  startServer,
  tempDir,
  waitFor,
  waitForEvents,
  writeIni,
  type RunningServer,
} from './helpers.js';

/** Fills the file system of `dir` to the last byte. */
function fill(dir: string): string {
  const file = join(dir, 'filler');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(4096, 0x78);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return file;
}

describe('event log (built apps, real files)', () => {
  let server: RunningServer | undefined;
  const clients: RawClient[] = [];
  let mounted: string | undefined;

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server?.proc.stop('SIGKILL');
    server = undefined;
    const disk = mounted;
    mounted = undefined;
    // Lazily, so a file still open somewhere cannot keep the mount behind.
    if (disk) execFileSync('umount', ['-l', disk]);
  });

  it('should drop and count events on a full disk, say so once, never continue a torn line, and report the loss when there is room again', async () => {
    // A real full disk: a 64 KiB tmpfs (mounting needs root).
    expect(process.getuid?.()).toBe(0);
    const dir = tempDir();
    mounted = join(dir, 'disk');
    mkdirSync(mounted);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mounted]);
    server = await startServer({ dir: mounted, sections: { work: { delay_ms: 0 } } });
    const logFile = server.logFile;
    // Connected before the disk fills: a server takes no new client on a
    // (nearly) full disk (DiskGuard); this one is already taken.
    const c = await openClient(clients, server.port);
    await waitForEvents(logFile, 'CLIENT_CONNECTED');
    const filler = fill(mounted);
    const requests = 200;
    for (let i = 0; i < requests; i += 1) {
      c.write(`message number ${i} with some text to fill the disk\n`);
      await c.waitLines(i + 1);
    }
    unlinkSync(filler);
    c.write('after\n');
    await c.waitLines(requests + 1);
    c.socket.end();
    await c.waitClosed();
    await waitFor(
      () => readFileSync(logFile, 'utf8').includes('CLIENT_DISCONNECTED') || undefined,
      10_000,
      () => 'no CLIENT_DISCONNECTED',
    );
    const exit = await server.proc.stop('SIGTERM');
    expect(exit.code).toBe(0);

    expect(exit.stderr.match(/cannot write/g)).toHaveLength(1);
    const lines = readFileSync(logFile, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const torn = lines.filter((l) => parseLogLine(l) === null);
    expect(torn.length).toBeGreaterThanOrEqual(1);
    for (const l of torn) expect(l.endsWith(TORN_MARK.trimEnd())).toBe(true);
    const records = lines.map((l) => parseLogLine(l)).filter((r): r is LogRecord => r !== null);
    const recovered = events(records, 'LOG_RECOVERED');
    expect(recovered.length).toBeGreaterThanOrEqual(1);
    const lost = recovered.reduce((sum, r) => sum + Number(r.fields.lost), 0);
    // Every event is either in the file or counted lost: start, connect, two per request, disconnect, stop.
    const logged = records.filter((r) => r.event !== 'LOG_RECOVERED').length;
    expect(logged + lost).toBe(1 + 1 + 2 * (requests + 1) + 1 + 1);
    expect(lost).toBeGreaterThan(100);
    expect(events(records, 'MESSAGE_SENT').length).toBeLessThan(requests);
    expect(records.at(-1)?.event).toBe('SERVER_STOP');
    // docs/spec.md#6-logs: a reply goes out only once its MESSAGE_SENT is in the file;
    // the others are answered with the error line instead.
    const sent = new Set(events(records, 'MESSAGE_SENT').map((r) => r.fields.msg));
    const refused = c.lines.filter((l) => l === 'ERROR server cannot write its log');
    const replies = c.lines.filter((l) => l !== 'ERROR server cannot write its log');
    expect(refused.length).toBeGreaterThan(0);
    expect(replies.length + refused.length).toBe(requests + 1);
    for (const reply of replies) expect(sent.has(reply)).toBe(true);
  });

  it('should refuse a FIFO as log.file at once, with a readable message', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'fifo.log');
    execFileSync('mkfifo', [fifo]);
    const config = writeIni(join(dir, 'c.ini'), { server: { host: '127.0.0.1', port: 0 }, log: { file: fifo } });
    const started = Date.now();
    const exit = await runApp('server-sync', ['--config', config]).exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim()).toBe(
      `server-sync: cannot open log file ${fifo} for appending: that path is a FIFO (named pipe), not a regular file`,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('should reopen a log file deleted while the server runs, writing again what went into the deleted file', async () => {
    server = await startServer({ sections: { work: { delay_ms: 0 } } });
    const c = await openClient(clients, server.port);
    unlinkSync(server.logFile);
    c.write('one\n');
    await c.waitLines(1);
    await new Promise((r) => setTimeout(r, 400));
    c.write('two\n');
    await c.waitLines(2);
    const log = await waitForEvents(server.logFile, 'MESSAGE_SENT', 2);
    // Which lines were written since the last check of the path (every 250 ms) depends on timing;
    // whatever went into the deleted file is written again in front of LOG_REOPENED.
    const reopened = log.findIndex((r) => r.event === 'LOG_REOPENED');
    expect(reopened).toBeGreaterThan(0);
    expect(log[reopened].fields).toEqual({ why: 'the log file was deleted', written_again: String(reopened) });
    const messages = log.filter((r) => r.event.startsWith('MESSAGE_')).map((r) => `${r.event} ${r.fields.msg}`);
    expect(messages).toEqual([
      'MESSAGE_RECEIVED one',
      `MESSAGE_SENT eno. ${SIGNATURE}`,
      'MESSAGE_RECEIVED two',
      `MESSAGE_SENT owt. ${SIGNATURE}`,
    ]);
  });

  it("should write a spinning worker's MESSAGE_RECEIVED before it blocks, so the shared log stays in time order", async () => {
    server = await startServer({
      app: 'server-cluster',
      sections: { work: { delay_ms: 800, mode: 'spin' }, cluster: { workers: 2 } },
    });
    await waitForEvents(server.logFile, 'WORKER_START', 2);
    const a = await openClient(clients, server.port);
    a.write('first\n');
    await new Promise((r) => setTimeout(r, 300));
    // The first worker spins: the other one accepts this client.
    const b = await openClient(clients, server.port);
    b.write('second\n');
    await a.waitLines(1);
    await b.waitLines(1);
    expect(a.lines[0]).toBe(`tsrif. ${SIGNATURE}`);
    const log = readLog(server.logFile);
    const receivedA = log.findIndex((r) => r.event === 'MESSAGE_RECEIVED' && r.fields.peer === `127.0.0.1:${a.localPort}`);
    const connectedB = log.findIndex((r) => r.event === 'CLIENT_CONNECTED' && r.fields.peer === `127.0.0.1:${b.localPort}`);
    expect(receivedA).toBeGreaterThanOrEqual(0);
    expect(connectedB).toBeGreaterThan(receivedA);
    // Workers batch their writes per turn of the event loop: a few ms out of order across processes, never a spin's worth.
    const times = log.map((r) => new Date(r.time).getTime());
    for (let i = 1; i < times.length; i += 1) expect(times[i]).toBeGreaterThan(times[i - 1] - 100);
  });
});
