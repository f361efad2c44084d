import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import ini from 'ini';
import { CONTROL_ENV, messages, parseLogLine, requestStop } from '@app/common';
import type { RunFiles } from '@app/report';
import type { Identity } from './lab-identity.js';
import { CLIENT_KINDS, SERVER_KINDS, type ServerKey } from './lab-kinds.js';
import { SLACK_MS, replyTimeout, sessionPlan } from './lab-limits.js';
import type { LabOptions } from './lab-options.js';
import type { LabProgress } from './lab-progress.js';
import { findPython, type PythonFound } from './lab-python.js';
import { labStopTexts } from './lab-stop.texts.js';

export type { RunFiles };

/** INI text; `ini.safe` quotes values holding ; or # (a comment otherwise). */
const toIni = (sections: Record<string, Record<string, string | number>>): string =>
  Object.entries(sections)
    .map(
      ([name, keys]) =>
        `[${name}]\n` +
        Object.entries(keys)
          .map(([k, v]) => `${k} = ${ini.safe(String(v))}\n`)
          .join(''),
    )
    .join('\n');

const GRACE_MS = 5000;
/** After `stop`, how long a child has before the lab kills it: a server's grace and then some. */
export const STOP_TIMEOUT_MS = GRACE_MS + SLACK_MS;

/** The longest the lab waits for a client to connect before it starts the last one anyway. */
const CONNECT_WAIT_MS = 10_000;

/** A child the lab started and has not seen exit, with the name it goes by in messages. */
interface Child {
  process: ChildProcess;
  name: string;
  exited: Promise<void>;
}

/**
 * Runs the assignment's experiment for one server: starts it from a generated
 * config on a free port, launches N real client processes a stagger apart so
 * they overlap, waits for all of them, stops the server. Everything it learns
 * afterwards comes from the log files it leaves. Children run in the run's own
 * directory with relative paths, so the INI files in the report hold no path
 * of this machine.
 *
 * Every child is started with MIRROR_LAB_CONTROL=stdin and a pipe for stdin,
 * and stopped by `stop` on it (requestStop), on every OS: Windows has no
 * SIGTERM for a child. If the lab dies, even by SIGKILL, the pipes close and
 * each child stops by itself, gracefully. Their console output goes straight
 * to a file, so nothing of it depends on the lab being alive to read it.
 */
export class LabRunner {
  private readonly dist: string;
  private readonly root: string;
  private readonly live = new Set<Child>();
  /** The signal that ended the lab early, once one has. */
  private interruptedBy?: string;
  /** Wakes the waits of a run (the stagger, the server's start) when the lab is interrupted. */
  private readonly wakers = new Set<() => void>();
  /** The Python found for `--client python`. */
  private pythonFound?: PythonFound;
  /** What went wrong with the processes, in words, for the report. */
  readonly problems: string[] = [];

  constructor(
    private readonly options: LabOptions,
    private readonly identity: Identity,
    private readonly progress: LabProgress,
  ) {
    // dist/apps/lab/main.js -> dist/apps, and the project root above dist.
    this.dist = resolve(dirname(process.argv[1]), '..');
    this.root = resolve(this.dist, '..', '..');
  }

  get projectRoot(): string {
    return this.root;
  }

  get interrupted(): string | undefined {
    return this.interruptedBy;
  }

  /** The Python the Python client runs with, if it was looked for and found. */
  get python(): PythonFound | undefined {
    return this.pythonFound;
  }

  /**
   * Fails before anything starts when a program of the run is missing (an app
   * not built, the Python client absent), not after the first servers ran.
   * A missing Python is no such failure: the servers still run, and the
   * report says why no client did.
   */
  checkPrograms(keys: ReadonlyArray<ServerKey | 'remote'>): void {
    const t = messages(this.options.lang).lab;
    for (const key of keys) {
      if (key === 'remote') continue;
      const main = join(this.dist, SERVER_KINDS[key].app, 'main.js');
      if (!existsSync(main)) throw new Error(t.missingBuild(main));
    }
    const entry = CLIENT_KINDS[this.options.client].entry(this.root, this.dist);
    if (!existsSync(entry)) throw new Error(this.options.client === 'python' ? t.missingClient(entry) : t.missingBuild(entry));
  }

  /** Looks for Python (`--client python` only); says on the console which one, or why none. */
  findPython(say: (line: string) => void): void {
    if (this.options.client !== 'python') return;
    const found = (this.pythonFound = findPython());
    const t = labStopTexts(this.options.lang);
    if (found.ok) say(t.pythonFound(found.command.shown, found.version));
    else say(t.pythonMissing(this.triedPython(found)));
  }

  private triedPython(found: Extract<PythonFound, { ok: false }>): string {
    return found.tried.map((x) => `${x.shown} — ${x.result}`).join(', ');
  }

  /**
   * The lab was asked to end (a signal): every child is asked to stop through
   * its stdin, the runs finish with what they have, no new one starts.
   */
  interrupt(signal: string): void {
    this.interruptedBy ??= signal;
    for (const child of this.live) this.stopChild(child);
    for (const wake of this.wakers) wake();
  }

  async run(key: ServerKey | 'remote', reportDir: string): Promise<RunFiles> {
    const kind = key === 'remote' ? 'remote' : SERVER_KINDS[key].app;
    const dir = join(reportDir, kind);
    mkdirSync(join(dir, 'config'), { recursive: true });
    mkdirSync(join(dir, 'logs'), { recursive: true });
    const files: RunFiles = { kind, base: reportDir, clientLogs: [], clientConfigs: [], target: '' };
    const plan = key === 'remote' ? undefined : sessionPlan(this.options, key);

    let server: Child | undefined;
    try {
      let host: string;
      let port: number;
      if (key === 'remote') {
        ({ host, port } = this.options.remote!);
      } else {
        const log = `logs/${kind}.log`;
        const config = `config/${kind}.ini`;
        files.serverLog = `${kind}/${log}`;
        files.serverConfig = `${kind}/${config}`;
        writeFileSync(join(dir, config), this.serverIni(key, log));
        server = this.spawnApp(
          kind,
          process.execPath,
          [join(this.dist, kind, 'main.js'), '--config', config],
          dir,
          join(dir, 'logs', `${kind}.console.txt`),
          { MIRROR_LAB_LANG: this.options.lang },
        );
        host = '127.0.0.1';
        port = await this.waitForPort(kind, join(dir, log), server);
      }
      files.target = `${host}:${port}`;
      if (this.interruptedBy) return files;

      const n = this.options.clients;
      const t = labStopTexts(this.options.lang);
      const python = this.pythonFound;
      if (this.options.client === 'python' && python && !python.ok) {
        this.problems.push(t.clientsNotStartedNote(kind, n, t.pythonMissing(this.triedPython(python))));
        return files;
      }
      this.progress.begin(kind, n);
      const exits: Array<Promise<number>> = [];
      const started: Array<{ log: string; child: Child }> = [];
      for (let k = 1; k <= n && !this.interruptedBy; k += 1) {
        const log = `logs/client-${k}.log`;
        const config = `config/client-${k}.ini`;
        const linger = k === n && plan ? plan.lastLingerMs : this.options.lingerMs;
        writeFileSync(join(dir, config), this.clientIni(host, port, k, log, linger));
        files.clientLogs.push(`${kind}/${log}`);
        files.clientConfigs.push(`${kind}/${config}`);
        const cmd = CLIENT_KINDS[this.options.client].command(this.root, this.dist, config, this.options.lang, python);
        const consoleFile = join(dir, 'logs', `client-${k}.console.txt`);
        const name = labStopTexts(this.options.lang).client(k);
        const child = this.spawnApp(name, cmd.file, cmd.args, dir, consoleFile, cmd.env);
        exits.push(
          new Promise((done) =>
            child.process.once('close', (code) => {
              const exitCode = code ?? 1;
              this.checkClientStarted(kind, k, exitCode, join(dir, log), consoleFile);
              this.progress.clientDone(k, exitCode);
              done(exitCode);
            }),
          ),
        );
        started.push({ log: join(dir, log), child });
        if (k < n) await this.sleep(this.options.staggerMs);
        // The last client lingers into a session time-out: it must be the last
        // in server-sync's queue, or it would hold up a client behind it. On a
        // loaded machine a client takes seconds to start and a later one can
        // overtake it, so there the last one starts once every other has
        // connected. The concurrent servers hold no one up by a long session.
        if (k === n - 1 && key === 'sync') for (const c of started) await this.waitConnected(c.log, c.child);
      }
      await Promise.all(exits);
      this.progress.end();
    } finally {
      if (server) await this.stopChild(server);
    }
    return files;
  }

  /** A client that ended without one line in its log did not run: the console and the report say why. */
  private checkClientStarted(kind: string, k: number, code: number, log: string, consoleFile: string): void {
    if (existsSync(log) && statSync(log).size > 0) return;
    const said = lastLine(consoleFile);
    const line = labStopTexts(this.options.lang).clientNoLog(k, code, said);
    this.progress.note(line);
    this.problems.push(`${kind}: ${line}`);
  }

  /**
   * Asks a child to stop (`stop` on its stdin, the same graceful stop as
   * SIGTERM) and waits for it; a child still there after STOP_TIMEOUT_MS is
   * killed, and the console says so: its log may then lack its last lines.
   */
  private async stopChild(child: Child): Promise<void> {
    if (!this.live.has(child)) return child.exited;
    requestStop(child.process);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((done) => (timer = setTimeout(() => done(true), STOP_TIMEOUT_MS)));
    const killed = await Promise.race([child.exited.then(() => false), late]);
    clearTimeout(timer);
    if (!killed) return;
    const line = labStopTexts(this.options.lang).childDidNotStop(child.name, STOP_TIMEOUT_MS);
    process.stderr.write(line + '\n');
    this.problems.push(line);
    child.process.kill('SIGKILL');
    await child.exited;
  }

  private serverIni(key: ServerKey, log: string): string {
    const o = this.options;
    const { max_ms, idle_ms } = sessionPlan(o, key);
    const sections: Record<string, Record<string, string | number>> = {
      server: { host: '127.0.0.1', port: 0 },
      reply: { signature: this.identity.signatures[key].text },
      work: { delay_ms: o.delayMs, mode: o.mode },
      session: { max_ms, idle_ms },
      limits: { max_queue: Math.max(128, o.clients) },
      ...SERVER_KINDS[key].extraSections(o),
      shutdown: { grace_ms: GRACE_MS },
      log: { file: log },
    };
    return `; ${labStopTexts(o.lang).iniComment}\n` + toIni(sections);
  }

  private clientIni(host: string, port: number, k: number, log: string, lingerMs: number): string {
    const o = this.options;
    return (
      `; ${labStopTexts(o.lang).iniClientComment(k, o.clients)}\n` +
      toIni({
        server: { host, port },
        client: {
          message: `${this.identity.message.text} #${k}`,
          send_after_ms: o.sendAfterMs,
          messages: 1,
          linger_ms: lingerMs,
          connect_timeout_ms: 5000,
          reply_timeout_ms: replyTimeout(o),
        },
        log: { file: log },
      })
    );
  }

  /**
   * Starts a child that takes its stop from its stdin. Its console goes
   * straight to a file (both streams): complete even if the lab dies first,
   * and no pipe that could fill or break. A program that cannot start
   * (Python missing) closes with code 1, and why is in that file.
   */
  private spawnApp(
    name: string,
    file: string,
    args: string[],
    cwd: string,
    consoleFile: string,
    env: Record<string, string>,
  ): Child {
    const out = openSync(consoleFile, 'w');
    let child: ChildProcess;
    try {
      child = spawn(file, args, {
        cwd,
        stdio: ['pipe', out, out],
        env: { ...process.env, ...env, [CONTROL_ENV]: 'stdin' },
        windowsHide: true,
      });
    } finally {
      closeSync(out);
    }
    const entry: Child = {
      process: child,
      name,
      exited: new Promise((done) => child.once('close', () => done())),
    };
    this.live.add(entry);
    void entry.exited.then(() => this.live.delete(entry));
    // A child gone before it read its `stop`: EPIPE on its stdin is no news.
    child.stdin!.on('error', () => undefined);
    child.on('error', (error) => {
      writeFileSync(consoleFile, `${file}: ${error.message}\n`, { flag: 'a' });
      // 'close' follows 'error' only when the process had started.
      if (child.pid === undefined) child.emit('close', 1, null);
    });
    // Interrupted while it was being started: it stops as soon as it reads its stdin.
    if (this.interruptedBy) void this.stopChild(entry);
    return entry;
  }

  private async waitForPort(kind: string, log: string, server: Child): Promise<number> {
    const deadline = performance.now() + 20_000;
    let exited = false;
    void server.exited.then(() => (exited = true));
    while (performance.now() < deadline && !exited && !this.interruptedBy) {
      if (existsSync(log)) {
        for (const line of readFileSync(log, 'utf8').split('\n')) {
          const record = parseLogLine(line);
          if (record?.event === 'SERVER_START') return Number(record.fields.port);
        }
      }
      await this.sleep(50);
    }
    if (this.interruptedBy) return 0;
    const said = lastLine(join(dirname(log), `${kind}.console.txt`));
    throw new Error(messages(this.options.lang).lab.serverDidNotStart(kind, said));
  }

  /** Until the client's log has its CONNECTED, it ended, the lab is interrupted, or CONNECT_WAIT_MS passed. */
  private async waitConnected(log: string, child: Child): Promise<void> {
    let ended = false;
    void child.exited.then(() => (ended = true));
    const deadline = performance.now() + CONNECT_WAIT_MS;
    while (!ended && !this.interruptedBy && performance.now() < deadline) {
      if (existsSync(log) && readFileSync(log, 'utf8').includes(' CONNECTED ')) return;
      await this.sleep(25);
    }
  }

  /** A pause that the lab's interruption cuts short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((done) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        done();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}

/** The last non-empty line of a console file, or '' (not written yet, empty). */
function lastLine(file: string): string {
  if (!existsSync(file)) return '';
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean)
      .at(-1) ?? ''
  );
}
