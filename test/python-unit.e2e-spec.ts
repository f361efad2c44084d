import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

const PYTHON = process.env.PYTHON ?? 'python3';

describe('Python client unit tests (clients/python/test_client.py)', () => {
  it('should pass python3 -m unittest', () => {
    const run = spawnSync(PYTHON, ['-m', 'unittest', '-v', 'test_client'], {
      cwd: join(ROOT, 'clients/python'),
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', MIRROR_LAB_LANG: '' },
      encoding: 'utf8',
      timeout: 170_000,
    });
    if (run.error) throw new Error(`cannot run ${PYTHON}: ${run.error.message}`);
    // unittest reports on stderr; shown whole when it fails.
    expect({ status: run.status, signal: run.signal, output: run.status === 0 ? 'ok' : run.stderr }).toEqual({
      status: 0,
      signal: null,
      output: 'ok',
    });
    expect(run.stderr).toMatch(/^Ran \d+ tests in /m);
  }, 180_000);
});
