import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The libraries' surfaces (docs/architecture.md): `@app/common` and
 * `@app/report` export each name by name, and only names that some app, lib,
 * test or bench file imports from them. Read from the sources, as text, so a
 * name added with the code that imports it passes, and a name left behind
 * when its last importer goes fails.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
type Library = '@app/common' | '@app/report';
const LIBRARIES: readonly (readonly [Library, string])[] = [
  ['@app/common', 'libs/common/src/index.ts'],
  ['@app/report', 'libs/report/src/index.ts'],
];
const SCANNED = ['apps', 'libs', 'test', 'bench'];
/**
 * Names exported for code not merged yet (another branch that imports them).
 * Once it is merged, each is imported here too and the last test below asks
 * for the list to be emptied; empty now.
 */
const AWAITING_IMPORTERS: Readonly<Record<Library, readonly string[]>> = {
  '@app/common': [],
  '@app/report': [],
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : files(path);
    return /\.(ts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** `a, type B, c as d` → `a`, `B`, `c` (the exported side of each entry). */
const namesIn = (list: string): string[] =>
  list
    .split(',')
    .map((entry) =>
      entry
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+|\s*:/)[0]
        .trim(),
    )
    .filter((name) => name !== '');

/** The names `index.ts` exports, from its `export { … } from` and `export type { … } from` lines. */
function exportedNames(index: string): string[] {
  return [...index.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s*from/g)].flatMap((m) => namesIn(m[1]));
}

/** The names `text` takes from `library`: `import { … } from`, `import type { … } from`, `const { … } = await import(…)`. */
function importedNames(text: string, library: string): string[] {
  const quoted = `'${library.replace('/', '\\/')}'`;
  const statics = new RegExp(`import\\s+(?:type\\s+)?\\{([^}]*)\\}\\s*from\\s*${quoted}`, 'g');
  const dynamics = new RegExp(`\\{([^}]*)\\}\\s*=\\s*await\\s+import\\(\\s*${quoted}\\s*\\)`, 'g');
  return [...text.matchAll(statics), ...text.matchAll(dynamics)].flatMap((m) => namesIn(m[1]));
}

describe('library exports', () => {
  const sources = SCANNED.flatMap((dir) => files(join(ROOT, dir))).map((path) => readFileSync(path, 'utf8'));

  it('should read the names of an export list and of an import list, type-only and renamed ones too', () => {
    expect(exportedNames("export { a, type B } from './x.js';\nexport type {\n  C,\n  D,\n} from './y.js';")).toEqual([
      'a',
      'B',
      'C',
      'D',
    ]);
    const text =
      "import { a, type B as Bee } from '@app/common';\nconst { c, d: dee } = await import('@app/common');\nimport { e } from '@app/report';";
    expect(importedNames(text, '@app/common')).toEqual(['a', 'B', 'c', 'd']);
    expect(importedNames(text, '@app/report')).toEqual(['e']);
  });

  it.each(LIBRARIES)('should export from %s by name only: no export * of a whole module', (_library, index) => {
    expect(readFileSync(join(ROOT, index), 'utf8')).not.toMatch(/export\s+\*/);
  });

  it.each(LIBRARIES)('should export from %s only names that an app, lib, test or bench imports', (library, index) => {
    const exported = exportedNames(readFileSync(join(ROOT, index), 'utf8'));
    const imported = new Set(sources.flatMap((text) => importedNames(text, library)));
    const awaiting = new Set(AWAITING_IMPORTERS[library]);
    expect(exported.length).toBeGreaterThan(0);
    expect(exported.filter((name) => !imported.has(name) && !awaiting.has(name))).toEqual([]);
  });

  it.each(LIBRARIES)(
    'should keep on the awaiting list of %s only names still exported and not yet imported',
    (library, index) => {
      const exported = new Set(exportedNames(readFileSync(join(ROOT, index), 'utf8')));
      const imported = new Set(sources.flatMap((text) => importedNames(text, library)));
      const awaiting = AWAITING_IMPORTERS[library];
      expect(awaiting.filter((name) => !exported.has(name) || imported.has(name))).toEqual([]);
    },
  );
});
