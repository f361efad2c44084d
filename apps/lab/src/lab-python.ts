import { spawnSync } from 'node:child_process';

/** The oldest Python the client supports (clients/python/client.py). */
export const MIN_PYTHON: readonly [number, number] = [3, 8];

/** A way to start Python: the program and the arguments that come before the script. */
export interface PythonCommand {
  file: string;
  args: string[];
  /** As a person types it: `py -3`, `python3`. */
  shown: string;
}

/** The Python the lab found, or why none would do. */
export type PythonFound =
  { ok: true; command: PythonCommand; version: string } | { ok: false; tried: Array<{ shown: string; result: string }> };

const command = (file: string, ...args: string[]): PythonCommand => ({ file, args, shown: [file, ...args].join(' ') });

/**
 * Where Python is, in the order a student's machine is likely to have it:
 * on Windows the launcher `py -3` (the python3 there may be the Store's
 * stub, which opens the Store); elsewhere `python3`, then `python` (some
 * distributions and every venv have it), then `py -3` (the launcher exists
 * for Linux too).
 */
export function pythonCandidates(platform: NodeJS.Platform = process.platform): PythonCommand[] {
  return platform === 'win32'
    ? [command('py', '-3'), command('python3'), command('python')]
    : [command('python3'), command('python'), command('py', '-3')];
}

/** What running `python -c` with the version probe gave: its stdout, or why it did not run. */
export type Probe = (c: PythonCommand) => { stdout?: string; error?: string };

const VERSION_PROBE = 'import sys; print("%d.%d.%d" % sys.version_info[:3])';

/** Runs the probe for real, briefly: a Python that hangs is no Python. */
export const runProbe: Probe = (c) => {
  const run = spawnSync(c.file, [...c.args, '-c', VERSION_PROBE], { encoding: 'utf8', timeout: 10_000, windowsHide: true });
  if (run.error) return { error: (run.error as NodeJS.ErrnoException).code ?? run.error.message };
  if (run.status !== 0) return { error: `exit ${run.status ?? run.signal}` };
  return { stdout: run.stdout };
};

/** The first candidate whose Python is at least MIN_PYTHON; each one's answer otherwise, to say why. */
export function findPython(candidates: PythonCommand[] = pythonCandidates(), probe: Probe = runProbe): PythonFound {
  const tried: Array<{ shown: string; result: string }> = [];
  for (const c of candidates) {
    const { stdout, error } = probe(c);
    const match = /^(\d+)\.(\d+)\.(\d+)\s*$/.exec(stdout ?? '');
    if (!match) {
      tried.push({ shown: c.shown, result: error ?? (stdout ?? '').trim().slice(0, 80) });
      continue;
    }
    const [major, minor] = [Number(match[1]), Number(match[2])];
    const version = `${match[1]}.${match[2]}.${match[3]}`;
    if (major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1])) return { ok: true, command: c, version };
    tried.push({ shown: c.shown, result: version });
  }
  return { ok: false, tried };
}
