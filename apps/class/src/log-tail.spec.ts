import { jest } from '@jest/globals';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// By path: test helpers are not part of @app/common.
import { tempDir } from '../../../libs/common/src/testing/index.js';

// @app/common's index pulls in nest-winston, which Jest's ESM runtime cannot load here (see lab-options.spec.ts).
jest.unstable_mockModule('nest-winston', () => ({ WinstonModule: {}, utilities: { format: {} } }));
const { LogTail } = await import('./log-tail.js');

const line = (event: string, fields: string) => `2026-12-07T10:00:00.000+03:00 server-sync[7] ${event} ${fields}\n`;

describe(LogTail.name, () => {
  it('should return nothing for a log not yet made, then each complete line once', () => {
    const file = join(tempDir(), 'server.log');
    const tail = new LogTail(file);
    expect(tail.poll()).toEqual([]);
    writeFileSync(file, line('CLIENT_CONNECTED', 'peer=10.0.0.7:1') + line('MESSAGE_RECEIVED', 'peer=10.0.0.7:1 msg=a'));
    expect(tail.poll().map((r) => r.event)).toEqual(['CLIENT_CONNECTED', 'MESSAGE_RECEIVED']);
    expect(tail.poll()).toEqual([]);
    expect(tail.records).toHaveLength(2);
  });

  it('should keep a half-written line, split inside a UTF-8 character, for the next poll', () => {
    const file = join(tempDir(), 'server.log');
    const tail = new LogTail(file);
    const bytes = Buffer.from(line('MESSAGE_RECEIVED', 'peer=10.0.0.7:1 msg="Иванов Иван"'));
    const cut = bytes.indexOf(Buffer.from('в')) + 1; // between the two bytes of "в"
    writeFileSync(file, bytes.subarray(0, cut));
    expect(tail.poll()).toEqual([]);
    appendFileSync(file, bytes.subarray(cut));
    expect(tail.poll().map((r) => r.fields.msg)).toEqual(['Иванов Иван']);
  });

  it('should skip a line that is not a log line (a fragment torn by a full disk)', () => {
    const file = join(tempDir(), 'server.log');
    writeFileSync(file, '2026-12-07T10:00:00.000+03:00 server-sy\n' + line('SERVER_STOP', 'signal=stdin'));
    expect(new LogTail(file).poll().map((r) => r.event)).toEqual(['SERVER_STOP']);
  });
});
