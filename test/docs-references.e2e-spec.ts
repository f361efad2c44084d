import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { ROOT } from './helpers.js';

/**
 * What the docs and the code's comments point at must exist: a repo file
 * named by its path, a section of a doc (the doc's name, `#`, the heading's
 * anchor), a Markdown link, a config key
 * (`section.key` or `[section] key` in backticks), a function or class named
 * in backticks in a doc. A renamed file, heading or key fails here instead of
 * leaving a newcomer a pointer to nothing. How to read a failure:
 * docs/testing.md#docs-that-point-at-nothing.
 */

const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.tmp', 'reports', 'logs', 'coverage', 'results', '__pycache__']);
const CODE_EXT = new Set(['.ts', '.mjs', '.js', '.cjs', '.py']);
// Files whose comments may point at the repo: code, configs, deploy files.
const COMMENTED_EXT = new Set([...CODE_EXT, '.ini', '.service', '.cfg', '.json', '.xml', '.sh', '']);
const TOP_DIRS = 'apps|libs|test|docs|config|deploy|clients|bench|scripts|\\.ci';
// A path from the repo's root, not inside a longer path or a URL.
const ROOT_PATH = new RegExp(`(?<![\\w@./-])((?:${TOP_DIRS})/[\\w.@/-]*\\w)`, 'g');
// A doc's section: the doc's path from the root (or from docs/ inside docs/), `#`, an anchor.
const DOC_ANCHOR = /(?<![\w/.-])((?:docs\/)?[\w.-]+\.md)#([\p{L}\p{N}_-]+)/gu;
const MD_LINK = /\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const FILE_EXTS = new Set([
  'ts',
  'js',
  'mjs',
  'cjs',
  'json',
  'md',
  'py',
  'ini',
  'cfg',
  'xml',
  'log',
  'html',
  'docx',
  'png',
  'svg',
  'pdf',
  'txt',
]);

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

const FILES = walk(ROOT).map((file) => relative(ROOT, file));
const DOCS = FILES.filter((file) => file.endsWith('.md'));
const COMMENTED = FILES.filter(
  (file) => COMMENTED_EXT.has(extname(file)) && !file.endsWith('package-lock.json') && !file.startsWith('node_modules'),
);
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** The comment text of a code or config file, line by line (line number, text). */
function comments(file: string): [number, string][] {
  const out: [number, string][] = [];
  const ext = extname(file);
  read(file)
    .split('\n')
    .forEach((line, i) => {
      const trimmed = line.trim();
      if (ext === '.py' || ext === '.cfg' || ext === '.sh' || ext === '' || ext === '.service') {
        const hash = line.indexOf('#');
        if (hash >= 0) out.push([i + 1, line.slice(hash)]);
        // Python docstrings are comments too.
        if (ext === '.py' && !trimmed.startsWith('#')) out.push([i + 1, line]);
      } else if (ext === '.ini') {
        if (trimmed.startsWith(';') || trimmed.startsWith('#')) out.push([i + 1, trimmed]);
      } else if (ext === '.xml') {
        out.push([i + 1, line]);
      } else if (trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*')) {
        out.push([i + 1, trimmed]);
      } else {
        const slashes = line.search(/(?<![:'"`\\])\/\/ /);
        if (slashes >= 0) out.push([i + 1, line.slice(slashes)]);
      }
    });
  return out;
}

/** GitHub's anchor of a heading: lower case, no punctuation, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOf(file: string): Set<string> {
  let anchors = anchorCache.get(file);
  if (!anchors) {
    anchors = new Set();
    const seen = new Map<string, number>();
    let fence = false;
    for (const line of read(file).split('\n')) {
      if (line.startsWith('```')) fence = !fence;
      const heading = !fence && /^#{1,6}\s+(.*?)\s*#*$/.exec(line);
      if (!heading) continue;
      const base = slug(heading[1]);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    anchorCache.set(file, anchors);
  }
  return anchors;
}

const exists = (file: string): boolean => existsSync(join(ROOT, file));

/** Every problem as "file:line: what", so one run lists them all. */
type Problems = string[];

function checkAnchor(where: string, file: string, anchor: string, problems: Problems): void {
  if (!exists(file)) problems.push(`${where}: ${file} does not exist`);
  else if (!anchorsOf(file).has(decodeURIComponent(anchor))) problems.push(`${where}: ${file} has no heading #${anchor}`);
}

// Where a path may also start: `config/config.schema.ts` is libs/common/src's.
const SOURCE_ROOTS = [
  ...new Set(FILES.filter((f) => /^(apps|libs)\/[^/]+\/src\//.test(f)).map((f) => f.split('/').slice(0, 3).join('/'))),
];

/** A file or folder of the repo; also a built file named without its source's extension (bench/loadgen). */
function existsSomewhere(path: string, alsoFrom: string[]): boolean {
  if (exists(path) || FILES.some((file) => file.startsWith(`${path}.`))) return true;
  return alsoFrom.some((base) => exists(join(base, path)));
}

/**
 * What a doc's own commands make (`cp SRC DST`, `cp -r SRC DST`, `cat > FILE`):
 * a walk-through names the files it is about to create (docs/extending.md's
 * lab-3 app), and those are paths of the reader's copy, not of the repo.
 */
function madeBy(doc: string): string[] {
  const made: string[] = [];
  for (const m of read(doc).matchAll(/^(?:cp(?: -r)? \S+ (\S+)|cat > (\S+) <<)/gm)) made.push(m[1] ?? m[2]);
  return made;
}

/** Every path some doc's walk-through creates: a test or comment about that walk may name them too. */
let MADE_CACHE: string[] | undefined;
const walkMade = (): string[] => (MADE_CACHE ??= DOCS.flatMap(madeBy));

function checkRootPaths(where: string, text: string, problems: Problems, made: string[] = walkMade()): void {
  for (const match of text.matchAll(ROOT_PATH)) {
    if (made.some((dst) => match[1] === dst || match[1].startsWith(`${dst}/`))) continue;
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + 2);
    // A pattern (test/*.e2e-spec.ts, config/<app>.ini, server-{sync,cluster}.ini), not a path.
    if (/^[-/]?[*<{$]/.test(after)) continue;
    // An example: a one-letter name (config/x.ini).
    if (/(^|\/)[a-z]\.\w+$/.test(match[1])) continue;
    if (!existsSomewhere(match[1], SOURCE_ROOTS)) problems.push(`${where}: ${match[1]} does not exist`);
  }
}

function checkDocAnchors(where: string, fromDir: string, text: string, problems: Problems): void {
  for (const match of text.matchAll(DOC_ANCHOR)) {
    const file = match[1].startsWith('docs/') || fromDir === '.' ? match[1] : join(fromDir, match[1]);
    checkAnchor(where, file, match[2], problems);
  }
}

/** The config keys the apps know: the shipped INI files show every one (a machine-dependent default as a comment). */
function knownKeys(): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  const add = (section: string, key: string): void => {
    if (!keys.has(section)) keys.set(section, new Set());
    keys.get(section)!.add(key);
  };
  for (const file of FILES.filter((f) => f.endsWith('.ini'))) {
    let section = '';
    for (const line of read(file).split('\n')) {
      const head = /^\s*\[([\w-]+)\]/.exec(line);
      if (head) section = head[1];
      const entry = /^\s*[;#]?\s*([a-z_]+)\s*=/.exec(line);
      if (entry && section !== '') add(section, entry[1]);
    }
  }
  return keys;
}

function checkConfigKeys(where: string, text: string, keys: Map<string, Set<string>>, problems: Problems): void {
  const found = [
    ...[...text.matchAll(/`([a-z]+)\.([a-z_]+)`/g)].map((m) => [m[1], m[2]]),
    ...[...text.matchAll(/`\[([a-z]+)\] ([a-z_]+)`/g)].map((m) => [m[1], m[2]]),
  ];
  for (const [section, key] of found) {
    if (FILE_EXTS.has(key) || !keys.has(section)) continue;
    if (!keys.get(section)!.has(key)) problems.push(`${where}: config key ${section}.${key} does not exist`);
  }
}

/** Words of the repo's code and of its dependencies' type entries: where a named function or class may live. */
function codeWords(): Set<string> {
  const words = new Set<string>();
  const addWords = (text: string): void => {
    for (const word of text.match(/[A-Za-z_$][\w$]*/g) ?? []) words.add(word);
  };
  for (const file of FILES.filter((f) => CODE_EXT.has(extname(f)) || f === 'package.json')) addWords(read(file));
  const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(pkg.dependencies)) {
    const dir = join(ROOT, 'node_modules', dep);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      types?: string;
      typings?: string;
      exports?: Record<string, unknown>;
    };
    const dot = manifest.exports?.['.'] as { types?: string } | undefined;
    for (const entry of [manifest.types, manifest.typings, dot?.types, 'index.d.ts']) {
      if (entry === undefined) continue;
      const file = resolve(dir, entry);
      if (existsSync(file) && statSync(file).isFile()) addWords(readFileSync(file, 'utf8'));
    }
  }
  return words;
}

describe('references in the docs and comments', () => {
  it('should find every Markdown link target and its heading', () => {
    const problems: Problems = [];
    for (const doc of DOCS) {
      read(doc)
        .split('\n')
        .forEach((line, i) => {
          for (const match of line.matchAll(MD_LINK)) {
            const target = match[1];
            if (/^[a-z]+:/.test(target)) continue;
            // A pattern (timeline-<server>.png), not a file: as checkRootPaths treats one.
            if (/[<*{]/.test(target)) continue;
            const [path, anchor] = target.split('#') as [string, string | undefined];
            const file = path === '' ? doc : join(dirname(doc), decodeURI(path));
            const where = `${doc}:${i + 1}`;
            if (anchor !== undefined) checkAnchor(where, file, anchor, problems);
            else if (!exists(file)) problems.push(`${where}: ${file} does not exist`);
          }
        });
    }
    expect(problems).toEqual([]);
  });

  it('should find every repo path and docs section named in a doc or a comment', () => {
    const problems: Problems = [];
    for (const doc of DOCS) {
      read(doc)
        .split('\n')
        .forEach((line, i) => {
          checkRootPaths(`${doc}:${i + 1}`, line, problems);
          checkDocAnchors(`${doc}:${i + 1}`, dirname(doc), line, problems);
        });
    }
    for (const file of COMMENTED)
      for (const [n, text] of comments(file)) {
        checkRootPaths(`${file}:${n}`, text, problems);
        checkDocAnchors(`${file}:${n}`, '.', text, problems);
      }
    expect(problems).toEqual([]);
  });

  it('should find every source file a doc names by its path inside an app or a library', () => {
    const problems: Problems = [];
    // clients/python: the Python client names its paths from its own folder (../../config/student.ini).
    const roots = ['.', 'clients/python', ...SOURCE_ROOTS];
    for (const doc of DOCS)
      read(doc)
        .split('\n')
        .forEach((line, i) => {
          for (const match of line.matchAll(/`((?:[\w.-]+\/)+[\w.-]+\.(?:ts|mjs|py|ini))`/g)) {
            const path = match[1];
            if (new RegExp(`^(?:${TOP_DIRS})/`).test(path)) continue;
            if (!roots.some((base) => exists(join(base, path)) || exists(join(dirname(doc), path))))
              problems.push(`${doc}:${i + 1}: ${path} is in no app or library`);
          }
        });
    expect(problems).toEqual([]);
  });

  it('should point into docs/ for the specification and the style, not at files outside the repository', () => {
    const problems: Problems = [];
    const outside = /\bSPEC §|\bSPEC\.md\b|\bSTYLE\.md\b/;
    for (const file of [...DOCS, ...COMMENTED].filter((f) => f !== 'test/docs-references.e2e-spec.ts'))
      read(file)
        .split('\n')
        .forEach((line, i) => {
          if (outside.test(line)) problems.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    expect(problems).toEqual([]);
  });

  it('should find every config key named in a doc or a comment', () => {
    const keys = knownKeys();
    expect(keys.get('server')?.has('port')).toBe(true);
    const problems: Problems = [];
    for (const doc of DOCS)
      read(doc)
        .split('\n')
        .forEach((line, i) => checkConfigKeys(`${doc}:${i + 1}`, line, keys, problems));
    for (const file of COMMENTED) for (const [n, text] of comments(file)) checkConfigKeys(`${file}:${n}`, text, keys, problems);
    expect(problems).toEqual([]);
  });

  it('should find in the code every function, class and log reason a doc names in backticks', () => {
    const words = codeWords();
    const code = FILES.filter((f) => CODE_EXT.has(extname(f)) && !f.startsWith('test/docs-references'))
      .map(read)
      .join('\n');
    const problems: Problems = [];
    for (const doc of DOCS)
      read(doc)
        .split('\n')
        .forEach((line, i) => {
          for (const match of line.matchAll(/`[^`]*\breason=([a-z][a-z-]*[a-z])\b[^`]*`/g)) {
            const reason = match[1];
            if (![`'${reason}'`, `"${reason}"`, `reason=${reason}`].some((quoted) => code.includes(quoted)))
              problems.push(`${doc}:${i + 1}: reason=${reason} is written by no app`);
          }
          for (const match of line.matchAll(/`([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)(?:\(\))?`/g)) {
            const name = match[1];
            if (!words.has(name) && !(name in globalThis)) problems.push(`${doc}:${i + 1}: ${name} is nowhere in the code`);
          }
        });
    expect(problems).toEqual([]);
  });
});
