import { posix } from 'node:path';

/**
 * Which source files a TypeScript program really runs, found from its own
 * code: start at its files, follow every import, and through a barrel (an
 * `index.ts` of `export … from` lines, like `@app/common`'s) go only to the
 * file that defines each name imported. So the report's appendix shows a
 * teacher the whole client — its own files and the library code it calls —
 * without the rest of the library.
 *
 * It reads source as the project writes it (Prettier-formatted ES modules:
 * each `import`/`export … from` starts a line), not every TypeScript
 * syntax; a name it cannot follow brings in the whole module it came from.
 */

/** A project file's text by its path from the project root (posix separators), or undefined if there is none. */
export type ReadSource = (path: string) => string | undefined;

export interface SourceWalk {
  /**
   * Paths from the project root: the entries first, then the app's other
   * files, then the library's (reached through a path alias).
   */
  files: string[];
  /** Relative imports that name no file (the appendix says so rather than hiding a gap). */
  unresolved: string[];
  /** npm packages and Node built-ins the code imports, e.g. `@nestjs/core`, `node:net`. */
  packages: string[];
  /** Each name the app's own files import through a path alias (`@app/common`), and the file that defines it. */
  links: LibraryLink[];
}

export interface LibraryLink {
  name: string;
  /** The import as written: `@app/common`. */
  from: string;
  /** The file that defines `name`, from the project root. */
  file: string;
}

interface ImportStatement {
  from: string;
  /** Value names imported (or re-exported), by the name the target module exports. */
  names: string[];
  /** Side-effect, namespace or default import: the whole module. */
  whole: boolean;
}

interface ModuleInfo {
  imports: ImportStatement[];
  /** Names this file declares and exports itself. */
  local: Set<string>;
  /** `export { a as b } from 'm'`: b → { from: m, name: a }. */
  reexports: Map<string, { from: string; name: string }>;
  /** `export * from 'm'`. */
  stars: string[];
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** `a`, `a as b`, `type T`: the value names of a `{ … }` list, as [imported, local] pairs. */
function specifiers(list: string): Array<[string, string]> {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith('type '))
    .map((s) => {
      const [name, alias] = s.split(/\s+as\s+/);
      return [name.trim(), (alias ?? name).trim()] as [string, string];
    })
    .filter(([name]) => IDENT.test(name));
}

/** Comments out, so a commented-out import or an example in a doc comment is not followed. */
const stripComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

function parseModule(code: string): ModuleInfo {
  const text = stripComments(code);
  const info: ModuleInfo = { imports: [], local: new Set(), reexports: new Map(), stars: [] };
  for (const m of text.matchAll(/^import\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm)) {
    if (m[1]) continue; // import type { … }: erased, nothing runs
    const clause = m[2];
    const braces = clause.match(/\{([^}]*)\}/);
    const outside = clause
      .replace(/\{[^}]*\}/, '')
      .replace(/,/g, ' ')
      .trim();
    info.imports.push({
      from: m[3],
      names: braces ? specifiers(braces[1]).map(([name]) => name) : [],
      // A default or namespace import (`X`, `* as X`) uses the module as a whole.
      whole: outside.length > 0,
    });
  }
  for (const m of text.matchAll(/^import\s*['"]([^'"]+)['"]/gm)) info.imports.push({ from: m[1], names: [], whole: true });
  for (const m of text.matchAll(/^export\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/gm)) {
    if (m[1]) continue;
    for (const [name, alias] of specifiers(m[2])) info.reexports.set(alias, { from: m[3], name });
  }
  for (const m of text.matchAll(/^export\s+\*\s+from\s*['"]([^'"]+)['"]/gm)) info.stars.push(m[1]);
  for (const m of text.matchAll(
    /^export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:abstract\s+)?(?:function\*?|class|const|let|var|enum)\s+([A-Za-z_$][\w$]*)/gm,
  ))
    info.local.add(m[1]);
  for (const m of text.matchAll(/^export\s*\{([^}]*)\}\s*;/gm)) for (const [, alias] of specifiers(m[1])) info.local.add(alias);
  return info;
}

/** `@nestjs/core/x` → `@nestjs/core`, `ini` → `ini`, `node:net` → `node:net`. */
const packageName = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Walk from `entries`. `alias` maps a path alias (`@app/common`) to its
 * file, as tsconfig's `paths` do.
 */
export function walkSources(entries: string[], read: ReadSource, alias: (spec: string) => string | undefined): SourceWalk {
  const parsed = new Map<string, ModuleInfo>();
  const info = (file: string) => {
    let m = parsed.get(file);
    if (!m) parsed.set(file, (m = parseModule(read(file) ?? '')));
    return m;
  };
  const packages = new Set<string>();
  const unresolved = new Set<string>();

  /** The file an import names: `./x.js` is `./x.ts` in the source, a folder is its index.ts. */
  const resolve = (from: string, spec: string): string | undefined => {
    const base = spec.startsWith('.') ? posix.join(posix.dirname(from), spec) : alias(spec);
    if (base === undefined) {
      packages.add(packageName(spec));
      return undefined;
    }
    const stem = base.replace(/\.(js|ts)$/, '');
    const found = [`${stem}.ts`, `${stem}/index.ts`, base].find((p) => read(p) !== undefined);
    if (!found) unresolved.add(base);
    return found;
  };

  /** The file that defines `name` exported by `file`, following re-exports; undefined if none does. */
  const definer = (file: string, name: string, seen = new Set<string>()): string | undefined => {
    if (seen.has(file)) return undefined;
    seen.add(file);
    const m = info(file);
    if (m.local.has(name)) return file;
    const re = m.reexports.get(name);
    if (re) {
      const target = resolve(file, re.from);
      return target && definer(target, re.name, seen);
    }
    for (const star of m.stars) {
      const target = resolve(file, star);
      const found = target && definer(target, name, seen);
      if (found) return found;
    }
    return undefined;
  };

  const included = new Set<string>();
  const queue: string[] = [];
  const links: LibraryLink[] = [];
  /** Files reached through a path alias, or from such a file: the library, as opposed to the app's own files. */
  const library = new Set<string>();
  const include = (file: string, inLibrary: boolean) => {
    if (inLibrary) library.add(file);
    if (included.has(file)) return;
    included.add(file);
    queue.push(file);
  };
  for (const entry of entries) {
    if (read(entry) === undefined) unresolved.add(entry);
    else include(entry, false);
  }
  while (queue.length > 0) {
    const file = queue.shift()!;
    const m = info(file);
    const uses: ImportStatement[] = [
      ...m.imports,
      // What a file re-exports by name is part of what it runs.
      ...[...m.reexports.values()].map((r) => ({ from: r.from, names: [r.name], whole: false })),
    ];
    for (const use of uses) {
      const target = resolve(file, use.from);
      if (!target) continue;
      const aliased = !use.from.startsWith('.');
      const inLibrary = aliased || library.has(file);
      if (use.whole) include(target, inLibrary);
      for (const name of use.names) {
        const defined = definer(target, name) ?? target;
        include(defined, inLibrary);
        if (aliased && !library.has(file)) links.push({ name, from: use.from, file: defined });
      }
    }
  }
  const all = [...included];
  const isEntry = (f: string) => entries.includes(f);
  const rank = (f: string) => (isEntry(f) ? 0 : library.has(f) ? 2 : 1);
  const files = all.sort((a, b) =>
    rank(a) !== rank(b) ? rank(a) - rank(b) : isEntry(a) ? entries.indexOf(a) - entries.indexOf(b) : a.localeCompare(b),
  );
  const seenLinks = new Set<string>();
  const unique = links.filter((l) => !seenLinks.has(`${l.from} ${l.name}`) && seenLinks.add(`${l.from} ${l.name}`));
  return { files, unresolved: [...unresolved].sort(), packages: [...packages].sort(), links: unique };
}

/** `@app/<name>` → `libs/<name>/src/index.ts`, the project's path aliases (tsconfig.json `paths`). */
export const projectAlias = (spec: string): string | undefined => {
  const m = spec.match(/^@app\/([\w-]+)$/);
  return m ? `libs/${m[1]}/src/index.ts` : undefined;
};

/** The longest summary of a name's doc comment, in characters. */
export const ABOUT_MAX = 200;

/**
 * What the doc comment right above `export … name` says: its first
 * paragraph on one line; a long one is cut after its first sentence, or at a
 * word with an ellipsis. Empty when the declaration has no doc comment.
 */
export function aboutExport(code: string, name: string): string {
  const declaration = new RegExp(
    `(\\/\\*\\*((?:(?!\\*\\/)[\\s\\S])*)\\*\\/\\s*)?(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*^export\\s+(?:declare\\s+)?(?:default\\s+)?(?:async\\s+)?(?:abstract\\s+)?(?:function\\*?|class|const|let|var|enum)\\s+${name.replace(/\$/g, '\\$')}\\b`,
    'm',
  );
  const doc = code.match(declaration)?.[2];
  if (!doc) return '';
  const paragraph = doc
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trim())
    .join('\n')
    .trim()
    .split(/\n\s*\n/)[0]
    .replace(/\s+/g, ' ');
  if (paragraph.length <= ABOUT_MAX) return paragraph;
  const sentence = paragraph.match(/^.{20,}?[.!?](?=\s+[A-ZА-ЯЁ`(]|$)/)?.[0];
  if (sentence && sentence.length <= ABOUT_MAX) return sentence;
  return paragraph.slice(0, ABOUT_MAX).replace(/\s+\S*$/, '') + '…';
}
