import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { WholeWriter, countLines, describeWriteError, type WriteFn } from './whole-write.js';
import { tempDir } from '../testing/index.js';

function file() {
  const path = join(tempDir('mirror-lab-unit-'), 'f.log');
  return { path, fd: openSync(path, 'a') };
}

describe(WholeWriter.name, () => {
  it('should go on after short writes until the whole text is in, as UTF-8', () => {
    const { path, fd } = file();
    const calls: number[] = [];
    // Three bytes at a time: every write is short.
    const short: WriteFn = (f, data, offset, length) => {
      calls.push(length);
      return writeSync(f, data, offset, Math.min(3, length));
    };
    const text = 'привет, мир\n'.repeat(3);
    const result = new WholeWriter(short).writeAll(fd, text);
    closeSync(fd);
    expect(result.error).toBeUndefined();
    expect(result.written).toBe(Buffer.byteLength(text));
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(calls.length).toBe(Math.ceil(Buffer.byteLength(text) / 3));
  });

  it('should stop with an error, not loop, on a write that makes no progress', () => {
    const { fd } = file();
    let calls = 0;
    const stuck: WriteFn = () => {
      calls += 1;
      return calls === 1 ? 4 : 0;
    };
    const result = new WholeWriter(stuck).writeAll(fd, 'abcdefgh\n');
    closeSync(fd);
    expect(result.written).toBe(4);
    expect(result.error).toBeInstanceOf(Error);
    expect(calls).toBe(2);
  });

  it('should tell how far a write got before it failed', () => {
    const { fd } = file();
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    let room = 5;
    const small: WriteFn = (f, data, offset, length) => {
      if (room === 0) throw enospc;
      const n = Math.min(room, length);
      room -= n;
      return writeSync(f, data, offset, n);
    };
    const result = new WholeWriter(small).writeAll(fd, 'ab\ncd\nef\n');
    closeSync(fd);
    expect(result).toMatchObject({ written: 5, error: enospc });
    expect(countLines(result.bytes, result.written)).toBe(1);
  });

  it('should give each call its own text, though the buffer is used again', () => {
    const { fd } = file();
    const seen: string[] = [];
    const keep: WriteFn = (_f, data, offset, length) => {
      seen.push(data.toString('utf8', offset, offset + length));
      return length;
    };
    const writer = new WholeWriter(keep);
    writer.writeAll(fd, 'a long first line\n');
    const second = writer.writeAll(fd, 'b\n');
    closeSync(fd);
    expect(seen).toEqual(['a long first line\n', 'b\n']);
    expect(second.bytes.toString()).toBe('b\n');
  });
});

describe(describeWriteError.name, () => {
  it('should word a known code from the catalogue and an unknown one by its code and message', () => {
    expect(describeWriteError(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toMatch(/disk|space/i);
    expect(describeWriteError(Object.assign(new Error('odd failure'), { code: 'EODD' }))).toBe('EODD: odd failure');
    expect(describeWriteError(new Error('no code'))).toBe('no code');
  });
});

describe(countLines.name, () => {
  it('should count the line feeds within the first bytes only', () => {
    const bytes = Buffer.from('a\nb\nc\n');
    expect([0, 1, 2, 3, 4, 6].map((n) => countLines(bytes, n))).toEqual([0, 0, 1, 1, 2, 3]);
  });
});
