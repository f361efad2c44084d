import { readFileSync } from 'node:fs';
import { parseLogLine, type LogRecord } from '../log/log-line.js';

/**
 * Reads a log file; every line must parse (docs/spec.md#6-logs), or the test fails.
 *
 * `whileWritten`: the app may be writing it right now. One write(2) of many
 * lines is not one step for a reader: Linux copies it into the file page by
 * page and moves the file's end after each, so a read can end inside the
 * write's last line. Polls pass `true`, and such an unfinished last line is
 * left for the next read; a test's final read leaves it `false`, where any
 * unterminated line fails.
 */
export function readLog(file: string, whileWritten = false): LogRecord[] {
  let text = readFileSync(file, 'utf8');
  if (text.length > 0 && !text.endsWith('\n')) {
    if (!whileWritten) throw new Error(`${file}: last line is not terminated`);
    text = text.slice(0, text.lastIndexOf('\n') + 1);
  }
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const record = parseLogLine(line);
      if (!record) throw new Error(`${file}: line does not parse: ${JSON.stringify(line)}`);
      return record;
    });
}

export const events = (records: LogRecord[], event: string) => records.filter((r) => r.event === event);
