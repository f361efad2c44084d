import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { jest } from '@jest/globals';
import { EventLog } from './event-log.js';
import { LogFile, TORN_MARK } from './log-file.js';
import { parseLogLine } from './log-line.js';
import { LogEvent } from './log.constants.js';
import type { WriteFn } from './whole-write.js';
import { tempDir } from '../testing/index.js';

/** A disk with `space` bytes left: writes are cut short at the end of it, then fail with ENOSPC, as write(2) does. */
class SmallDisk {
  space = Infinity;
  readonly write: WriteFn = (fd, data, offset, length) => {
    if (this.space <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const n = Math.min(length, this.space);
    this.space -= n;
    return writeSync(fd, data, offset, n);
  };
}

const tick = () => new Promise((r) => setImmediate(r));
const flushed = (log: EventLog) => new Promise<boolean>((r) => log.afterFlush(r));

function setup(disk = new SmallDisk()) {
  const path = join(tempDir('mirror-lab-unit-'), 'f.log');
  const log = new EventLog(LogFile.open(path, disk.write), { app: 'server-sync', pid: 9 });
  return { path, log, disk };
}

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').slice(0, -1);

describe(LogFile.name, () => {
  let stderr: jest.SpiedFunction<typeof process.stderr.write>;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());
  const said = (text: string) => stderr.mock.calls.filter(([s]) => String(s).includes(text)).length;

  it('should say false to afterFlush, count lost events, end the torn line and report the loss in the first line once the disk has room', async () => {
    const { path, log, disk } = setup();
    log.event(LogEvent.SERVER_START, { port: 1 });
    expect(await flushed(log)).toBe(true);
    // Room for one and a half lines: one event gets in, the next is torn.
    const oneLine = readFileSync(path).length;
    disk.space = Math.floor(oneLine * 1.5);
    log.message(LogEvent.MESSAGE_RECEIVED, EventLog.fields({ peer: '1.2.3.4:5' }), 'first');
    const first = flushed(log);
    log.message(LogEvent.MESSAGE_SENT, EventLog.fields({ peer: '1.2.3.4:5' }), 'second, torn');
    const second = flushed(log);
    expect(await first).toBe(true);
    expect(await second).toBe(false);
    // Many batches while the disk stays full: each is lost, stderr hears of it once.
    for (let i = 0; i < 20; i += 1) {
      log.message(LogEvent.MESSAGE_RECEIVED, EventLog.fields({ peer: '1.2.3.4:5' }), `lost ${i}`);
      expect(await flushed(log)).toBe(false);
    }
    expect(said('cannot write')).toBe(1);
    disk.space = Infinity;
    log.event(LogEvent.SERVER_STOP);
    expect(await flushed(log)).toBe(true);
    log.close();

    const written = lines(path);
    expect(written).toHaveLength(5);
    expect(written[2].endsWith(TORN_MARK.trimEnd())).toBe(true);
    expect(parseLogLine(written[2])).toBeNull();
    const records = [0, 1, 3, 4].map((i) => parseLogLine(written[i])!);
    expect(records.map((r) => r.event)).toEqual(['SERVER_START', 'MESSAGE_RECEIVED', 'LOG_RECOVERED', 'SERVER_STOP']);
    expect(records[2].fields).toEqual({ lost: '21', why: 'no space left on the device (ENOSPC)' });
    expect(records[2].time <= records[3].time).toBe(true);
    expect(said('can be written again; 21 events were lost')).toBe(1);
  });

  it('should keep memory bounded while the disk is full: 100,000 events dropped and counted, none buffered', async () => {
    const { path, log, disk } = setup();
    disk.space = 0;
    for (let i = 0; i < 100_000; i += 1) log.event(LogEvent.MESSAGE_RECEIVED, { peer: '1.2.3.4:5', msg: `m${i}` });
    await tick();
    disk.space = Infinity;
    log.event(LogEvent.SERVER_STOP);
    log.close();
    const records = lines(path).map((l) => parseLogLine(l)!);
    expect(records.map((r) => [r.event, r.fields.lost])).toEqual([
      ['LOG_RECOVERED', '100000'],
      ['SERVER_STOP', undefined],
    ]);
  });

  it('should write the lines again into a new file when the log file is deleted, with LOG_REOPENED', async () => {
    const { path, log } = setup();
    log.event(LogEvent.SERVER_START);
    await new Promise((r) => setTimeout(r, 300));
    log.event(LogEvent.CLIENT_CONNECTED, { peer: '1.2.3.4:5' });
    await tick();
    unlinkSync(path);
    log.event(LogEvent.MESSAGE_RECEIVED, { peer: '1.2.3.4:5', msg: 'into the deleted file' });
    await tick();
    await new Promise((r) => setTimeout(r, 300));
    log.event(LogEvent.MESSAGE_SENT, { peer: '1.2.3.4:5', msg: 'after' });
    log.close();
    const records = lines(path).map((l) => parseLogLine(l)!);
    expect(records.map((r) => r.event)).toEqual(['CLIENT_CONNECTED', 'MESSAGE_RECEIVED', 'LOG_REOPENED', 'MESSAGE_SENT']);
    expect(records[2].fields).toEqual({ why: 'the log file was deleted', written_again: '2' });
    const times = records.map((r) => r.time);
    expect([...times].sort()).toEqual(times);
  });

  /** Date.now held at `at`, moved by hand: when the path is checked (every 250 ms) is then up to the test. */
  function clockAt(at: number) {
    const now = jest.spyOn(Date, 'now').mockReturnValue(at);
    return {
      set: (ms: number) => now.mockReturnValue(ms),
      [Symbol.dispose]: () => now.mockRestore(),
    };
  }

  it('should write again, byte for byte, lines in any script when the log file is deleted', async () => {
    using clock = clockAt(1_000_000);
    const { path, log } = setup();
    log.event(LogEvent.SERVER_START);
    await tick();
    // The next write checks the path (all is well) and forgets SERVER_START; the three after it are kept.
    clock.set(1_000_300);
    const texts = ['Титов Юрий Павлович М3О-3ХХБ-ХХ', 'emoji 👩‍👩‍👧 and 中文', 'ascii only'];
    for (const msg of texts) {
      log.event(LogEvent.MESSAGE_RECEIVED, { peer: '1.2.3.4:5', msg });
      await tick();
    }
    const written = readFileSync(path, 'utf8').split('\n').slice(1, -1);
    unlinkSync(path);
    clock.set(1_000_600);
    log.event(LogEvent.SERVER_STOP);
    log.close();
    const again = lines(path);
    expect(again.slice(0, 3)).toEqual(written);
    expect(again.slice(0, 3).map((l) => parseLogLine(l)!.fields.msg)).toEqual(texts);
    expect(parseLogLine(again[3])!.fields).toEqual({ why: 'the log file was deleted', written_again: '3' });
  });

  it('should keep only the new lines of a write that also carried lines written again, when the file is deleted twice', async () => {
    using clock = clockAt(1_000_000);
    const { path, log } = setup();
    log.event(LogEvent.SERVER_START);
    await tick();
    clock.set(1_000_300);
    log.event(LogEvent.MESSAGE_RECEIVED, { peer: '1.2.3.4:5', msg: 'первая строка' });
    await tick();
    unlinkSync(path);
    // One write: the first line again, LOG_REOPENED, and the second line; only the second is kept (bytes after Cyrillic text).
    clock.set(1_000_600);
    log.event(LogEvent.MESSAGE_RECEIVED, { peer: '1.2.3.4:5', msg: 'вторая строка' });
    await tick();
    unlinkSync(path);
    clock.set(1_000_900);
    log.event(LogEvent.MESSAGE_RECEIVED, { peer: '1.2.3.4:5', msg: 'третья строка' });
    log.close();
    const records = lines(path).map((l) => parseLogLine(l)!);
    expect(records.map((r) => [r.event, r.fields.msg ?? r.fields.written_again])).toEqual([
      ['MESSAGE_RECEIVED', 'вторая строка'],
      ['LOG_REOPENED', '1'],
      ['MESSAGE_RECEIVED', 'третья строка'],
    ]);
  });

  it('should not write again lines after a write that failed part-way: the lines that got in are counted lost with the file', async () => {
    using clock = clockAt(1_000_000);
    const { path, log, disk } = setup();
    log.event(LogEvent.SERVER_START);
    await tick();
    clock.set(1_000_300);
    log.event(LogEvent.MESSAGE_RECEIVED, { peer: '1.2.3.4:5', msg: 'a' });
    await tick();
    const oneLine = readFileSync(path).length - readFileSync(path, 'utf8').indexOf('\n') - 1;
    // Room for one line and a half: in one batch, the first line gets in, the second is torn.
    disk.space = Math.floor(oneLine * 1.5);
    log.event(LogEvent.MESSAGE_RECEIVED, { peer: '1.2.3.4:5', msg: 'b' });
    log.event(LogEvent.MESSAGE_RECEIVED, { peer: '1.2.3.4:5', msg: 'c' });
    await tick();
    disk.space = Infinity;
    log.event(LogEvent.MESSAGE_RECEIVED, { peer: '1.2.3.4:5', msg: 'd' });
    await tick();
    unlinkSync(path);
    clock.set(1_000_600);
    log.event(LogEvent.SERVER_STOP);
    log.close();
    // a was kept; b got in but is not kept, so neither is d: a is written again, b and d are counted lost.
    const records = lines(path).map((l) => parseLogLine(l)!);
    expect(records.map((r) => [r.event, r.fields.msg ?? r.fields.written_again ?? r.fields.lost])).toEqual([
      ['MESSAGE_RECEIVED', 'a'],
      ['LOG_REOPENED', '1'],
      ['LOG_RECOVERED', '2'],
      ['SERVER_STOP', undefined],
    ]);
  });

  it('should keep at most 4 MiB of lines to write again, and count the rest lost', async () => {
    // The clock stands still, so no check of the path comes between the writes and the deletion.
    using clock = clockAt(1_000_000);
    const { path, log } = setup();
    log.event(LogEvent.SERVER_START);
    await tick();
    // About 2 KiB a line (Cyrillic takes 2 bytes), 3,000 lines: about 6 MiB, in batches of at most 64 Ki characters.
    const msg = 'ю'.repeat(1000);
    for (let i = 0; i < 3000; i += 1) log.event(LogEvent.MESSAGE_RECEIVED, { peer: '1.2.3.4:5', msg: `${i} ${msg}` });
    await tick();
    unlinkSync(path);
    clock.set(1_001_000);
    log.event(LogEvent.SERVER_STOP);
    log.close();
    const raw = lines(path);
    const records = raw.map((l) => parseLogLine(l)!);
    // Written again: SERVER_START (no check came after it either), then the first messages, in order.
    const at = records.findIndex((r) => r.event === 'LOG_REOPENED');
    const messagesAgain = records.slice(1, at);
    expect(records[0].event).toBe('SERVER_START');
    expect(messagesAgain.map((r) => Number(r.fields.msg.split(' ')[0]))).toEqual([...messagesAgain.keys()]);
    // As many as fit in 4 MiB: whole batches, so less by at most one batch (64 Ki characters, up to 3 bytes each).
    const bytes = raw.slice(0, at).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    expect(bytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(bytes).toBeGreaterThan(4 * 1024 * 1024 - 3 * 64 * 1024);
    expect(Number(records[at].fields.written_again)).toBe(at);
    expect(records[at + 1].event).toBe('LOG_RECOVERED');
    expect(Number(records[at + 1].fields.lost)).toBe(3000 - messagesAgain.length);
    expect(said('the log file was deleted before these events could be written again')).toBe(1);
  });

  it('should let go of the bytes it kept for a busy quarter second once a quiet one follows', async () => {
    // A garbage collection on demand (what --expose-gc gives), without restarting jest's Node.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // V8 frees the memory of collected buffers on a background thread: collect twice, and give it a moment.
    const held = async () => {
      gc();
      await new Promise((r) => setTimeout(r, 50));
      gc();
      await new Promise((r) => setTimeout(r, 50));
      return process.memoryUsage().arrayBuffers;
    };
    using clock = clockAt(1_000_000);
    const { log } = setup();
    log.event(LogEvent.SERVER_START);
    await tick();
    const before = await held();
    // A busy quarter second: about 3 MiB of lines kept (in a buffer grown to 4 MiB).
    const msg = 'ю'.repeat(1000);
    for (let i = 0; i < 1500; i += 1) log.event(LogEvent.MESSAGE_RECEIVED, { peer: '1.2.3.4:5', msg });
    await tick();
    expect((await held()) - before).toBeGreaterThan(3 * 1024 * 1024);
    // The check after it finds the buffer well used and keeps it; the check after a quiet quarter second lets it go.
    clock.set(1_000_300);
    log.event(LogEvent.SERVER_STOP);
    await tick();
    expect((await held()) - before).toBeGreaterThan(3 * 1024 * 1024);
    clock.set(1_000_600);
    log.event(LogEvent.SERVER_STOP);
    await tick();
    expect((await held()) - before).toBeLessThan(1024 * 1024);
    log.close();
  });

  it('should open the path again when the log file is renamed, leaving the old lines in the renamed file', async () => {
    const { path, log } = setup();
    log.event(LogEvent.SERVER_START);
    await tick();
    renameSync(path, path + '.1');
    log.event(LogEvent.CLIENT_CONNECTED, { peer: '1.2.3.4:5' });
    await new Promise((r) => setTimeout(r, 300));
    log.event(LogEvent.SERVER_STOP);
    log.close();
    expect(lines(path + '.1').map((l) => parseLogLine(l)!.event)).toEqual(['SERVER_START', 'CLIENT_CONNECTED']);
    const records = lines(path).map((l) => parseLogLine(l)!);
    expect(records.map((r) => r.event)).toEqual(['LOG_REOPENED', 'SERVER_STOP']);
    expect(records[0].fields.why).toMatch(/renamed/);
  });

  it('should refuse a FIFO at once with a readable message instead of hanging, and a directory', () => {
    const dir = tempDir('mirror-lab-unit-');
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    const started = Date.now();
    expect(() => LogFile.open(join(dir, 'fifo'))).toThrow(
      `cannot open log file ${join(dir, 'fifo')} for appending: that path is a FIFO (named pipe), not a regular file`,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    mkdirSync(join(dir, 'd'));
    expect(() => LogFile.open(join(dir, 'd'))).toThrow('that path is a directory, not a regular file');
  });
});
