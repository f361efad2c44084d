import { execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../testing/index.js';
import { ConfigError } from './config.error.js';
import { decodeConfigText, MAX_CONFIG_BYTES, readConfigText } from './config.reader.js';

const FILE = 'x.ini';
const failure = (run: () => unknown): ConfigError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};
const decode = (bytes: number[] | Buffer) => decodeConfigText(Buffer.from(bytes), FILE);

describe(decodeConfigText.name, () => {
  it('should read UTF-8 with and without a BOM alike', () => {
    const text = '[reply]\nsignature = Сервер написан\n';
    expect(decode(Buffer.from(text))).toBe(text);
    expect(decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
  });

  it('should refuse Windows-1251 text, naming the line, the column and the byte, and suggest UTF-8', () => {
    // "[reply]\nsignature = Сервер" in Windows-1251: С = 0xD1, е = 0xE5.
    const cp1251 = Buffer.concat([Buffer.from('[reply]\nsignature = '), Buffer.from([0xd1, 0xe5, 0xf0, 0xe2, 0xe5, 0xf0, 0x0a])]);
    const error = failure(() => decode(cp1251));
    expect(error.code).toBe('CONFIG_NOT_UTF8');
    expect(error.params).toMatchObject({ file: FILE, line: 2, column: 13, byte: 0xd1 });
    expect(error.message).toBe(
      'x.ini: line 2: not valid UTF-8 (byte 0xD1 at column 13; is the file in Windows-1251 or another code page?); ' +
        'save it as UTF-8 (Notepad: File → Save as → Encoding: UTF-8)',
    );
  });

  it('should count columns in characters, past valid Cyrillic and a real U+FFFD', () => {
    const line = Buffer.concat([Buffer.from('я\ufffdя'), Buffer.from([0xff])]);
    expect(failure(() => decode(Buffer.concat([Buffer.from('a\nb\n'), line]))).params).toMatchObject({ line: 3, column: 4, byte: 0xff });
  });

  it('should refuse a truncated UTF-8 sequence at the very end', () => {
    expect(failure(() => decode([0x61, 0xd0])).params).toMatchObject({ line: 1, column: 2, byte: 0xd0 });
  });

  it.each([
    ['UTF-16LE', [0xff, 0xfe, 0x5b, 0x00]],
    ['UTF-16BE', [0xfe, 0xff, 0x00, 0x5b]],
  ])('should refuse %s with a BOM as UTF-16', (_name, bytes) => {
    const error = failure(() => decode(bytes));
    expect(error.code).toBe('CONFIG_UTF16');
    expect(error.message).toContain('is saved as UTF-16 ("Unicode"), not UTF-8; save it as UTF-8');
  });

  it('should refuse a NUL byte (UTF-16 without a BOM is valid UTF-8 otherwise)', () => {
    const utf16 = Buffer.from('[server]\nport = 1\n', 'utf16le');
    const error = failure(() => decode(Buffer.concat([Buffer.from('; x\n'), utf16])));
    expect(error.code).toBe('CONFIG_NOT_TEXT');
    expect(error.params).toMatchObject({ line: 2 });
  });
});

describe(readConfigText.name, () => {
  it('should read a file of exactly MAX_CONFIG_BYTES and refuse one byte more', () => {
    const dir = tempDir();
    const file = join(dir, 'big.ini');
    writeFileSync(file, `[reply]\nsignature = ${'x'.repeat(MAX_CONFIG_BYTES - 21)}\n`);
    expect(readConfigText(file)).toHaveLength(MAX_CONFIG_BYTES);
    writeFileSync(file, 'x', { flag: 'a' });
    const error = failure(() => readConfigText(file));
    expect(error.code).toBe('CONFIG_FILE_TOO_LARGE');
    expect(error.message).toBe(
      `${file}: is larger than 1048576 bytes, too large for a config file (the shipped ones are about 2 KB); is it the right file?`,
    );
  });

  it('should refuse a 10 GB file and an endless one after reading only the limit, and a FIFO without opening it', () => {
    const file = join(tempDir(), 'sparse.ini');
    writeFileSync(file, '[reply]\nsignature = ');
    truncateSync(file, 10 * 1024 ** 3);
    const before = process.memoryUsage().rss;
    expect(failure(() => readConfigText(file)).code).toBe('CONFIG_FILE_TOO_LARGE');
    expect(failure(() => readConfigText('/dev/zero')).code).toBe('CONFIG_FILE_TOO_LARGE');
    expect(readConfigText('/dev/null')).toBe('');
    // A FIFO nobody writes to: opening it would wait for ever.
    const fifo = join(tempDir(), 'fifo.ini');
    execFileSync('mkfifo', [fifo]);
    expect(failure(() => readConfigText(fifo)).message).toBe(
      `${fifo}: is a FIFO or a socket, not a file: settings are read from a regular file`,
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('should name a missing file and a directory', () => {
    const dir = tempDir();
    expect(failure(() => readConfigText(join(dir, 'none.ini'))).message).toBe(`${join(dir, 'none.ini')}: config file not found (pass --config FILE)`);
    mkdirSync(join(dir, 'd.ini'));
    expect(failure(() => readConfigText(join(dir, 'd.ini'))).code).toBe('CONFIG_FILE_IS_DIRECTORY');
  });
});
