import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
// By path, not through @app/common: that index pulls in nest-winston, which
// Jest's module runtime cannot load next to ESM-only Nest.
import { events, readLog, tempDir, waitFor, writeIni, type IniSections } from '../libs/common/src/testing/index.js';
import type { LogRecord } from '../libs/common/src/log/log-line.js';

/**
 * What is particular to end-to-end tests: spawning the built apps and waiting
 * on their logs. The helpers unit specs share live in libs/common/src/testing.
 */
export * from '../libs/common/src/testing/index.js';

export const ROOT = resolve(import.meta.dirname, '..');
export type AppName = 'server-sync' | 'server-cluster' | 'server-threads' | 'server-commands' | 'client' | 'lab';

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
    spawn(process.execPath, [join(ROOT, 'dist/apps', app, 'main.js'), ...args], {
      cwd,
      env: { ...process.env, ...lang, ...env },
      // Asked to take its stop from stdin, the app gets a pipe there (the test is the parent).
      stdio: [env?.MIRROR_LAB_CONTROL ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    }),
  );
}

export interface ServerOptions {
  app?: 'server-sync' | 'server-cluster' | 'server-threads' | 'server-commands';
  dir?: string;
  /** Extra environment variables for the server process. */
  env?: NodeJS.ProcessEnv;
  sections?: IniSections;
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
  const before = existsSync(logFile) ? readLog(logFile, true).filter((r) => r.event === 'SERVER_START').length : 0;
  const proc = runApp(app, ['--config', config], ROOT, options.env);
  const start = await waitFor(
    () => (existsSync(logFile) ? readLog(logFile, true).filter((r) => r.event === 'SERVER_START')[before] : undefined),
    // Generous: server-cluster forks its workers, and a CI machine may be busy (14 s seen at load 13).
    30_000,
    () => `server did not start: ${proc.stderr}`,
    proc,
  );
  return { proc, port: Number(start.fields.port), logFile, dir, config };
}

export const SIGNATURE = 'Сервер написан Титов Ю.П. М3О-3ХХБ-ХХ';

/** Waits until the log holds `count` events named `event`, and returns the log. */
export async function waitForEvents(logFile: string, event: string, count = 1, ms = 10_000): Promise<LogRecord[]> {
  return waitFor(
    () => {
      const log = existsSync(logFile) ? readLog(logFile, true) : [];
      return events(log, event).length >= count ? log : undefined;
    },
    ms,
    () => `expected ${count} ${event} in ${logFile}`,
  );
}
