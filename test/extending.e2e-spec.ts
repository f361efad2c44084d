import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RawClient, readLog, ROOT, tempDir, waitFor } from './helpers.js';

const DOC = join(ROOT, 'docs/extending.md');
/** The command of the walk's last step, which starts the server and does not end by itself. */
const START = 'npx nest start server-lab3';

/** The fenced blocks of the walk ("Your lab, step by step" to the next `##` heading), in order. */
function walk(): { sh: string[]; dialogue: string } {
  const text = readFileSync(DOC, 'utf8');
  const from = text.indexOf('## Your lab, step by step');
  const to = text.indexOf('\n## ', from + 1);
  const blocks = [...text.slice(from, to).matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)];
  return {
    sh: blocks.filter((b) => b[1] === 'sh').map((b) => b[2]),
    dialogue: blocks.filter((b) => b[1] === 'text').map((b) => b[2])[0] ?? '',
  };
}

/** A copy of what the walk reads and builds; node_modules is the repository's own, linked. */
function scratchCopy(): string {
  const dir = tempDir('mirror-lab-extending-');
  for (const path of [
    'apps',
    'libs',
    'config',
    'nest-cli.json',
    'package.json',
    'tsconfig.json',
    'rspack.config.js',
    'jest.config.js',
  ]) {
    cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  }
  cpSync(join(ROOT, 'test/unit-lang.setup.ts'), join(dir, 'test/unit-lang.setup.ts'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** The environment of a command of the walk: this test's, without what makes a Jest inside it think it is a worker of ours. */
function walkEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.JEST_WORKER_ID;
  return env;
}

/**
 * docs/extending.md followed literally: every `sh` block of its walk run by
 * bash, in order, on a copy of the repository; then the server it starts is
 * asked the lines of the page's dialogue, and must answer what the page shows.
 * The one change: before the start, the copy's config/server-lab3.ini listens
 * on a free loopback port with no simulated delay, not on 12345 with 2 s,
 * because other tests run on this machine at the same time.
 */
describe('docs/extending.md, followed literally', () => {
  let dir: string | undefined;
  let server: ReturnType<typeof spawn> | undefined;
  let client: RawClient | undefined;

  afterEach(async () => {
    client?.destroy();
    if (server?.pid !== undefined && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      // nest start runs the app as its child: the whole group is ours.
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should build, test and run a lab-3 server with a new service, as the page says', async () => {
    const { sh, dialogue } = walk();
    const commands = sh.join('\n');
    // The walk's landmarks: a copy, a new service with its test, the start.
    expect(commands).toContain('cp -r apps/server-commands apps/server-lab3');
    expect(commands).toContain('upper-case.service.spec.ts');
    expect(sh.at(-1)?.trim()).toBe(START);
    expect(sh.filter((block) => block.includes(START))).toHaveLength(1);

    dir = scratchCopy();
    for (const block of sh.slice(0, -1)) {
      const run = spawnSync('bash', ['-e', '-c', block], { cwd: dir, env: walkEnv(), encoding: 'utf8' });
      expect({ block, status: run.status, stderr: run.status === 0 ? '' : run.stderr + run.stdout }).toEqual({
        block,
        status: 0,
        stderr: '',
      });
    }
    // The new service's own spec ran in the walk; it exists where the page put it.
    expect(existsSync(join(dir, 'apps/server-lab3/src/upper-case.service.spec.ts'))).toBe(true);

    const ini = join(dir, 'config/server-lab3.ini');
    writeFileSync(
      ini,
      readFileSync(ini, 'utf8')
        .replace(/^host = .*$/m, 'host = 127.0.0.1')
        .replace(/^port = .*$/m, 'port = 0')
        .replace(/^delay_ms = .*$/m, 'delay_ms = 0'),
    );
    server = spawn('bash', ['-c', START], { cwd: dir, env: walkEnv(), stdio: 'ignore', detached: true });
    const logFile = join(dir, 'logs/server-lab3.log');
    const start = await waitFor(
      () => (existsSync(logFile) ? readLog(logFile, true).find((r) => r.event === 'SERVER_START') : undefined),
      120_000,
      () => `${START} did not start`,
    );

    const sent = dialogue
      .split('\n')
      .filter((line) => line.startsWith('> '))
      .map((line) => line.slice(2));
    const shown = dialogue
      .split('\n')
      .filter((line) => line.startsWith('< '))
      .map((line) => line.slice(2));
    expect(sent.length).toBeGreaterThan(0);
    client = new RawClient(Number(start.fields.port));
    await client.connected;
    client.write(sent.map((line) => line + '\n').join(''));
    expect(await client.waitLines(shown.length)).toEqual(shown);
  }, 600_000);
});
