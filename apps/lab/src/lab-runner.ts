import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ini from 'ini';
import { messages, parseLogLine } from '@app/common';
import type { RunFiles as ReportRunFiles } from '@app/report';
import type { Identity } from './lab-identity.js';
import { CLIENT_KINDS, SERVER_KINDS, type ServerApp, type ServerKey } from './lab-kinds.js';
import type { LabOptions } from './lab-options.js';
import { SLACK_MS, replyTimeout, sessionLimits } from './lab-limits.js';
import type { LabProgress } from './lab-progress.js';

/** Where one run left its files (what the report reads), and how each client exited. */
export interface RunFiles extends ReportRunFiles {
  kind: ServerApp | 'remote';
  clientExitCodes: number[];
}

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

/**
 * Runs the assignment's experiment for one server: starts it from a generated
 * config on a free port, launches N real client processes a stagger apart so
 * they overlap, waits for all of them, stops the server. Everything it learns
 * afterwards comes from the log files it leaves. Children run in the run's own
 * directory with relative paths, so the INI files in the report hold no path
 * of this machine.
 */
export class LabRunner {
  private readonly dist: string;
  private readonly root: string;

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

  /**
   * Fails before anything starts when a program of the run is missing (an app
   * not built, the Python client absent), not after the first servers ran.
   */
  checkPrograms(keys: ReadonlyArray<ServerKey | 'remote'>): void {
    const t = messages(this.options.lang).lab;
    for (const key of keys) {
      if (key === 'remote') continue;
      const main = join(this.dist, SERVER_KINDS[key].app, 'main.js');
      if (!existsSync(main)) throw new Error(t.missingBuild(main));
    }
    const entry = CLIENT_KINDS[this.options.client].command(this.root, this.dist, '', this.options.lang).entry;
    if (!existsSync(entry)) throw new Error(this.options.client === 'python' ? t.missingClient(entry) : t.missingBuild(entry));
  }

  async run(key: ServerKey | 'remote', reportDir: string): Promise<RunFiles> {
    const kind = key === 'remote' ? 'remote' : SERVER_KINDS[key].app;
    const dir = join(reportDir, kind);
    mkdirSync(join(dir, 'config'), { recursive: true });
    mkdirSync(join(dir, 'logs'), { recursive: true });
    const files: RunFiles = { kind, base: reportDir, clientLogs: [], clientConfigs: [], clientExitCodes: [], target: '' };

    let server: ChildProcess | undefined;
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
        server = this.spawnNode(
          join(this.dist, kind, 'main.js'),
          ['--config', config],
          dir,
          join(dir, 'logs', `${kind}.console.txt`),
        );
        host = '127.0.0.1';
        port = await this.waitForPort(kind, join(dir, log), server);
      }
      files.target = `${host}:${port}`;

      const n = this.options.clients;
      const clientKind = CLIENT_KINDS[this.options.client];
      this.progress.begin(kind, n);
      const exits: Array<Promise<number>> = [];
      for (let k = 1; k <= n; k += 1) {
        const log = `logs/client-${k}.log`;
        const config = `config/client-${k}.ini`;
        writeFileSync(join(dir, config), this.clientIni(host, port, k, log));
        files.clientLogs.push(`${kind}/${log}`);
        files.clientConfigs.push(`${kind}/${config}`);
        const cmd = clientKind.command(this.root, this.dist, config, this.options.lang);
        const child = this.spawnApp(cmd.file, cmd.args, dir, join(dir, 'logs', `client-${k}.console.txt`), cmd.env);
        exits.push(
          new Promise((done) =>
            child.once('close', (code) => {
              this.progress.clientDone(k, code ?? 1);
              done(code ?? 1);
            }),
          ),
        );
        if (k < n) await new Promise((r) => setTimeout(r, this.options.staggerMs));
      }
      files.clientExitCodes = await Promise.all(exits);
      this.progress.end();
    } finally {
      if (server) await this.stop(server, kind);
    }
    return files;
  }

  /** SIGINT and a clean drain; SIGKILL when the server is still there after its grace and some slack. */
  private async stop(server: ChildProcess, kind: string): Promise<void> {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const closed = new Promise<boolean>((done) => server.once('exit', () => done(true)));
    server.kill('SIGINT');
    const timer = new Promise<boolean>((done) => setTimeout(() => done(false), GRACE_MS + SLACK_MS).unref());
    if (await Promise.race([closed, timer])) return;
    process.stderr.write(messages(this.options.lang).lab.serverDidNotStop(kind, GRACE_MS + SLACK_MS) + '\n');
    server.kill('SIGKILL');
    await closed;
  }

  private serverIni(key: ServerKey, log: string): string {
    const o = this.options;
    const sections: Record<string, Record<string, string | number>> = {
      server: { host: '127.0.0.1', port: 0 },
      reply: { signature: this.identity.signatures[key].text },
      work: { delay_ms: o.delayMs, mode: o.mode },
      session: sessionLimits(o),
      limits: { max_queue: Math.max(128, o.clients) },
      ...SERVER_KINDS[key].extraSections(o),
      shutdown: { grace_ms: GRACE_MS },
      log: { file: log },
    };
    return `; generated by the lab demo (npm start)\n` + toIni(sections);
  }

  private clientIni(host: string, port: number, k: number, log: string): string {
    const o = this.options;
    return (
      `; generated by the lab demo (npm start): client ${k} of ${o.clients}\n` +
      toIni({
        server: { host, port },
        client: {
          message: `${this.identity.message.text} #${k}`,
          send_after_ms: o.sendAfterMs,
          messages: 1,
          linger_ms: o.lingerMs,
          connect_timeout_ms: 5000,
          reply_timeout_ms: replyTimeout(o),
        },
        log: { file: log },
      })
    );
  }

  private spawnNode(main: string, args: string[], cwd: string, consoleFile: string): ChildProcess {
    if (!existsSync(main)) throw new Error(messages(this.options.lang).lab.missingBuild(main));
    return this.spawnApp(process.execPath, [main, ...args], cwd, consoleFile, { MIRROR_LAB_LANG: this.options.lang });
  }

  /**
   * The child's console goes to a file once its streams have closed ('close',
   * not 'exit': output still in the pipe at exit would be lost). A program that
   * cannot start (python3 missing) closes with code 1 and says why in that file.
   */
  private spawnApp(file: string, args: string[], cwd: string, consoleFile: string, env: Record<string, string>): ChildProcess {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.on('error', (error) => {
      out += `${file}: ${error.message}\n`;
      // 'close' follows 'error' only when the process had started.
      if (child.pid === undefined) child.emit('close', 1, null);
    });
    child.once('close', () => writeFileSync(consoleFile, out));
    return child;
  }

  private async waitForPort(kind: string, log: string, server: ChildProcess): Promise<number> {
    const deadline = Date.now() + 20_000;
    let exited = false;
    server.once('exit', () => (exited = true));
    while (Date.now() < deadline && !exited) {
      if (existsSync(log)) {
        for (const line of readFileSync(log, 'utf8').split('\n')) {
          const record = parseLogLine(line);
          if (record?.event === 'SERVER_START') return Number(record.fields.port);
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    // Let the console file be written before quoting it.
    await new Promise((r) => setTimeout(r, 100));
    const consoleFile = join(dirname(log), `${kind}.console.txt`);
    const said = existsSync(consoleFile) ? readFileSync(consoleFile, 'utf8').trim().split('\n').slice(-1)[0] : '';
    throw new Error(messages(this.options.lang).lab.serverDidNotStart(kind, said));
  }
}
