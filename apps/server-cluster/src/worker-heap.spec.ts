import { WORKER_SEMI_SPACE_MB, workerExecArgv } from './worker-heap.js';

describe(workerExecArgv.name, () => {
  const ceiling = `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`;

  it('should add the semi-space ceiling to the primary own options', () => {
    expect(workerExecArgv(['--enable-source-maps'])).toEqual(['--enable-source-maps', ceiling]);
    expect(workerExecArgv([], '--trace-warnings')).toEqual([ceiling]);
  });

  it('should keep a ceiling the user set on the command line, in either spelling', () => {
    expect(workerExecArgv(['--max-semi-space-size=32'])).toEqual(['--max-semi-space-size=32']);
    expect(workerExecArgv(['--max_semi_space_size', '8'])).toEqual(['--max_semi_space_size', '8']);
  });

  it('should keep a ceiling the user set in NODE_OPTIONS', () => {
    expect(workerExecArgv([], '--trace-warnings  --max-semi-space-size=64')).toEqual([]);
  });

  it('should not take a different flag with the same start for it', () => {
    expect(workerExecArgv(['--max-semi-space-sizes=1'])).toEqual(['--max-semi-space-sizes=1', ceiling]);
  });
});
