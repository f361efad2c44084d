import type { RoundData } from './class-data.js';
import type { ServerConnection } from './one-clock.js';
import { roundMermaid } from './round-timeline.js';

const T = Date.parse('2026-12-07T10:00:00.000Z');
const conn = (peer: string, at: number, end: number): ServerConnection => ({
  peer,
  arrived: T + at,
  queued: false,
  served: T + at,
  requests: [{ received: T + at + 100, sent: T + end - 50 }],
  message: 'Иванов Иван ИВТ-1',
  disconnected: T + end,
  reason: 'client-closed',
});

/** A round of three minutes: the last student connected 150 s after the first. */
const round: RoundData = {
  round: { index: 1, key: 'sync', app: 'server-sync', name: 'round-1-server-sync', status: 'done' },
  configText: '',
  logText: '',
  connections: [conn('10.0.0.7:5000', 0, 2100), conn('10.0.0.8:5000', 150_000, 152_100)],
  condition: { met: false, arrivedWhileWaiting: [] },
  threadExits: [],
};

describe(roundMermaid.name, () => {
  it('should draw a round longer than a minute on a clock axis, where 150 s after the start is not 30 s', () => {
    const chart = roundMermaid(round);
    expect(chart).toContain('axisFormat %H:%M:%S');
    expect(chart).not.toMatch(/axisFormat %S$/m);
    const tasks = [...chart.matchAll(/ : c(\d), (\d+), (\d+)$/gm)].map((m) => [Number(m[2]), Number(m[3])]);
    // Times of day (ms since the epoch), so a viewer places the second student 2.5 minutes after the first.
    expect(tasks).toEqual([
      [T, T + 2100],
      [T + 150_000, T + 152_100],
    ]);
  });
});
