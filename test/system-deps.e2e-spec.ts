import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ROOT, tempDir } from './helpers.js';

/**
 * scripts/system-deps.mjs, npm's `pretest`: what `npm test` needs from the
 * machine is checked before any test, and its list is the one the README
 * and docs/testing.md show.
 */
const SCRIPT = join(ROOT, 'scripts/system-deps.mjs');
// Where a fresh Debian has the tools, whatever this process's own PATH holds
// (pyenv's shims under /root, say, which no other user may enter).
const SYSTEM_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const NOBODY = 65534;
// A tool whose package has another name, so the line must map one to the other.
const DROPPED = 'pdftotext';

interface Dependency {
  check: string;
  package: string;
}

function listed(): Dependency[] {
  const run = spawnSync(process.execPath, [SCRIPT, '--list'], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  return run.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Dependency);
}

function findTool(name: string): string {
  for (const dir of SYSTEM_PATH) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this one
    }
  }
  throw new Error(`${name} is not installed in ${SYSTEM_PATH.join(':')}; npm test's pretest installs it`);
}

/**
 * A PATH directory any user may read, with a link to every tool of the list
 * that is a command on PATH, except `dropped`, plus what npm needs to run a
 * script (node, sh).
 */
function pathWithout(dropped: string): string {
  const dir = join(tempDir('mirror-lab-deps-'), 'bin');
  mkdirSync(dir);
  const tools = listed()
    .map((dep) => dep.check.split(' ')[0])
    .filter((tool) => !tool.includes('/'));
  expect(tools).toContain(dropped);
  for (const tool of tools.filter((t) => t !== dropped)) symlinkSync(findTool(tool), join(dir, tool));
  symlinkSync(process.execPath, join(dir, 'node'));
  symlinkSync(findTool('sh'), join(dir, 'sh'));
  chmodSync(join(dir, '..'), 0o755);
  return dir;
}

/** Runs as `nobody`: not root, so it cannot install; a home it may write. */
function asNobody(args: string[], path: string, lang?: string): SpawnSyncReturns<string> {
  const home = tempDir('mirror-lab-deps-home-');
  chmodSync(home, 0o777);
  const env: NodeJS.ProcessEnv = {
    PATH: path,
    HOME: home,
    npm_config_cache: join(home, 'npm'),
    npm_config_update_notifier: 'false',
  };
  if (lang !== undefined) env.MIRROR_LAB_LANG = lang;
  return spawnSync(process.execPath, args, { cwd: ROOT, env, uid: NOBODY, gid: NOBODY, encoding: 'utf8', timeout: 60_000 });
}

/** The rows of the Markdown table whose header row matches `header`. */
function tableAfter(text: string, header: RegExp): Dependency[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith('|') && header.test(line));
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: Dependency[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [check, pkg] = line
      .split(/(?<!\\)\|/)
      .slice(1, 3)
      .map((cell) => cell.trim().replace(/^`|`$/g, ''));
    rows.push({ check, package: pkg });
  }
  return rows;
}

describe('system dependencies of npm test (scripts/system-deps.mjs)', () => {
  it('should stop a user who cannot install with one line naming the apt-get command, when a tool is missing', () => {
    const run = asNobody([SCRIPT], pathWithout(DROPPED));
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(1);
    const output = run.stdout + run.stderr;
    expect(output.split('\n')).toEqual([expect.any(String), '']);
    expect(output).toContain('sudo apt-get install -y poppler-utils && sudo npm test');
    expect(output).toContain('npm run test:unit');
    expect(output).toMatch(/[а-я]/);
  });

  it('should say the same in English when MIRROR_LAB_LANG=en', () => {
    const run = asNobody([SCRIPT], pathWithout(DROPPED), 'en');
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toBe(
      'npm test cannot start: missing pdftotext (poppler-utils). Run: sudo apt-get install -y poppler-utils && sudo npm test' +
        ' (or only the unit tests, which need none of it: npm run test:unit)\n',
    );
  });

  it('should tell a user who is not root, with every tool there, to run npm test as root', () => {
    const path = pathWithout(DROPPED);
    symlinkSync(findTool(DROPPED), join(path, DROPPED));
    const run = asNobody([SCRIPT], path, 'en');
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toBe(
      'npm test needs root (network namespaces, a tmpfs): run sudo npm test, or only the unit tests: npm run test:unit\n',
    );
  });

  it('should stop npm test before lint, build or any test when a tool is missing', () => {
    const path = pathWithout(DROPPED);
    // The check alone must fail first: were it to pass, npm would go on.
    expect(asNobody([SCRIPT], path).status).toBe(1);
    const npm = realpathSync(findOnPath('npm'));
    const run = asNobody([npm, 'test'], path, 'en');
    const output = run.stdout + run.stderr;
    expect(run.status).not.toBe(0);
    expect(output).toContain('Run: sudo apt-get install -y poppler-utils && sudo npm test');
    expect(output).toMatch(/^> \S+ pretest$/m);
    // npm announces each script it starts with "> name@version script".
    expect(output).not.toMatch(/^> \S+ (test|lint|typecheck|build)$/m);
  });

  it('should install the missing package with apt-get as root, then check again', () => {
    expect(process.getuid?.()).toBe(0);
    const path = pathWithout(DROPPED);
    // A stand-in apt-get on this PATH only: it records its calls, and its
    // "install" puts a pdftotext in place, so the check after it passes.
    const aptGet = join(path, 'apt-get');
    writeFileSync(
      aptGet,
      `#!/bin/sh\necho "$DEBIAN_FRONTEND $*" >> "$0.calls"\n[ "$1" = install ] && /bin/ln -s /bin/true ${join(path, DROPPED)}\nexit 0\n`,
    );
    chmodSync(aptGet, 0o755);
    const run = spawnSync(process.execPath, [SCRIPT], { env: { PATH: path, MIRROR_LAB_LANG: 'en' }, encoding: 'utf8' });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout: '',
      stderr: 'npm test: installing the missing system packages: poppler-utils\n',
    });
    expect(readFileSync(`${aptGet}.calls`, 'utf8')).toBe('noninteractive update\nnoninteractive install -y poppler-utils\n');
  });

  it('should say nothing and exit 0 as root when everything is installed', () => {
    expect(process.getuid?.()).toBe(0);
    const run = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('should list the same tools and packages as the README (both languages) and docs/testing.md', () => {
    const expected = listed();
    expect(expected.length).toBeGreaterThan(5);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const ru = readme.indexOf('# По-русски');
    expect(ru).toBeGreaterThan(0);
    expect(tableAfter(readme.slice(0, ru), /Debian package/)).toEqual(expected);
    expect(tableAfter(readme.slice(ru), /пакет Debian/)).toEqual(expected);
    expect(tableAfter(readFileSync(join(ROOT, 'docs/testing.md'), 'utf8'), /Debian package/)).toEqual(expected);
  });
});

function findOnPath(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this one
    }
  }
  throw new Error(`${name} is not on PATH`);
}
