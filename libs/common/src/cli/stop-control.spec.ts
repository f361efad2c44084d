import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { CONTROL_ENV, requestStop, watchStopControl } from './stop-control.js';

/** Lets the stream's queued events run. */
const settle = () => new Promise((r) => setImmediate(r));

/** `null`: the variable is not set. */
function watched(value: string | null = 'stdin') {
  const env: NodeJS.ProcessEnv = { OTHER: 'kept', ...(value !== null && { [CONTROL_ENV]: value }) };
  const stdin = new PassThrough();
  let stops = 0;
  const watching = watchStopControl(() => (stops += 1), env, stdin);
  return { env, stdin, watching, stops: () => stops };
}

describe(watchStopControl.name, () => {
  it('should stop once on a stop line, and ignore other lines before it', async () => {
    const { stdin, watching, stops } = watched();
    expect(watching).toBe(true);
    stdin.write('hello\nstopped\n');
    await settle();
    expect(stops()).toBe(0);
    stdin.write('st');
    stdin.write('op\r\n');
    await settle();
    expect(stops()).toBe(1);
    // The lab writes `stop` and then ends the pipe: one stop, not a second (forcing) one.
    stdin.end('stop\n');
    await settle();
    expect(stops()).toBe(1);
  });

  it('should stop when stdin ends, as it does when the parent dies', async () => {
    const { stdin, stops } = watched();
    stdin.end();
    await settle();
    expect(stops()).toBe(1);
  });

  it('should stop when stdin fails', async () => {
    const { stdin, stops } = watched();
    stdin.destroy(new Error('EBADF'));
    await settle();
    expect(stops()).toBe(1);
  });

  it('should not read stdin without the variable or with another value, and should remove the variable', async () => {
    for (const value of [null, 'ipc']) {
      const { env, stdin, watching, stops } = watched(value);
      expect(watching).toBe(false);
      stdin.end('stop\n');
      await settle();
      expect(stops()).toBe(0);
      expect(env).toEqual({ OTHER: 'kept' });
    }
    // Taken, the variable is gone too: what this process starts does not inherit it.
    expect(watched().env).toEqual({ OTHER: 'kept' });
  });

  it('should see a stop line after a 10 MB line without an end (only its tail is kept)', async () => {
    const { stdin, stops } = watched();
    for (let i = 0; i < 100; i += 1) stdin.write('x'.repeat(100_000));
    stdin.write('\nstop\n');
    await settle();
    expect(stops()).toBe(1);
  });
});

describe(requestStop.name, () => {
  it('should write the stop line and end the child stdin', async () => {
    const child = spawn(process.execPath, ['-e', 'process.stdin.pipe(process.stdout)'], { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    expect(requestStop(child)).toBe(true);
    // The child sees the end of its stdin: it exits by itself.
    const code = await new Promise((done) => child.once('close', done));
    expect(code).toBe(0);
    expect(out).toBe('stop\n');
    expect(requestStop(child)).toBe(false);
  });

  it('should say so when the child has no stdin pipe', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    expect(requestStop(child)).toBe(false);
    await new Promise((done) => child.once('close', done));
  });
});
