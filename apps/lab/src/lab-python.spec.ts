import { findPython, pythonCandidates, type Probe, type PythonCommand } from './lab-python.js';

/** A probe that answers from a table, as `python -c` would print its version. */
const probeFrom =
  (answers: Record<string, { stdout?: string; error?: string }>): Probe =>
  (c: PythonCommand) =>
    answers[c.shown] ?? { error: 'ENOENT' };

describe(findPython.name, () => {
  it('should try py -3 first on Windows and python3 first elsewhere', () => {
    expect(pythonCandidates('win32').map((c) => c.shown)).toEqual(['py -3', 'python3', 'python']);
    expect(pythonCandidates('linux').map((c) => c.shown)).toEqual(['python3', 'python', 'py -3']);
    expect(pythonCandidates('win32')[0]).toMatchObject({ file: 'py', args: ['-3'] });
  });

  it('should take the first Python that is 3.8 or newer, skipping an old one and a missing one', () => {
    const found = findPython(
      pythonCandidates('linux'),
      probeFrom({ python3: { stdout: '3.6.15\n' }, python: { stdout: '3.12.1\n' } }),
    );
    expect(found).toEqual({ ok: true, command: { file: 'python', args: [], shown: 'python' }, version: '3.12.1' });
    expect(findPython(pythonCandidates('linux'), probeFrom({ python3: { stdout: '3.8.0\r\n' } }))).toMatchObject({
      ok: true,
      version: '3.8.0',
    });
  });

  it('should say what each candidate answered when none will do', () => {
    const found = findPython(
      pythonCandidates('win32'),
      probeFrom({
        'py -3': { error: 'exit 103' },
        python3: { stdout: 'Python was not found; run without arguments' },
        python: { stdout: '2.7.18\n' },
      }),
    );
    expect(found).toEqual({
      ok: false,
      tried: [
        { shown: 'py -3', result: 'exit 103' },
        { shown: 'python3', result: 'Python was not found; run without arguments' },
        { shown: 'python', result: '2.7.18' },
      ],
    });
  });

  it('should find the Python of this machine with the real probe', () => {
    // The test machine has python3 (the Python client's tests need it).
    expect(findPython()).toMatchObject({ ok: true, version: expect.stringMatching(/^3\.\d+\.\d+$/) });
  });
});
