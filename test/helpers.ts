import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// The log parser is imported by path: the @app/common index pulls in nest-winston,
// which Jest's module runtime cannot load next to ESM-only Nest.
import { parseLogLine, type LogRecord } from '../libs/common/src/log/log-line.js';

export const ROOT = resolve(import.meta.dirname, '..');
export type AppName = 'server-sync' | 'server-cluster' | 'server-threads' | 'client' | 'lab';

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

/** Writes an INI file from sections of key/values. */
export function writeIni(file: string, sections: Record<string, Record<string, string | number | boolean>>): string {
  let text = '';
  for (const [section, keys] of Object.entries(sections)) {
    text += `[${section}]\n`;
    for (const [k, v] of Object.entries(keys)) text += `${k} = ${v}\n`;
  }
  writeFileSync(file, text);
  return file;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export class AppProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (this.stdout += s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (this.stderr += s));
    this.exited = new Promise((done) =>
      child.on('exit', (code, signal) => setImmediate(() => done({ code, signal, stdout: this.stdout, stderr: this.stderr }))),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

/**
 * Runs a built app: `node dist/apps/<app>/main.js ...args`. The servers run
 * in English (MIRROR_LAB_LANG=en) unless `env` says otherwise: their tests
 * quote the English wording. The client and the lab keep the Russian default
 * their tests check; `{ MIRROR_LAB_LANG: '' }` gives any app the default.
 */
export function runApp(app: AppName, args: string[], cwd = ROOT, env?: NodeJS.ProcessEnv): AppProcess {
  const lang = app.startsWith('server-') ? { MIRROR_LAB_LANG: 'en' } : {};
  return new AppProcess(
    spawn(process.execPath, [join(ROOT, 'dist/apps', app, 'main.js'), ...args], { cwd, env: { ...process.env, ...lang, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
}

export interface ServerOptions {
  app?: 'server-sync' | 'server-cluster' | 'server-threads';
  dir?: string;
  /** Extra environment variables for the server process. */
  env?: NodeJS.ProcessEnv;
  sections?: Record<string, Record<string, string | number | boolean>>;
}

export interface RunningServer {
  proc: AppProcess;
  port: number;
  logFile: string;
  dir: string;
  config: string;
}

/** Starts a server on a free loopback port and waits for SERVER_START in its log. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const app = options.app ?? 'server-sync';
  const dir = options.dir ?? tempDir();
  const logFile = join(dir, `${app}.log`);
  const sections = { ...options.sections };
  sections.server = { host: '127.0.0.1', port: 0, ...sections.server };
  sections.log = { file: logFile, ...sections.log };
  const config = writeIni(join(dir, `${app}.ini`), sections);
  const before = existsSync(logFile) ? readLog(logFile).filter((r) => r.event === 'SERVER_START').length : 0;
  const proc = runApp(app, ['--config', config], ROOT, options.env);
  const start = await waitFor(
    () => (existsSync(logFile) ? readLog(logFile).filter((r) => r.event === 'SERVER_START')[before] : undefined),
    15_000,
    () => `server did not start: ${proc.stderr}`,
    proc,
  );
  return { proc, port: Number(start.fields.port), logFile, dir, config };
}

/** Polls `probe` until it returns something, or fails after `ms`. */
export async function waitFor<T>(probe: () => T | undefined, ms: number, what: () => string, proc?: AppProcess): Promise<T> {
  const deadline = Date.now() + ms;
  let exited = false;
  proc?.exited.then(() => (exited = true));
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline || exited) throw new Error(what());
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Reads a log file; every line must parse (SPEC §6), or the test fails. */
export function readLog(file: string): LogRecord[] {
  const text = readFileSync(file, 'utf8');
  if (text.length > 0 && !text.endsWith('\n')) throw new Error(`${file}: last line is not terminated`);
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const record = parseLogLine(line);
      if (!record) throw new Error(`${file}: line does not parse: ${JSON.stringify(line)}`);
      return record;
    });
}

export const events = (records: LogRecord[], event: string) => records.filter((r) => r.event === event);

/** A raw TCP client that collects reply lines. */
export class RawClient {
  readonly socket: Socket;
  readonly lines: string[] = [];
  private buffer = '';
  closed = false;
  /** This end's port, kept after the socket closes: the server logs it as `peer=`. */
  localPort = 0;
  readonly connected: Promise<void>;
  readonly closedPromise: Promise<void>;

  constructor(port: number, host = '127.0.0.1') {
    this.socket = connect({ port, host });
    this.socket.setEncoding('utf8');
    this.socket.on('error', () => undefined);
    this.connected = new Promise((resolve, reject) => {
      this.socket.once('connect', () => {
        this.localPort = this.socket.localPort!;
        resolve();
      });
      this.socket.once('error', reject);
    });
    this.socket.on('data', (s: string) => {
      this.buffer += s;
      let i: number;
      while ((i = this.buffer.indexOf('\n')) !== -1) {
        this.lines.push(this.buffer.slice(0, i));
        this.buffer = this.buffer.slice(i + 1);
      }
    });
    this.closedPromise = new Promise((resolve) =>
      this.socket.on('close', () => {
        this.closed = true;
        resolve();
      }),
    );
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Waits until `n` lines have arrived. */
  async waitLines(n: number, ms = 10_000): Promise<string[]> {
    await waitFor(() => this.lines.length >= n || undefined, ms, () => `expected ${n} lines, got ${JSON.stringify(this.lines)}`);
    return this.lines.slice(0, n);
  }

  async waitClosed(ms = 10_000): Promise<void> {
    await waitFor(() => this.closed || undefined, ms, () => `connection not closed; lines: ${JSON.stringify(this.lines)}`);
  }

  get rest(): string {
    return this.buffer;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Connects a RawClient and remembers it in `into`, for the test's afterEach to destroy. */
export async function openClient(into: RawClient[], port: number): Promise<RawClient> {
  const client = new RawClient(port);
  into.push(client);
  await client.connected;
  return client;
}

export const SIGNATURE = 'Сервер написан Титов Ю.П. М3О-3ХХБ-ХХ';

/** Waits until the log holds `count` events named `event`, and returns the log. */
export async function waitForEvents(logFile: string, event: string, count = 1, ms = 10_000): Promise<LogRecord[]> {
  return waitFor(
    () => {
      const log = existsSync(logFile) ? readLog(logFile) : [];
      return events(log, event).length >= count ? log : undefined;
    },
    ms,
    () => `expected ${count} ${event} in ${logFile}`,
  );
}
