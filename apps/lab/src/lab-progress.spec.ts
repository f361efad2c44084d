import { jest } from '@jest/globals';
// By path: @app/common's index loads nest-winston, which Jest cannot (see lab-options.spec.ts).
import { messages } from '../../../libs/common/src/i18n/messages.js';
import { LabProgress } from './lab-progress.js';

describe(LabProgress.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('should measure elapsed time on its monotonic clock, not the wall clock a person or NTP may step back', () => {
    let mono = 1000;
    const lines: string[] = [];
    const progress = new LabProgress(
      messages('en'),
      () => mono,
      (text) => void lines.push(text),
    );
    const wall = jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 0, 1, 12));
    progress.begin('server-sync', 2);
    // The wall clock steps back an hour while 1.5 s pass.
    wall.mockReturnValue(Date.UTC(2026, 0, 1, 11));
    mono += 1500;
    progress.clientDone(1, 0);
    expect(lines.at(-1)).toMatch(/ at 1\.5 s\n$/);
  });

  it('should write the elapsed time with a decimal comma in Russian', () => {
    let mono = 0;
    const lines: string[] = [];
    const progress = new LabProgress(
      messages('ru'),
      () => mono,
      (text) => void lines.push(text),
    );
    progress.begin('server-sync', 1);
    mono += 4800;
    progress.clientDone(1, 0);
    expect(lines.at(-1)).toMatch(/4,8 с\n$/);
  });
});
