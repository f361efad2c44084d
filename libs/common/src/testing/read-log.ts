import { readFileSync } from 'node:fs';
import { parseLogLine, type LogRecord } from '../log/log-line.js';

/** Reads a log file; every line must parse (SPEC §6), or the test fails. */
export function readLog(file: string): LogRecord[] {
  const text = readFileSync(file, 'utf8');
  if (text.length > 0 && !text.endsWith('\n')) throw new Error(`${file}: last line is not terminated`);
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
