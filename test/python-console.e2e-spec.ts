import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { messages } from '../libs/common/src/i18n/messages.js';
import {
  events,
  readLog,
  ROOT,
  SIGNATURE,
  startServer,
  waitFor,
  waitForEvents,
  writeIni,
  type RunningServer,
} from './helpers.js';

const PYTHON = process.env.PYTHON ?? 'python3';
const CLIENT_PY = join(ROOT, 'clients/python/client.py');
const XOFF = join(ROOT, 'test/fixtures/pty-xoff.py');

// The console shows the first 1000 characters of a message or a reply (the
// log has it whole): each line about an exchange is some 2 KB, so 120 of
// them are far past the console's 64 KiB backlog, a pipe's buffer and
// whatever Node reads ahead of a pipe nobody reads.
const MESSAGES = 60;
const MESSAGE = 'я'.repeat(30_000);
const REPLY = `${[...MESSAGE].reverse().join('')}. ${SIGNATURE}`;
// What the client says in a run: connecting, connected, sent and reply per exchange, disconnected, done.
const SAID_LINES = 2 + 2 * MESSAGES + 2;

/** A text as the console shows it (apps/client/src/client-console.ts, the same in client.py): cut past 1000 characters. */
const onConsole = (text: string, logFile: string) =>
  [...text].slice(0, 1000).join('') + messages('ru').client.say.cut([...text].length - 1000, logFile);

/**
 * The Python client writes its console in a thread of its own: a terminal
 * stopped by Ctrl-S (XOFF) or a pipe nobody reads never holds up the
 * exchange or the log. What the console could not take is dropped, counted,
 * and said in one line once it drains.
 */
describe('the Python client on a console that does not drain', () => {
  let server: RunningServer | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    child?.stdin?.end(); // the pty holder then stops its command
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = undefined;
    await server?.proc.stop('SIGTERM');
    server = undefined;
  });

  const start = async (linger_ms: number) => {
    server = await startServer({ sections: { work: { delay_ms: 20 }, shutdown: { grace_ms: 0 } } });
    const logFile = join(server.dir, 'py.log');
    const config = writeIni(join(server.dir, 'py.ini'), {
      server: { host: '127.0.0.1', port: server.port },
      client: { message: MESSAGE, messages: MESSAGES, send_after_ms: 0, interval_ms: 0, linger_ms },
      log: { file: logFile },
    });
    return { logFile, config };
  };

  /** The client in a pseudo-terminal stopped by Ctrl-S (test/fixtures/pty-xoff.py); `said` is what the holder printed. */
  const inStoppedTerminal = (config: string, logFile: string, lang: 'en' | 'ru') => {
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', MIRROR_LAB_LANG: lang };
    const holder = spawn('python3', [XOFF, PYTHON, CLIENT_PY, '--config', config], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    child = holder;
    const out = { said: '' };
    holder.stdout.setEncoding('utf8').on('data', (s: string) => (out.said += s));
    const ended = () =>
      waitFor(
        () => /^(exit|signal) (\d+)$/m.exec(out.said) ?? undefined,
        30_000,
        () => `the client did not end; the log holds ${readLog(logFile, true).length} lines`,
      );
    return { holder, out, ended };
  };

  const expectWholeLog = (logFile: string) => {
    const log = readLog(logFile);
    expect(log.map((r) => r.event)).toEqual([
      'CONNECTED',
      ...Array.from({ length: MESSAGES }, () => ['SENT', 'RECEIVED']).flat(),
      'DISCONNECTED',
    ]);
    expect(events(log, 'SENT').map((r) => r.fields.msg)).toEqual(Array(MESSAGES).fill(MESSAGE));
    expect(events(log, 'RECEIVED').map((r) => r.fields.msg)).toEqual(Array(MESSAGES).fill(REPLY));
    expect(events(log, 'DISCONNECTED')[0].fields.reason).toBe('done');
  };

  it('should finish its run, exit 0 and log every event while its terminal stays stopped', async () => {
    const { logFile, config } = await start(0);
    const { ended } = inStoppedTerminal(config, logFile, 'en');
    // Its stdin is left open: the holder stops the client only when it ends.
    const how = await ended();
    expect(how[0]).toBe('exit 0');
    expectWholeLog(logFile);
  }, 60_000);

  it('should say how many lines it dropped once Ctrl-Q resumes the terminal, and show the rest whole', async () => {
    // Lingering long enough for the test to resume the terminal while the client runs.
    const { logFile, config } = await start(5_000);
    const { holder, out, ended } = inStoppedTerminal(config, logFile, 'ru');
    await waitForEvents(logFile, 'RECEIVED', MESSAGES, 20_000);
    holder.stdin.write('resume\n');
    const how = await ended();
    expect(how[0]).toBe('exit 0');
    expectWholeLog(logFile);
    const shown = out.said.replace(/\r/g, '').split('\n');
    const notices = shown.filter((l) => l.startsWith('... '));
    expect(notices).toHaveLength(1);
    const dropped = Number(/^\.\.\. (\d+) строк\S* консоли пропущен\S*: терминал не принимал вывод/.exec(notices[0])?.[1]);
    expect(dropped).toBeGreaterThan(0);
    const said = shown.filter((l) => /^\d\d:\d\d:\d\d\.\d{3} /.test(l));
    // Every line either shown whole or counted; the last one, after the terminal resumed, shown.
    expect(said.length + dropped).toBe(SAID_LINES);
    for (const l of said.filter((l) => l.includes(' отправлено')))
      expect(l.endsWith(`: ${onConsole(MESSAGE, logFile)}`)).toBe(true);
    for (const l of said.filter((l) => l.includes(' ответ ('))) expect(l.endsWith(`: ${onConsole(REPLY, logFile)}`)).toBe(true);
    expect(said.filter((l) => l.includes(' ответ (')).length).toBeGreaterThan(0);
    expect(said.at(-1)).toMatch(/готово: получено 60 ответов/);
    expect(shown.indexOf(notices[0])).toBeLessThan(shown.indexOf(said.at(-1)!));
  }, 60_000);

  it('should finish its run and exit 0 while nobody reads its stdout pipe', async () => {
    const { logFile, config } = await start(0);
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', MIRROR_LAB_LANG: 'en' };
    const proc = spawn(PYTHON, [CLIENT_PY, '--config', config], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout.pause(); // never read: Node stops reading the pipe once its own buffer is full
    let stderr = '';
    proc.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const code = await waitFor(
      () => proc.exitCode ?? undefined,
      30_000,
      () => `the client did not end; the log holds ${readLog(logFile, true).length} lines`,
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expectWholeLog(logFile);
  }, 60_000);
});
