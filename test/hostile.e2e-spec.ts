import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  events,
  RawClient,
  readLog,
  runApp,
  serverSuite,
  servingSections,
  SIGNATURE,
  tempDir,
  waitForEvents,
  workerPids,
  writeIni,
  type IniSections,
  type RunningServer,
} from './helpers.js';

type Kind = 'server-sync' | 'server-cluster' | 'server-threads';
const KINDS: Kind[] = ['server-sync', 'server-cluster', 'server-threads'];
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const clusters = (s: string) => Array.from(segmenter.segment(s), (x) => x.segment);

/** `cluster` in the case of `like`: upper, lower, or as it is when `like` has no case (or the length would change). */
function casedLike(cluster: string, like: string): string {
  const upper = like === like.toUpperCase() && like !== like.toLowerCase();
  const lower = like === like.toLowerCase() && like !== like.toUpperCase();
  const changed = upper ? cluster.toUpperCase() : lower ? cluster.toLowerCase() : cluster;
  return changed.length === cluster.length ? changed : cluster;
}

/**
 * The reply the servers must give with their default `mirror.preserve_case =
 * true` (docs/spec.md#2-mirroring), written from the spec, not from the server's code: the words
 * in reverse order, each reversed by grapheme clusters and given the
 * letter-case shape of the word it came from, position by position.
 */
function mirrorOf(s: string): string {
  return s
    .split(/(\s+)/)
    .reverse()
    .map((word) => {
      const source = clusters(word);
      return source
        .slice()
        .reverse()
        .map((cluster, i) => casedLike(cluster, source[i]))
        .join('');
    })
    .join('');
}
const reply = (s: string) => `${mirrorOf(s)}. ${SIGNATURE}`;

/** The processes that serve clients: server-sync or server-threads itself, or server-cluster's workers. */
function servingPids(server: RunningServer, kind: Kind): number[] {
  return kind === 'server-cluster' ? workerPids(server) : [server.proc.pid];
}
/** Peak resident memory (VmHWM) of a process, in bytes. */
const peakRss = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

describe.each(KINDS)('%s under hostile input (built app, real sockets)', (kind) => {
  // Whatever a test did, the log must parse line by line.
  const suite = serverSuite((server) => readLog(server.logFile));
  const { open, clients } = suite;
  const start = (sections: IniSections = {}) =>
    suite.start({ app: kind, sections: { work: { delay_ms: 0 }, ...servingSections(kind, 2), ...sections } });

  it('should give empty lines no reply, and answer the lines around them', async () => {
    const server = await start();
    const c = await open(server);
    c.write('\n\r\n\nabc\n\n');
    expect(await c.waitLines(1)).toEqual([reply('abc')]);
    c.write('\n\nxyz\n');
    await c.waitLines(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.lines).toEqual([reply('abc'), reply('xyz')]);
  });

  it('should treat LF and CRLF as line ends and a bare CR as data, mixed in one write', async () => {
    const server = await start();
    const c = await open(server);
    c.write('lf\ncrlf\r\nbare\rcr\nmixed\r\n');
    expect(await c.waitLines(4)).toEqual([reply('lf'), reply('crlf'), reply('bare\rcr'), reply('mixed')]);
  });

  it('should accept limit-1 and limit bytes and refuse limit+1 with an error line, then close', async () => {
    const server = await start({ limits: { max_line_bytes: 1000 } });
    const c = await open(server);
    c.write(`${'a'.repeat(999)}\n${'b'.repeat(1000)}\n${'c'.repeat(1001)}\nnever\n`);
    expect(await c.waitLines(3)).toEqual([
      reply('a'.repeat(999)),
      reply('b'.repeat(1000)),
      'ERROR line too long (limit 1000 bytes)',
    ]);
    await c.waitClosed();
    expect(c.lines).toHaveLength(3);
    const log = await waitForEvents(server.logFile, 'CLIENT_DISCONNECTED');
    expect(events(log, 'CLIENT_DISCONNECTED')[0].fields.reason).toBe('line-too-long');
  });

  it('should answer a flood of many megabytes without LF with an error line, close, and keep memory bounded', async () => {
    const server = await start();
    const pids = servingPids(server, kind);
    const before = pids.map(peakRss);
    const c = await open(server);
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    for (let i = 0; i < 32 && !c.closed; i += 1) {
      c.write(chunk);
      await new Promise((r) => setTimeout(r, 5));
    }
    await c.waitClosed();
    expect(c.lines[0]).toBe('ERROR line too long (limit 65536 bytes)');
    const growth = Math.max(...pids.map((pid, i) => peakRss(pid) - before[i]));
    // 32 MiB were sent; the server holds at most one line (64 KiB) plus socket buffers.
    expect(growth).toBeLessThan(24 * 1024 * 1024);
    // ...and still serves others.
    const other = await open(server);
    other.write('still here\n');
    expect(await other.waitLines(1)).toEqual([reply('still here')]);
  });

  it('should decode a line sent one byte at a time', async () => {
    const server = await start();
    const c = await open(server);
    for (const byte of Buffer.from('Титов Юрий 👨‍👩‍👧\r\n')) {
      c.write(Buffer.from([byte]));
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(await c.waitLines(1)).toEqual([`👨‍👩‍👧 Йирю Вотит. ${SIGNATURE}`]);
    expect(reply('Титов Юрий 👨‍👩‍👧')).toBe(`👨‍👩‍👧 Йирю Вотит. ${SIGNATURE}`);
  });

  it('should close a connection whose line stalls half-way, on idle timeout', async () => {
    const server = await start({ session: { idle_ms: 400 } });
    const c = await open(server);
    c.write('half a li');
    const started = Date.now();
    await c.waitClosed();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(c.lines).toEqual([]);
    const log = await waitForEvents(server.logFile, 'CLIENT_DISCONNECTED');
    expect(events(log, 'CLIENT_DISCONNECTED')[0].fields.reason).toBe('idle-timeout');
  });

  it('should answer many lines in one write, in order', async () => {
    const server = await start();
    const c = await open(server);
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i}`);
    c.write(lines.map((l) => l + '\n').join(''));
    expect(await c.waitLines(500)).toEqual(lines.map(reply));
  });

  it('should decode multi-byte characters split across writes, and invalid UTF-8 as U+FFFD', async () => {
    const server = await start();
    const c = await open(server);
    const bytes = Buffer.from('Ю🇫🇷\n');
    c.write(bytes.subarray(0, 1));
    await new Promise((r) => setTimeout(r, 30));
    c.write(bytes.subarray(1, 4));
    await new Promise((r) => setTimeout(r, 30));
    c.write(bytes.subarray(4));
    c.write(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0xc3, 0x0a]));
    expect(await c.waitLines(2)).toEqual([reply('Ю🇫🇷'), reply('a\ufffd\ufffdb\ufffd')]);
  });

  it('should mirror NUL, ANSI escapes and bidi controls as data and log them escaped', async () => {
    const server = await start();
    const c = await open(server);
    const nasty = 'a\u0000b \u001b[31mred\u001b[0m \u202eevil\u202c \u2066x\u2069';
    c.write(nasty + '\n');
    expect(await c.waitLines(1)).toEqual([reply(nasty)]);
    const text = readFileSync(server.logFile, 'utf8');
    expect(text).not.toMatch(/[\u0000\u001b\u202a-\u202e\u2066-\u2069]/);
    expect(events(readLog(server.logFile), 'MESSAGE_RECEIVED')[0].fields.msg).toBe(nasty);
  });

  it('should not let a message forge or break a log line', async () => {
    const server = await start();
    const c = await open(server);
    const fake = 'hi\r2026-11-24T00:00:00.000+00:00 server-sync[1] SERVER_STOP signal=SIGKILL\u2028\u0085 x=1 "quote"';
    c.write(fake + '\n');
    await c.waitLines(1);
    c.socket.end();
    const log = await waitForEvents(server.logFile, 'CLIENT_DISCONNECTED');
    expect(events(log, 'SERVER_STOP')).toHaveLength(0);
    // The fake text is on exactly one line, inside the msg= of MESSAGE_RECEIVED (the reply is mirrored).
    expect(
      readFileSync(server.logFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('SERVER_STOP')),
    ).toHaveLength(1);
    expect(events(log, 'MESSAGE_RECEIVED')[0].fields.msg).toBe(fake);
    expect(readFileSync(server.logFile, 'utf8')).not.toMatch(/\r|\u2028|\u0085/);
  });

  it('should treat a foreign protocol (HTTP) as lines and keep serving', async () => {
    const server = await start();
    const c = await open(server);
    c.write('GET / HTTP/1.1\r\nHost: example\r\nUser-Agent: curl/8\r\n\r\n');
    expect(await c.waitLines(3)).toEqual([reply('GET / HTTP/1.1'), reply('Host: example'), reply('User-Agent: curl/8')]);
    c.write('ok\n');
    expect((await c.waitLines(4))[3]).toBe(reply('ok'));
  });

  it('should survive a client that resets while its request is worked on', async () => {
    const server = await start({ work: { delay_ms: 400 } });
    const victim = await open(server);
    victim.write('doomed\n');
    await waitForEvents(server.logFile, 'MESSAGE_RECEIVED');
    victim.socket.resetAndDestroy();
    await new Promise((r) => setTimeout(r, 600));
    const other = await open(server);
    other.write('fine\n');
    expect(await other.waitLines(1)).toEqual([reply('fine')]);
    const log = readLog(server.logFile);
    const gone = events(log, 'CLIENT_DISCONNECTED').find((r) => r.fields.peer === `127.0.0.1:${victim.localPort}`);
    expect(gone?.fields.reason).toBe('error');
    expect(gone?.fields.error).toContain('ECONNRESET');
    expect(events(log, 'MESSAGE_SENT').filter((r) => r.fields.peer === `127.0.0.1:${victim.localPort}`)).toHaveLength(0);
  });

  it('should reply to a half-close right after the line', async () => {
    const server = await start({ work: { delay_ms: 200 } });
    const c = await open(server);
    c.socket.end('two\nlines\n');
    expect(await c.waitLines(2)).toEqual([reply('two'), reply('lines')]);
    await c.waitClosed();
  });

  // 100,000 requests; server-threads makes a pool round trip for each (about 47 s on a loaded 2-core machine): 150 s allowed.
  it('should stop reading from a client that never reads, keep memory bounded, and lose no reply', async () => {
    const server = await start();
    const pids = servingPids(server, kind);
    const before = pids.map(peakRss);
    const c = await open(server);
    c.socket.pause();
    const n = 100_000;
    c.write('x\n'.repeat(n));
    const log = await waitForEvents(server.logFile, 'CLIENT_THROTTLED');
    expect(events(log, 'CLIENT_THROTTLED')[0].fields.why).toContain('faster than it reads');
    await new Promise((r) => setTimeout(r, 500));
    const growth = Math.max(...pids.map((pid, i) => peakRss(pid) - before[i]));
    // 100,000 replies are 5.8 MB; the server must not have buffered them.
    // The peak is mostly garbage of the 100,000 requests: 40 MiB held on
    // Node 20, and Node 24.21 once reached 41.3 MiB in CI, hence 64 MiB.
    // (Bounded pending bytes are checked more sharply in transport.e2e-spec.)
    expect(growth).toBeLessThan(64 * 1024 * 1024);
    c.socket.resume();
    await c.waitLines(n, 30_000);
    expect(new Set(c.lines)).toEqual(new Set([reply('x')]));
  }, 150_000);

  it('should refuse connections past limits.max_connections with a clear line', async () => {
    const server = await start({
      limits: { max_connections: 3 },
      work: { delay_ms: 5000 },
      ...(kind === 'server-cluster' ? { cluster: { workers: 1 } } : {}),
    });
    for (let i = 0; i < 3; i += 1) await open(server);
    const extra = await open(server);
    expect(await extra.waitLines(1)).toEqual(['ERROR server busy (too many connections, limit 3)']);
    await extra.waitClosed();
    const log = await waitForEvents(server.logFile, 'CLIENT_DISCONNECTED');
    expect(events(log, 'CLIENT_DISCONNECTED')[0].fields).toMatchObject({ reason: 'server-busy' });
  });

  it('should survive running out of file descriptors and recover', async () => {
    const server = await start();
    const pids = servingPids(server, kind);
    // Lower the running server's soft limit to 20 above what it has open: it cannot
    // accept 100 more sockets. (The limit is lowered after start, because loading
    // the ESM modules takes hundreds of descriptors; the hard limit is left alone.)
    for (const pid of pids) {
      const open = readdirSync(`/proc/${pid}/fd`).length;
      execFileSync('prlimit', ['--pid', String(pid), `--nofile=${open + 20}:`]);
    }
    const many = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const c = new RawClient(server.port);
        clients.push(c);
        await c.connected.catch(() => undefined);
        return c;
      }),
    );
    await new Promise((r) => setTimeout(r, 500));
    for (const c of many) c.destroy();
    await new Promise((r) => setTimeout(r, 500));
    // Still under the low limit: the server recovers as the sockets go away.
    expect(server.proc.child.exitCode).toBeNull();
    const after = await open(server);
    after.write('recovered\n');
    expect(await after.waitLines(1)).toEqual([reply('recovered')]);
  });
});

describe.each(KINDS)('%s start-up faults', (kind) => {
  const run = async (configText: string | null, dir = tempDir()) => {
    const config = join(dir, 'c.ini');
    if (configText !== null) writeFileSync(config, configText);
    return runApp(kind, ['--config', config]).exited;
  };

  it.each([
    ['a missing config', null, 2, 'config file not found'],
    ['an unknown section', '[sevrer]\nport = 1\n', 2, 'unknown section [sevrer]'],
    ['an unknown key', '[server]\nprot = 1\n', 2, 'unknown key server.prot'],
    ['a value out of range', '[server]\nport = 99999\n', 2, 'server.port = "99999": must be a whole number from 0 to 65535'],
    ['a bad work mode', '[work]\nmode = fast\n', 2, 'work.mode = "fast": must be one of: sleep, spin'],
  ])('should exit non-zero with one readable line for %s', async (_what, text, code, expected) => {
    const exit = await run(text);
    expect(exit.code).toBe(code);
    expect(exit.stderr).toContain(expected);
    expect(exit.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('should exit 2 when the config path is a directory (unreadable)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'c.ini'));
    const exit = await runApp(kind, ['--config', join(dir, 'c.ini')]).exited;
    expect(exit.code).toBe(2);
    expect(exit.stderr.trim()).toBe(`${kind}: ${join(dir, 'c.ini')}: is a directory, not a config file`);
  });

  it('should exit 1 with one line when the log file cannot be written', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-dir'), '');
    const config = writeIni(join(dir, 'c.ini'), {
      server: { host: '127.0.0.1', port: 0 },
      log: { file: join(dir, 'not-a-dir', 'x.log') },
    });
    const exit = await runApp(kind, ['--config', config]).exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim()).toBe(
      `${kind}: cannot open log file ${join(dir, 'not-a-dir', 'x.log')} for appending: a part of the path is a file, not a directory (ENOTDIR)`,
    );
  });

  it('should exit 2 for an unknown flag', async () => {
    const exit = await runApp(kind, ['--verbose']).exited;
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain("Unknown option '--verbose'");
  });
});
