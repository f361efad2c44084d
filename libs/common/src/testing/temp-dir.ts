import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const madeDirs: string[] = [];

/**
 * A fresh directory in the system's temp directory. It is removed, with
 * everything in it, when the test file is done (KEEP_TEST_DIRS=1 keeps it, to
 * look at the logs): servers under test write large logs there.
 */
export function tempDir(prefix = 'mirror-lab-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

// Registered at the top level of every test file that imports this module, so
// it runs after the file's own describe blocks have stopped their servers.
afterAll(() => {
  if (process.env.KEEP_TEST_DIRS) return;
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
