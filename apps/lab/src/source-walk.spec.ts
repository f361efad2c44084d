import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientSources } from './client-sources.js';
import { ABOUT_MAX, aboutExport, projectAlias, walkSources } from './source-walk.js';

const ROOT = join(import.meta.dirname, '../../..');

/** An in-memory project: path → source. */
const tree = (files: Record<string, string>) => (path: string) => files[path];

const project = tree({
  'apps/x/src/main.ts': [
    "import 'reflect-metadata';",
    "import { NestFactory } from '@nestjs/core';",
    "import { runApp, helper as help, type Config } from '@app/lib';",
    "import type { Only } from '@app/lib';",
    "import { local } from './local.js';",
    "import * as util from './util/index.js';",
    "// import { commented } from './commented.js';",
    '/** An example: import { inDoc } from "./in-doc.js"; */',
    "import { gone } from './gone.js';",
    'runApp(NestFactory, local, util, help, gone);',
  ].join('\n'),
  'apps/x/src/local.ts': "import { connect } from 'node:net';\nexport const local = connect;\n",
  'apps/x/src/util/index.ts': 'export const util = 1;\n',
  'apps/x/src/commented.ts': 'export const commented = 1;\n',
  'apps/x/src/in-doc.ts': 'export const inDoc = 1;\n',
  'libs/lib/src/index.ts': [
    "export * from './run/run-app.js';",
    "export { helperImpl as helper, type Config } from './help/helper.js';",
    "export { Only } from './types.js';",
    "export * from './unused.js';",
  ].join('\n'),
  'libs/lib/src/run/run-app.ts': [
    "import { format } from '../text/format.js';",
    "import { something } from 'ini';",
    '',
    '/**',
    ' * Runs an app.',
    ' *',
    ' * Second paragraph.',
    ' */',
    'export async function runApp(...args: unknown[]) { return format(something, args); }',
  ].join('\n'),
  'libs/lib/src/help/helper.ts': 'export interface Config { a: 1 }\nexport function helperImpl() {}\n',
  'libs/lib/src/text/format.ts': 'export const format = (...a: unknown[]) => a;\n',
  'libs/lib/src/types.ts': 'export class Only {}\n',
  'libs/lib/src/unused.ts': 'export const unused = 1;\n',
});

describe(walkSources.name, () => {
  const walk = walkSources(['apps/x/src/main.ts'], project, projectAlias);

  it('should follow the imports to every file that runs, through a barrel only to the files that define the names', () => {
    expect(walk.files).toEqual([
      'apps/x/src/main.ts',
      'apps/x/src/local.ts',
      'apps/x/src/util/index.ts',
      'libs/lib/src/help/helper.ts',
      'libs/lib/src/run/run-app.ts',
      'libs/lib/src/text/format.ts',
    ]);
  });

  it('should not follow type-only imports, commented-out imports or imports in doc comments', () => {
    for (const file of ['libs/lib/src/types.ts', 'apps/x/src/commented.ts', 'apps/x/src/in-doc.ts', 'libs/lib/src/unused.ts'])
      expect(walk.files).not.toContain(file);
    expect(walk.files).not.toContain('libs/lib/src/index.ts');
  });

  it('should report an import that names no file, and list the packages', () => {
    expect(walk.unresolved).toEqual(['apps/x/src/gone.js']);
    expect(walk.packages).toEqual(['@nestjs/core', 'ini', 'node:net', 'reflect-metadata']);
  });

  it('should link each name imported through an alias to the file that defines it, by the name the library exports', () => {
    expect(walk.links).toEqual([
      { name: 'runApp', from: '@app/lib', file: 'libs/lib/src/run/run-app.ts' },
      { name: 'helper', from: '@app/lib', file: 'libs/lib/src/help/helper.ts' },
    ]);
  });

  it('should link every name the real TypeScript client imports from @app/common to a file that declares it', () => {
    const read = (path: string) => {
      try {
        return readFileSync(join(ROOT, path), 'utf8');
      } catch {
        return undefined;
      }
    };
    const real = walkSources(['apps/client/src/main.ts'], read, projectAlias);
    const own = real.files.filter((f) => f.startsWith('apps/client/src/'));
    expect(real.unresolved).toEqual([]);
    expect(own).toEqual(expect.arrayContaining(['apps/client/src/main.ts', 'apps/client/src/mirror-client.ts']));
    expect(real.files.slice(0, own.length)).toEqual(own);
    expect(real.files.filter((f) => f.startsWith('libs/common/src/testing/') || f.endsWith('/index.ts'))).toEqual([]);
    expect(real.links.map((l) => l.name)).toEqual(expect.arrayContaining(['runApp', 'loadClientConfig', 'hostPort']));
    for (const link of real.links) {
      expect(link.from).toBe('@app/common');
      expect(real.files).toContain(link.file);
      expect(read(link.file)).toMatch(
        new RegExp(`^export (?:async )?(?:function|class|const|abstract class) ${link.name}\\b`, 'm'),
      );
    }
  });
});

describe(aboutExport.name, () => {
  it("should give a doc comment's first paragraph, also above a decorator", () => {
    expect(aboutExport(project('libs/lib/src/run/run-app.ts')!, 'runApp')).toBe('Runs an app.');
    const code = '/**\n * Makes the log\n * injectable.\n */\n@Module({})\nexport class LogModule {}\n';
    expect(aboutExport(code, 'LogModule')).toBe('Makes the log injectable.');
  });

  it('should give nothing for a declaration without a doc comment, not the comment of another one', () => {
    const code = '/** About a. */\nexport const a = 1;\n\nexport const b = 2;\n';
    expect(aboutExport(code, 'b')).toBe('');
    expect(aboutExport(code, 'a')).toBe('About a.');
  });

  it('should cut a long paragraph after its first sentence, or at a word', () => {
    const first = 'A pure line codec: bytes in, lines out.';
    const long = `${first} ${'More words here. '.repeat(20)}`;
    expect(aboutExport(`/** ${long} */\nexport class LineDecoder {}`, 'LineDecoder')).toBe(first);
    const oneSentence = `/** ${'word '.repeat(80)}*/\nexport const w = 1;`;
    const cut = aboutExport(oneSentence, 'w');
    expect(cut.length).toBeLessThanOrEqual(ABOUT_MAX + 1);
    expect(cut).toMatch(/word…$/);
  });
});

describe(clientSources.name, () => {
  it("should show the TypeScript client's own files whole, main.ts first, then an index of the library names it uses", () => {
    const { files, missing, library } = clientSources(ROOT, 'ts', 'ru');
    expect(missing).toEqual([]);
    expect(files[0].name).toBe('apps/client/src/main.ts');
    expect(files[0].text).toBe(readFileSync(join(ROOT, 'apps/client/src/main.ts'), 'utf8'));
    const index = library!;
    expect(index.name).toBe('Что клиент берёт из @app/common (libs/common/src)');
    // The doc comments are English: in a Russian report they are marked as quoted from the code, and said to be English.
    expect(index.text).toMatch(/^libs\/common\/src\/.+\/run-app\.ts\n {4}runApp {2}\/\/ [A-Z`]/m);
    expect(index.text).toContain('после // — что это, цитатой из комментария в коде, как есть, по-английски');
    expect(index.text).not.toMatch(/^ {4}\w+ — /m);
    expect(clientSources(ROOT, 'ts', 'en').library!.text).toContain(
      'after // what it is, quoted as it stands from its doc comment',
    );
    expect(index.text).toMatch(/\d+ файл(а|ов)? библиотеки \(\d+ строк[аи]?\)/);
    expect(files.every((f) => f.name.startsWith('apps/client/src/') && !f.name.endsWith('.spec.ts'))).toBe(true);
  });

  it('should show the Python client as its one file, whole', () => {
    const { files, missing, library } = clientSources(ROOT, 'python', 'en');
    expect(missing).toEqual([]);
    expect(library).toBeUndefined();
    expect(files).toEqual([
      { name: 'clients/python/client.py', text: readFileSync(join(ROOT, 'clients/python/client.py'), 'utf8') },
    ]);
  });

  it('should say what is missing when the client sources are not there', () => {
    expect(clientSources(join(ROOT, 'no-such-dir'), 'ts', 'en')).toEqual({
      language: 'TypeScript',
      files: [],
      missing: ['apps/client/src'],
    });
  });
});
