import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { CONTROL_ENV, requestStop } from '@app/common';

/** Time a stopping server has to drain (its shutdown.grace_ms) and the slack after it before SIGKILL. */
export const GRACE_MS = 5000;
const SLACK_MS = 5000;

/**
 * One round's server as a child process, stopped through its stdin
 * (MIRROR_LAB_CONTROL=stdin, docs/servers.md): the same graceful stop as
 * SIGTERM on every OS, and a session killed outright (even by SIGKILL) ends
 * the pipe, so no server outlives it. It runs in its own process group
 * (`detached`), so Ctrl-C in the terminal reaches only the session, which
 * then stops the server itself, in order, before writing the report.
 */
export class ServerProcess {
  private readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private out = '';

  constructor(main: string, config: string, cwd: string, consoleFile: string, lang: string) {
    if (!existsSync(main)) throw new Error(main);
    this.child = spawn(process.execPath, [main, '--config', config], {
      cwd,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, MIRROR_LAB_LANG: lang, [CONTROL_ENV]: 'stdin' },
    });
    this.child.stdin!.on('error', () => undefined);
    this.child.stdout!.setEncoding('utf8').on('data', (s: string) => (this.out += s));
    this.child.stderr!.setEncoding('utf8').on('data', (s: string) => (this.out += s));
    this.exited = new Promise((done) =>
      this.child.once('close', (code) => {
        writeFileSync(consoleFile, this.out);
        done(code);
      }),
    );
    this.child.once('error', () => undefined);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last line the server printed (why it did not start). */
  lastLine(): string {
    return this.out.trim().split('\n').slice(-1)[0] ?? '';
  }

  /** `stop` on its stdin and a clean drain; SIGKILL when it is still there after its grace and some slack. */
  async stop(): Promise<number | null> {
    if (!this.running) return this.exited;
    if (!requestStop(this.child)) this.child.kill('SIGTERM');
    const timer = new Promise<'late'>((done) => setTimeout(() => done('late'), GRACE_MS + SLACK_MS).unref());
    if ((await Promise.race([this.exited, timer])) !== 'late') return this.exited;
    this.child.kill('SIGKILL');
    return this.exited;
  }
}
