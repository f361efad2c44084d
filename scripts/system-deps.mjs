#!/usr/bin/env node
/**
 * What `npm test` needs from the machine, checked before anything else runs
 * (npm runs this as `pretest`): the system tools the end-to-end tests start,
 * root (network namespaces, a tmpfs) and Linux. The list below is THE list:
 * README.md's tables and docs/testing.md say the same, and
 * test/system-deps.e2e-spec.ts compares them.
 *
 * Everything present: says nothing, exits 0. Something missing and this
 * process may install (root, apt-get): `apt-get update`, `apt-get install -y`
 * the missing packages, check again. Otherwise: one line naming the command
 * to run, exit 1, so no test starts only to fail for a missing tool.
 *
 * Plain JavaScript with its own two-language table, like the Python client:
 * it runs before the build, when the apps' typed catalogues are not compiled.
 *
 *   node scripts/system-deps.mjs           check (and install when it can)
 *   node scripts/system-deps.mjs --list    the list as JSON, one entry a line
 *   --lang en or MIRROR_LAB_LANG=en        English
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/**
 * `check` is what a person types to see the tool is there; `package` the
 * Debian/Ubuntu package that brings it; `probe` how this script tells.
 */
export const SYSTEM_DEPENDENCIES = [
  // The lab's report.html is drawn and printed to PDF in a real browser:
  // Debian's chromium, where test/lab.e2e-spec.ts looks (or CHROMIUM_PATH).
  { check: 'chromium', package: 'chromium', probe: () => onPath(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') },
  // The Python client and its unittest suite; a raw-socket helper.
  { check: 'python3', package: 'python3', probe: () => onPath('python3') },
  // The report's PDF read back as text (pdftotext, pdfinfo).
  { check: 'pdftotext', package: 'poppler-utils', probe: () => onPath('pdftotext') },
  // The network test: hosts as network namespaces, each with a firewall,
  // a balancer, and the shipped deploy files checked by their own readers.
  { check: 'ip', package: 'iproute2', probe: () => onPath('ip') },
  { check: 'nft', package: 'nftables', probe: () => onPath('nft') },
  { check: 'haproxy', package: 'haproxy', probe: () => onPath('haproxy') },
  { check: 'systemd-analyze', package: 'systemd', probe: () => onPath('systemd-analyze') },
  {
    check: "/usr/bin/python3 -c 'import firewall.core.io.service'",
    package: 'python3-firewall',
    probe: () => runs('/usr/bin/python3', ['-c', 'import firewall.core.io.service']),
  },
  // report.docx is checked by converting it to PDF.
  { check: 'soffice', package: 'libreoffice-writer-nogui', probe: () => onPath('soffice') },
  // The class session's test moves a client host's clock.
  { check: 'faketime', package: 'faketime', probe: () => onPath('faketime') },
  // The timelines' text drawn into PNG: any font with Cyrillic that
  // fontconfig knows, or DejaVu Sans where fontconfig is not installed.
  {
    check: 'fc-list :lang=ru',
    package: 'fonts-dejavu-core',
    probe: () => existsSync(DEJAVU) || (onPath('fc-list') && output('fc-list', [':lang=ru', 'file']).trim() !== ''),
  },
];

const TEXTS = {
  ru: {
    needLinux: () =>
      'npm test работает только в Linux (сетевые пространства имён, nftables); здесь запустите модульные тесты: npm run test:unit',
    needRoot: () =>
      'npm test нужны права root (сетевые пространства имён, tmpfs): запустите sudo npm test — или только модульные тесты: npm run test:unit',
    missing: (what, command) =>
      `npm test не может начаться: нет ${what}. Выполните: ${command} — или запустите только модульные тесты: npm run test:unit`,
    otherSystem: (what, packages) =>
      `npm test не может начаться: нет ${what}; установите менеджером пакетов вашей системы (в Debian/Ubuntu: ${packages}) — или запустите только модульные тесты: npm run test:unit`,
    installing: (packages) => `npm test: устанавливаю недостающие системные пакеты: ${packages}`,
  },
  en: {
    needLinux: () => 'npm test runs only on Linux (network namespaces, nftables); here run the unit tests: npm run test:unit',
    needRoot: () =>
      'npm test needs root (network namespaces, a tmpfs): run sudo npm test, or only the unit tests: npm run test:unit',
    missing: (what, command) =>
      `npm test cannot start: missing ${what}. Run: ${command} (or only the unit tests, which need none of it: npm run test:unit)`,
    otherSystem: (what, packages) =>
      `npm test cannot start: missing ${what}; install with your system's package manager (Debian/Ubuntu: ${packages}), or run only the unit tests: npm run test:unit`,
    installing: (packages) => `npm test: installing the missing system packages: ${packages}`,
  },
};

/** Whether `name` (a bare name looked up on PATH, or a path) is executable. */
function onPath(name) {
  const candidates = name.includes('/')
    ? [name]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter((dir) => dir !== '')
        .map((dir) => join(dir, name));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function runs(file, args) {
  return spawnSync(file, args, { stdio: 'ignore', timeout: 30_000 }).status === 0;
}

function output(file, args) {
  const result = spawnSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 });
  return result.status === 0 ? result.stdout : '';
}

function lang(argv, env) {
  const i = argv.indexOf('--lang');
  const flag = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
  return (flag ?? env.MIRROR_LAB_LANG) === 'en' ? 'en' : 'ru';
}

function isDebianLike() {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(release);
  } catch {
    return false;
  }
}

const missingNow = () => SYSTEM_DEPENDENCIES.filter((dep) => !dep.probe());
const named = (deps) => deps.map((dep) => `${dep.check} (${dep.package})`).join(', ');
const packages = (deps) => [...new Set(deps.map((dep) => dep.package))].join(' ');

function main(argv) {
  if (argv.includes('--list')) {
    for (const { check, package: pkg } of SYSTEM_DEPENDENCIES) console.log(JSON.stringify({ check, package: pkg }));
    return 0;
  }
  const t = TEXTS[lang(argv, process.env)];
  if (process.platform !== 'linux') {
    console.error(t.needLinux());
    return 1;
  }
  const root = process.getuid?.() === 0;
  let missing = missingNow();
  if (missing.length > 0 && root && onPath('apt-get')) {
    console.error(t.installing(packages(missing)));
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    // Each step's output goes to stderr; a failed update may still leave a
    // usable package list, and the check after the install is what decides.
    const stdio = ['ignore', 2, 2];
    spawnSync('apt-get', ['update'], { env, stdio });
    spawnSync('apt-get', ['install', '-y', ...new Set(missing.map((dep) => dep.package))], { env, stdio });
    missing = missingNow();
  }
  if (missing.length === 0) {
    if (root) return 0;
    console.error(t.needRoot());
    return 1;
  }
  if (!isDebianLike()) {
    console.error(t.otherSystem(named(missing), packages(missing)));
    return 1;
  }
  const install = `${root ? '' : 'sudo '}apt-get install -y ${packages(missing)}`;
  console.error(t.missing(named(missing), root ? install : `${install} && sudo npm test`));
  return 1;
}

process.exitCode = main(process.argv.slice(2));
