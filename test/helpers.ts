import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
// By path, not through @app/common: that index pulls in nest-winston, which
// Jest's module runtime cannot load next to ESM-only Nest.
import {
  events,
  openClient,
  readLog,
  tempDir,
  waitFor,
  writeIni,
  type IniSections,
  type RawClient,
} from '../libs/common/src/testing/index.js';
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

export type ServerApp = 'server-sync' | 'server-cluster' | 'server-threads' | 'server-commands';

export interface ServerOptions {
  app?: ServerApp;
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

/**
 * A server's config file in `dir` (a new temporary folder by default):
 * `sections` over a free loopback port and a log file beside it, `<app>.log`.
 */
export function serverConfig(
  app: ServerApp,
  sections: IniSections = {},
  dir = tempDir(),
): { config: string; logFile: string; dir: string } {
  const logFile = join(dir, `${app}.log`);
  const all = { ...sections };
  all.server = { host: '127.0.0.1', port: 0, ...all.server };
  all.log = { file: logFile, ...all.log };
  return { config: writeIni(join(dir, `${app}.ini`), all), logFile, dir };
}

/** Starts a server on a free loopback port and waits for SERVER_START in its log. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const app = options.app ?? 'server-sync';
  const { config, logFile, dir } = serverConfig(app, options.sections, options.dir);
  const before = existsSync(logFile) ? readLog(logFile, true).filter((r) => r.event === 'SERVER_START').length : 0;
  const proc = runApp(app, ['--config', config], ROOT, options.env);
  const start = await waitFor(
    () => (existsSync(logFile) ? readLog(logFile, true).filter((r) => r.event === 'SERVER_START')[before] : undefined),
    // Generous: server-cluster forks its workers, and a CI machine may be busy (14 s seen at load 13).
    30_000,
    () => `server did not start: ${proc.stderr}`,
    proc,
  ).catch(async (error: unknown) => {
    // Nothing else holds this process yet: a server that did not start is not left running.
    await proc.stop('SIGKILL');
    throw error;
  });
  return { proc, port: Number(start.fields.port), logFile, dir, config };
}

/**
 * The config sections that make `app` serve with `n` processes or threads:
 * `cluster.workers` for server-cluster, `threads.count` for server-threads;
 * none for the servers that are one process with one thread of work.
 */
export function servingSections(app: ServerApp, n: number): IniSections {
  if (app === 'server-cluster') return { cluster: { workers: n } };
  if (app === 'server-threads') return { threads: { count: n } };
  return {};
}

/** The pids of server-cluster's workers, from the log's WORKER_START events (restarted ones too). */
export const workerPids = (server: RunningServer): number[] =>
  events(readLog(server.logFile), 'WORKER_START').map((r) => Number(r.fields.worker_pid));

/** True when nothing is alive with this pid (kill 0 only checks). */
export function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

export interface ServerSuite {
  /** Starts a server (startServer) that is ended after the test. */
  start(options?: ServerOptions): Promise<RunningServer>;
  /** A raw client connected to `server`, destroyed after the test. */
  open(server: RunningServer): Promise<RawClient>;
  /** A raw client that has sent `line` and whose request the server has received (logged), so it is in progress. */
  inProgress(server: RunningServer, line?: string): Promise<RawClient>;
  /** Clients a test opens itself go here, to be destroyed after it (`open` puts its own here too). */
  readonly clients: RawClient[];
  /** Pids a test puts here (a server-cluster worker that may outlive its primary) are killed after it if still alive. */
  readonly orphans: number[];
}

/**
 * What every suite of running servers sets up: after each test its clients
 * are destroyed, its servers killed (SIGKILL: a test that means a graceful
 * stop makes it itself and checks it), and the orphans it named killed too.
 * `check` runs on each server first, whatever the test did (hostile input:
 * the log must still parse). Call it in a `describe`.
 */
export function serverSuite(check?: (server: RunningServer) => void): ServerSuite {
  const servers: RunningServer[] = [];
  const clients: RawClient[] = [];
  const orphans: number[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    const ended = servers.splice(0);
    try {
      for (const server of ended) check?.(server);
    } finally {
      for (const server of ended) await server.proc.stop('SIGKILL');
      for (const pid of orphans.splice(0)) if (!gone(pid)) process.kill(pid, 'SIGKILL');
    }
  });
  const open = (server: RunningServer) => openClient(clients, server.port);
  return {
    start: async (options) => {
      const server = await startServer(options);
      servers.push(server);
      return server;
    },
    open,
    inProgress: async (server, line = 'abc') => {
      const before = events(readLog(server.logFile, true), 'MESSAGE_RECEIVED').length;
      const c = await open(server);
      c.write(`${line}\n`);
      await waitForEvents(server.logFile, 'MESSAGE_RECEIVED', before + 1);
      return c;
    },
    clients,
    orphans,
  };
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

/** A server a test writes itself (rawServer): its port, and a close that also ends its connections. */
export interface RawServer {
  port: number;
  close(): Promise<void>;
}

/** A TCP server of a few lines, to make a client meet what the kit's servers never do: `onConnection` decides what each connection gets. */
export function rawServer(onConnection: (socket: Socket) => void, host = '127.0.0.1'): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  return new Promise((resolve) =>
    server.listen(0, host, () =>
      resolve({
        port: (server.address() as { port: number }).port,
        close: () => {
          for (const s of sockets) s.destroy();
          return new Promise((done) => server.close(() => done()));
        },
      }),
    ),
  );
}

/** An app run by test/fixtures/pty-hold.py: in a pseudo-terminal stopped by Ctrl-S at once and never read. */
export interface StoppedTerminal {
  /** Ends the hold (the holder then sends SIGTERM to the app) and resolves with how the app ended: "exit N" or "signal N". */
  release(): Promise<string>;
}

/** Runs `node <app's main.js> ...args` in a stopped terminal (see StoppedTerminal). */
export function inStoppedTerminal(app: AppName, args: string[], env?: NodeJS.ProcessEnv): StoppedTerminal {
  const command = [process.execPath, join(ROOT, 'dist/apps', app, 'main.js'), ...args];
  const holder = spawn('python3', [join(ROOT, 'test/fixtures/pty-hold.py'), ...command], {
    env: env && { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let said = '';
  holder.stdout.setEncoding('utf8').on('data', (s: string) => (said += s));
  return {
    release: async () => {
      holder.stdin.end();
      await waitFor(
        () => /(exit|signal) \d+/.exec(said) ?? undefined,
        20_000,
        () => `holder said: ${said}`,
      );
      return said;
    },
  };
}
