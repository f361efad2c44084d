import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventLog } from '../log/event-log.js';
import { LogFile } from '../log/log-file.js';
import { LogEvent } from '../log/log.constants.js';
import { readLog } from './read-log.js';
import { tempDir } from './temp-dir.js';

describe(readLog.name, () => {
  // What a reader can see while another process's write(2) of many lines is copied in page by page.
  function logWithAWriteInProgress(): string {
    const path = join(tempDir('mirror-lab-unit-'), 'f.log');
    const log = new EventLog(LogFile.open(path), { app: 'server-sync', pid: 9 });
    log.event(LogEvent.SERVER_START, { port: 1 });
    log.close();
    appendFileSync(path, '2026-12-04T16:56:07.242+00:00 server-sync[9] MESSAGE_RECEIVED peer=1.2.3.4:5 msg="Тит');
    return path;
  }

  it('should fail on an unterminated last line in a final read', () => {
    expect(() => readLog(logWithAWriteInProgress())).toThrow('last line is not terminated');
  });

  it('should leave an unterminated last line for the next read while the file is written', () => {
    expect(readLog(logWithAWriteInProgress(), true).map((r) => r.event)).toEqual(['SERVER_START']);
  });
});
