import { jest } from '@jest/globals';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// By path: test helpers are not part of @app/common (libs/common/src/testing/index.ts).
import { tempDir } from '../../../libs/common/src/testing/index.js';

// See lab-options.spec.ts: @app/common's index pulls in nest-winston, which Jest cannot load here.
jest.unstable_mockModule('nest-winston', () => ({ WinstonModule: {}, utilities: { format: {} } }));
const { chooseServers, chooseVariant, identityLines, loadIdentity } = await import('./lab-identity.js');
const { parseLabOptions } = await import('./lab-options.js');

const IVANOVA = '[student]\nname = Иванова Мария Петровна\ngroup = М3О-321Б-22\nvariant = 8\n[course]\nteacher = Петров П.П.\n';

/** A config directory as shipped (client and server INIs without message or signature) plus a student file. */
function configDir(student?: string): string {
  const dir = join(tempDir(), 'config');
  mkdirSync(dir);
  for (const name of ['client.ini', 'server-sync.ini', 'server-cluster.ini', 'server-threads.ini'])
    copyFileSync(join('config', name), join(dir, name));
  if (student !== undefined) writeFileSync(join(dir, 'student.ini'), student);
  return dir;
}
const options = (argv: string[], dir: string) => {
  const parsed = parseLabOptions(argv, {});
  return { ...parsed, studentFile: parsed.studentFile ?? join(dir, 'student.ini') };
};

describe(loadIdentity.name, () => {
  it('should take the message, every signature, the course and the variant from student.ini', () => {
    const dir = configDir(IVANOVA);
    const identity = loadIdentity(options([], dir), dir, {});
    expect(identity.message).toEqual({
      text: 'Иванова Мария Петровна М3О-321Б-22',
      source: join(dir, 'student.ini'),
      isExample: false,
    });
    for (const key of ['sync', 'cluster', 'threads'] as const)
      expect(identity.signatures[key]).toMatchObject({ text: 'Сервер написан Иванова М.П. М3О-321Б-22', isExample: false });
    expect(identity.student).toMatchObject({ name: 'Иванова Мария Петровна', course: { teacher: 'Петров П.П.' } });
    expect(identity.variant).toEqual({ number: 8, source: join(dir, 'student.ini'), server: 'threads', app: 'server-threads' });
  });

  it('should let --message, --signature and --variant win over student.ini', () => {
    const dir = configDir(IVANOVA);
    const identity = loadIdentity(options(['--message', 'Своё', '--signature', 'Подпись', '--variant', '7'], dir), dir, {});
    expect(identity.message).toEqual({ text: 'Своё', source: '--message', isExample: false });
    expect(identity.signatures.cluster).toEqual({ text: 'Подпись', source: '--signature', isExample: false });
    expect(identity.variant).toEqual({ number: 7, source: '--variant', server: 'cluster', app: 'server-cluster' });
  });

  it("should let a server's own reply.signature win for that server", () => {
    const dir = configDir(IVANOVA);
    writeFileSync(join(dir, 'server-threads.ini'), '[reply]\nsignature = Потоки Ивановой\n');
    const identity = loadIdentity(options([], dir), dir, {});
    expect(identity.signatures.threads).toEqual({
      text: 'Потоки Ивановой',
      source: join(dir, 'server-threads.ini'),
      isExample: false,
    });
  });

  it('should flag the example, and have no variant, with the shipped student.ini', () => {
    const dir = configDir();
    copyFileSync('config/student.ini', join(dir, 'student.ini'));
    const identity = loadIdentity(options([], dir), dir, {});
    expect(identity.message).toMatchObject({ text: 'Титов Юрий Павлович М3О-3ХХБ-ХХ', isExample: true });
    expect(identity.signatures.sync).toMatchObject({ text: 'Сервер написан Титов Ю.П. М3О-3ХХБ-ХХ', isExample: true });
    expect(identity.variant).toBeUndefined();
  });
});

describe(chooseServers.name, () => {
  const student = { name: 'Иванова Мария', group: 'Г-1', course: {}, isExample: false };

  it.each([
    [7, ['sync', 'cluster']],
    [8, ['sync', 'threads']],
  ])('should compare server-sync with the variant %d server', (variant, servers) => {
    const parsed = parseLabOptions(['--variant', String(variant)], {});
    expect(chooseServers(parsed, chooseVariant(parsed, student))).toEqual(servers);
  });

  it('should run all three with no variant, and --servers as given over a variant', () => {
    const none = parseLabOptions([], {});
    expect(chooseServers(none, chooseVariant(none, student))).toEqual(['sync', 'cluster', 'threads']);
    const given = parseLabOptions(['--variant', '7', '--servers', 'threads'], {});
    expect(chooseServers(given, chooseVariant(given, student))).toEqual(['threads']);
  });

  it('should refuse a --variant that is not a whole number from 1', () => {
    for (const bad of ['0', '-1', '2.5', 'семь']) expect(() => parseLabOptions(['--variant', bad], {})).toThrow(/--variant/);
  });
});

describe(identityLines.name, () => {
  it('should say the example once and that no variant is given, with the shipped student.ini', () => {
    const dir = configDir();
    copyFileSync('config/student.ini', join(dir, 'student.ini'));
    const o = options([], dir);
    const lines = identityLines(loadIdentity(o, dir, {}), o);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('встроенный пример («Титов Юрий Павлович М3О-3ХХБ-ХХ»)');
    expect(lines[1]).toContain('Вариант не указан');
  });

  it("should name the variant's server and say nothing of an example for the student's own name", () => {
    const dir = configDir(IVANOVA);
    const o = { ...options(['--lang', 'en'], dir), servers: ['sync' as const, 'threads' as const] };
    expect(identityLines(loadIdentity(o, dir, {}), o)).toEqual([
      'Variant 8: the multi-threaded server server-threads is compared with the iterative server-sync',
    ]);
  });
});
