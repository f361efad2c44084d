import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import { jest } from '@jest/globals';
import { echoPerSecondFrom, EventLog } from './event-log.js';
import { LogFile } from './log-file.js';
import { parseLogLine } from './log-line.js';
import { LogEvent } from './log.constants.js';
import { tempDir } from '../testing/index.js';

class Collect implements LoggerService {
  readonly lines: string[] = [];
  log(message: string): void {
    this.lines.push(message);
  }
  error(): void {}
  warn(): void {}
}

describe(EventLog.name, () => {
  // The echo's one-second window runs on a fake clock: the test takes no real
  // second, and the summary must appear exactly when the second is up.
  afterEach(() => jest.useRealTimers());

  it('should write every event to the file but echo at most echoPerSecond a second, then say how many were not shown', () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const path = join(tempDir('mirror-lab-unit-'), 'e.log');
    const echo = new Collect();
    const log = new EventLog(LogFile.open(path), { app: 'server-test', echo, echoPerSecond: 3 });
    for (let i = 0; i < 10; i += 1) log.event(LogEvent.MESSAGE_RECEIVED, { peer: '127.0.0.1:1', msg: `m${i}` });
    expect(echo.lines).toEqual([
      'MESSAGE_RECEIVED peer=127.0.0.1:1 msg=m0',
      'MESSAGE_RECEIVED peer=127.0.0.1:1 msg=m1',
      'MESSAGE_RECEIVED peer=127.0.0.1:1 msg=m2',
    ]);
    jest.advanceTimersByTime(999);
    expect(echo.lines).toHaveLength(3);
    jest.advanceTimersByTime(1);
    expect(echo.lines).toHaveLength(4);
    expect(echo.lines[3]).toBe(`... and 7 more events, not shown here (every event is in ${path})`);
    // A new second: the echo shows events again.
    log.event(LogEvent.MESSAGE_RECEIVED, { peer: '127.0.0.1:1', msg: 'm10' });
    expect(echo.lines[4]).toBe('MESSAGE_RECEIVED peer=127.0.0.1:1 msg=m10');
    log.close();
    const written = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(written).toHaveLength(11);
    expect(written[9]).toMatch(/ server-test\[\d+\] MESSAGE_RECEIVED peer=127\.0\.0\.1:1 msg=m9$/);
  });

  it('should take the echo rate from MIRROR_LAB_ECHO_PER_SECOND only when it is a whole number', () => {
    expect(echoPerSecondFrom({ MIRROR_LAB_ECHO_PER_SECOND: '0' })).toBe(0);
    expect(echoPerSecondFrom({ MIRROR_LAB_ECHO_PER_SECOND: ' 12 ' })).toBe(12);
    for (const text of [undefined, '', 'none', '-1', '2.5', '1e3', '9999999999']) {
      expect(echoPerSecondFrom({ MIRROR_LAB_ECHO_PER_SECOND: text })).toBeUndefined();
    }
  });

  it('should echo no event with echoPerSecond 0, only the count a second', () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const path = join(tempDir('mirror-lab-unit-'), 'z.log');
    const echo = new Collect();
    const log = new EventLog(LogFile.open(path), { app: 'server-test', echo, echoPerSecond: 0 });
    for (let i = 0; i < 5; i += 1) log.event(LogEvent.MESSAGE_RECEIVED, { peer: '127.0.0.1:1', msg: `m${i}` });
    expect(echo.lines).toEqual([]);
    jest.advanceTimersByTime(1000);
    expect(echo.lines).toEqual([`... and 5 more events, not shown here (every event is in ${path})`]);
    log.close();
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(5);
  });

  it('should never write a time earlier than the one before when the clock is set back', () => {
    const path = join(tempDir('mirror-lab-unit-'), 'c.log');
    const log = new EventLog(LogFile.open(path), { app: 'server-test' });
    const clock = jest.spyOn(Date, 'now');
    try {
      for (const t of [Date.UTC(2026, 10, 24, 12, 0, 5), Date.UTC(2026, 10, 24, 12, 0, 1), Date.UTC(2026, 10, 24, 12, 0, 7)]) {
        clock.mockReturnValue(t);
        log.event(LogEvent.CLIENT_CONNECTED, { peer: '127.0.0.1:1' });
      }
    } finally {
      clock.mockRestore();
    }
    log.close();
    const times = readFileSync(path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => new Date(parseLogLine(l)!.time).getTime());
    expect(times).toEqual([Date.UTC(2026, 10, 24, 12, 0, 5), Date.UTC(2026, 10, 24, 12, 0, 5), Date.UTC(2026, 10, 24, 12, 0, 7)]);
  });
});
