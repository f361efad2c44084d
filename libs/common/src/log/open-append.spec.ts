import { closeSync, existsSync, fstatSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openAppend } from './open-append.js';
import { tempDir } from '../testing/index.js';

describe(openAppend.name, () => {
  it('should make the missing directories and append after what the file already holds', () => {
    const path = join(tempDir('mirror-lab-unit-'), 'a', 'b', 'f.log');
    const first = openAppend(path);
    writeSync(first, 'one\n');
    closeSync(first);
    const second = openAppend(path);
    writeSync(second, 'two\n');
    expect(fstatSync(second).isFile()).toBe(true);
    closeSync(second);
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\n');
  });

  it('should write at the end even after another writer made the file longer', () => {
    const path = join(tempDir('mirror-lab-unit-'), 'f.log');
    const fd = openAppend(path);
    writeFileSync(path, 'someone else\n', { flag: 'a' });
    writeSync(fd, 'ours\n');
    closeSync(fd);
    expect(readFileSync(path, 'utf8')).toBe('someone else\nours\n');
  });

  it('should stop with a readable error, not spin, for a path under /proc', () => {
    const started = Date.now();
    expect(() => openAppend('/proc/mirror-lab-none/x/f.log')).toThrow(/^cannot open log file \/proc\/mirror-lab-none\/x\/f\.log/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(existsSync('/proc/mirror-lab-none')).toBe(false);
  });

  it('should refuse a path that is a directory, naming what it is', () => {
    expect(() => openAppend(tempDir('mirror-lab-unit-'))).toThrow('that path is a directory, not a regular file');
  });
});
