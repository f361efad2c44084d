import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '@app/common';
import type { ReportInput } from '@app/report';
import { CLIENT_KINDS } from './lab-kinds.js';
import type { LabOptions } from './lab-options.js';
import { aboutExport, projectAlias, walkSources, type LibraryLink } from './source-walk.js';

/** The words of the appendix's library index; both languages have this shape. */
interface SourcesTexts {
  /** The index's title, where a file's name would be. */
  index: (from: string, dir: string) => string;
  /** Its first line: what the list is. */
  intro: (files: number, lines: number) => string;
}

/**
 * `n` and its noun by the language's plural rules. The library's own `count`
 * does the same, but importing `@app/common` at run time would load Nest into
 * this module's unit test, which needs none of it.
 */
const count = (lang: Lang, n: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }) =>
  `${n} ${forms[new Intl.PluralRules(lang).select(n)] ?? forms.other}`;

const TEXTS: Record<Lang, SourcesTexts> = {
  ru: {
    index: (from, dir) => `Что клиент берёт из ${from} (${dir})`,
    intro: (files, lines) =>
      `Каждое имя, которое код клиента импортирует из библиотеки, и где оно определено; после // — что это, ` +
      `цитатой из комментария в коде, как есть, по-английски (комментарии в коде проекта написаны по-английски). ` +
      `Вместе с тем, что они используют сами, это ${count('ru', files, { one: 'файл', few: 'файла', many: 'файлов', other: 'файла' })} библиотеки ` +
      `(${count('ru', lines, { one: 'строка', few: 'строки', many: 'строк', other: 'строки' })}) — тот же код, на котором работают серверы.`,
  },
  en: {
    index: (from, dir) => `What the client uses from ${from} (${dir})`,
    intro: (files, lines) =>
      `Each name the client's code imports from the library, and where it is defined; after // what it is, ` +
      `quoted as it stands from its doc comment in the code. ` +
      `With what they use in turn, that is ${count('en', files, { one: 'library file', other: 'library files' })} ` +
      `(${count('en', lines, { one: 'line', other: 'lines' })}), the same code the servers run on.`,
  },
};

/** One listing of the library names the client imports, grouped by the file that defines them. */
function libraryIndex(links: LibraryLink[], read: (path: string) => string | undefined, library: string[], lang: Lang) {
  const t = TEXTS[lang];
  const byFile = new Map<string, LibraryLink[]>();
  for (const link of [...links].sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name)))
    byFile.set(link.file, [...(byFile.get(link.file) ?? []), link]);
  const lines = library.reduce((n, f) => n + (read(f) ?? '').split('\n').length, 0);
  const text = [t.intro(library.length, lines), ''];
  for (const [file, names] of byFile) {
    text.push(file);
    for (const { name } of names) {
      const about = aboutExport(read(file) ?? '', name);
      // Marked as a comment: it is quoted from the code, in the code's language, not the report's.
      text.push(`    ${name}${about ? `  // ${about}` : ''}`);
    }
  }
  const from = [...new Set(links.map((l) => l.from))].join(', ');
  const dirs = [...new Set(links.map((l) => l.file.split('/').slice(0, 3).join('/')))].join(', ');
  return { name: t.index(from, dirs), text: text.join('\n') + '\n' };
}

/**
 * The source of the client that ran, for the report's appendix (paths from
 * the project root). The Python client is one file, shown whole. The
 * TypeScript client's own files are shown whole, and after them an index of
 * each name they import from the project's library: the file it lives in
 * and its doc comment's first sentence (docs/report.md).
 */
export function clientSources(root: string, client: LabOptions['client'], lang: Lang = 'ru'): ReportInput['appendix'] {
  const kind = CLIENT_KINDS[client];
  const dir = join(root, kind.sources.dir);
  const names = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => kind.sources.match.test(f))
        .sort()
    : [];
  // The entry point first: it is where a reader starts.
  names.sort((a, b) => Number(b.startsWith('main.')) - Number(a.startsWith('main.')));
  if (names.length === 0) return { language: kind.language, files: [], missing: [kind.sources.dir] };
  const read = (path: string) => {
    try {
      return readFileSync(join(root, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  const entries = names.map((f) => `${kind.sources.dir}/${f}`);
  const files = entries.map((name) => ({ name, text: read(name) ?? '' }));
  if (kind.language !== 'TypeScript') return { language: kind.language, files, missing: [] };
  const walk = walkSources(entries, read, projectAlias);
  const library = walk.files.filter((f) => !entries.includes(f));
  return {
    language: kind.language,
    files,
    missing: walk.unresolved,
    library: walk.links.length > 0 ? libraryIndex(walk.links, read, library, lang) : undefined,
  };
}
