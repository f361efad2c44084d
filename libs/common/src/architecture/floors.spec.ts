import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The library's floors (docs/architecture.md, "Floors"): a folder may import
 * its own floor's folders and those below, never one above, and no files
 * import each other in a circle. Read from the sources, as text: every
 * relative `import`/`export … from` of every file that is not a spec or a
 * test helper.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ARCHITECTURE_DOC = resolve(SRC, '../../../docs/architecture.md');

/** Floor of each top folder of libs/common/src; the files at its root (index.ts) stand on top. */
const FLOORS: Readonly<Record<string, number>> = {
  i18n: 1,
  config: 2,
  log: 3,
  transport: 4,
  work: 4,
  mirror: 5,
  server: 6,
  cli: 7,
  '.': 8,
};

/** Test helpers (`testing/`) and specs may import anything; nothing else imports them. */
const isSource = (file: string) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.startsWith('testing/');

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    const file = relative(SRC, path);
    return isSource(file) ? [file] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'|(?:^|\n)\s*import\s+'(\.{1,2}\/[^']+)'/g;

/** The library files `file` imports (paths from libs/common/src, `.ts`). */
function importsOf(file: string, text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => relative(SRC, resolve(SRC, dirname(file), m[1] ?? m[2])).replace(/\.js$/, '.ts'));
}

const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');

/** Every import that runs from a lower floor to a higher one, as `from -> to`. */
function upwardImports(graph: ReadonlyMap<string, readonly string[]>, floors = FLOORS): string[] {
  const up: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const a = floors[folderOf(from)];
      const b = floors[folderOf(to)];
      if (a === undefined || b === undefined || b > a) up.push(`${from} -> ${to}`);
    }
  }
  return up;
}

/** One circle of files, if there is any: `a -> b -> … -> a`. */
function findCircle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === 'done') return undefined;
    if (state.get(file) === 'open') return [...path.slice(path.indexOf(file)), file];
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      const circle = visit(next);
      if (circle) return circle;
    }
    path.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const file of graph.keys()) {
    const circle = visit(file);
    if (circle) return circle;
  }
  return undefined;
}

/** The pairs of folders `a -> b` where a file of `a` imports one of `b` (the root's index.ts left out), sorted. */
function folderArrows(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const arrows = new Set<string>();
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const a = folderOf(from);
      const b = folderOf(to);
      if (a !== b && a !== '.') arrows.add(`${a} -> ${b}`);
    }
  }
  return [...arrows].sort();
}

/** The arrows of the Floors chart in docs/architecture.md (`a --> b` lines of its mermaid block), sorted. */
function chartArrows(markdown: string): string[] {
  const from = markdown.indexOf('## Floors');
  const block = /```mermaid\n([\s\S]*?)```/.exec(markdown.slice(from))?.[1] ?? '';
  return [...block.matchAll(/^\s*(\w+) --> (\w+)\s*$/gm)].map((m) => `${m[1]} -> ${m[2]}`).sort();
}

function libraryGraph(): Map<string, string[]> {
  return new Map(sources().map((file) => [file, importsOf(file, readFileSync(join(SRC, file), 'utf8'))]));
}

describe('libs/common floors', () => {
  it('should find every relative import of a file, and only those', () => {
    const text = [
      "import { a } from '../config/config.error.js';",
      "import type { B } from './b.js';",
      "export { c } from './c/d.js';",
      "import {\n  e,\n  f,\n} from '../log/event-log.js';",
      "import 'reflect-metadata';",
      "import { g } from '@nestjs/common';",
    ].join('\n');
    expect(importsOf('i18n/lang.ts', text)).toEqual(['config/config.error.ts', 'i18n/b.ts', 'i18n/c/d.ts', 'log/event-log.ts']);
  });

  it('should tell an upward import and a circle when there is one', () => {
    const graph = new Map([
      ['i18n/lang.ts', ['config/config.errors.ts']],
      ['config/config.errors.ts', ['i18n/messages.ts']],
      ['i18n/messages.ts', ['i18n/lang.ts']],
    ]);
    expect(upwardImports(graph)).toEqual(['i18n/lang.ts -> config/config.errors.ts']);
    expect(findCircle(graph)).toEqual(['i18n/lang.ts', 'config/config.errors.ts', 'i18n/messages.ts', 'i18n/lang.ts']);
    expect(findCircle(new Map([['a.ts', ['b.ts']]]))).toBeUndefined();
  });

  it('should have every folder on a floor, and read the imports of the real files', () => {
    const graph = libraryGraph();
    expect([...new Set([...graph.keys()].map(folderOf))].filter((f) => FLOORS[f] === undefined)).toEqual([]);
    // The bootstrap reaches down to the config: the walker sees the real imports.
    expect(graph.get('cli/run-app.ts')).toContain('config/app-config.ts');
  });

  it('should import nothing from a floor above', () => {
    expect(upwardImports(libraryGraph())).toEqual([]);
  });

  it('should draw in docs/architecture.md exactly the arrows between folders that the imports have', () => {
    const drawn = chartArrows(readFileSync(ARCHITECTURE_DOC, 'utf8'));
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn).toEqual(folderArrows(libraryGraph()));
  });

  it('should have no circle of imports', () => {
    expect(findCircle(libraryGraph())).toBeUndefined();
  });
});
