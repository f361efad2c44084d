import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { events, readLog, runApp, tempDir } from './helpers.js';

describe('lab demo with pauses past the default session limits', () => {
  it('should get every reply with --send-after 31000 (the default session.idle_ms is 30000)', async () => {
    const out = tempDir('mirror-lab-limits-');
    const exit = await runApp('lab', [
      '--servers',
      'sync',
      '--clients',
      '1',
      '--delay',
      '100',
      '--send-after',
      '31000',
      '--linger',
      '0',
      '--lang',
      'en',
      '--out',
      out,
    ]).exited;
    expect(exit.code).toBe(0);
    const dir = /Report \(HTML\): +(.*)\/report\.html/.exec(exit.stdout)?.[1] ?? '';
    const log = readLog(join(dir, 'server-sync', 'logs', 'client-1.log'));
    expect(events(log, 'RECEIVED')).toHaveLength(1);
    // The only client is the last one: it lingers until the server ends its session (docs/report.md).
    expect(events(log, 'DISCONNECTED')[0].fields.reason).toBe('server-closed');
    const server = readLog(join(dir, 'server-sync', 'logs', 'server-sync.log'));
    expect(events(server, 'CLIENT_DISCONNECTED')[0].fields.reason).toBe('session-timeout');
    // Above the 31 s pause and the last client's linger (35 s), with 10 s of slack.
    expect(readFileSync(join(dir, 'server-sync', 'config', 'server-sync.ini'), 'utf8')).toMatch(/idle_ms = 45000/);
  }, 120_000);
});
