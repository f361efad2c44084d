import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, thrown } from '../testing/index.js';
import { ConfigError } from './config.error.js';
import {
  DEFAULT_STUDENT_FILE,
  EXAMPLE_STUDENT,
  exampleNotice,
  loadStudent,
  shortName,
  STUDENT_ENV,
  studentMessage,
  studentSignature,
  variantServer,
} from './student.js';

const write = (text: string, name = 'student.ini'): string => {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
};
const NO_ENV = {};

describe(loadStudent.name, () => {
  it('should read the name, group, variant and the course fields given', () => {
    const file = write(
      '[student]\nname = Иванова Мария Петровна\ngroup = М3О-321Б-22\nvariant = 7\n[course]\nteacher = Петров П.П.\nyear = 2026\n',
    );
    expect(loadStudent(file, NO_ENV)).toEqual({
      name: 'Иванова Мария Петровна',
      group: 'М3О-321Б-22',
      variant: 7,
      course: { teacher: 'Петров П.П.', year: '2026' },
      file,
      isExample: false,
    });
  });

  it('should leave out the variant and the course fields not given or left blank', () => {
    const student = loadStudent(write('[student]\nname = Иванова Мария\ngroup = М3О-321Б-22\nvariant =\n[course]\nteacher =\n'), NO_ENV);
    expect(student).not.toHaveProperty('variant');
    expect(student.course).toEqual({});
  });

  it('should see the example while the example name or the example group is in the file', () => {
    expect(loadStudent(write('[student]\nname = Титов Юрий Павлович\ngroup = М3О-3ХХБ-ХХ\n'), NO_ENV).isExample).toBe(true);
    expect(loadStudent(write('[student]\nname = Иванова Мария\n'), NO_ENV).isExample).toBe(true);
    expect(loadStudent(write('[student]\ngroup = М3О-321Б-22\n'), NO_ENV).isExample).toBe(true);
    expect(loadStudent(write('[student]\nname = Иванова Мария\ngroup = М3О-321Б-22\n'), NO_ENV).isExample).toBe(false);
  });

  it('should read the shipped config/student.ini as the example with no variant', () => {
    const student = loadStudent(DEFAULT_STUDENT_FILE, NO_ENV);
    expect(student).toMatchObject({ name: EXAMPLE_STUDENT.name, group: EXAMPLE_STUDENT.group, isExample: true, course: {} });
    expect(student.variant).toBeUndefined();
    const english = loadStudent('config/en/student.ini', NO_ENV);
    expect({ ...english, file: undefined }).toEqual({ ...student, file: undefined });
  });

  it('should take the file named by the environment variable when no file is passed', () => {
    const file = write('[student]\nname = Сидоров Иван\ngroup = Г-1\n');
    expect(loadStudent(undefined, { [STUDENT_ENV]: file })).toMatchObject({ name: 'Сидоров Иван', file });
  });

  it('should use the built-in example when there is no file at all', () => {
    const cwd = process.cwd();
    process.chdir(tempDir());
    try {
      expect(loadStudent(undefined, NO_ENV)).toEqual(EXAMPLE_STUDENT);
    } finally {
      process.chdir(cwd);
    }
  });

  it('should refuse a named file that does not exist, naming it', () => {
    const file = join(tempDir(), 'nope.ini');
    const error = thrown(ConfigError, () => loadStudent(file, NO_ENV));
    expect(error.code).toBe('CONFIG_FILE_NOT_FOUND');
    expect(error.message).toBe(`${file}: student file not found (check --student or MIRROR_LAB_STUDENT)`);
    expect(error.text('ru')).toBe(`${file}: файл студента не найден (проверьте --student или MIRROR_LAB_STUDENT)`);
    expect(thrown(ConfigError, () => loadStudent(undefined, { [STUDENT_ENV]: file })).code).toBe('CONFIG_FILE_NOT_FOUND');
  });

  it.each([
    ['variant = 0', 'student.variant'],
    ['variant = 2.5', 'student.variant'],
    ['variant = седьмой', 'student.variant'],
    ['name =', 'student.name'],
  ])('should refuse %s with one line naming the file and the key', (line, key) => {
    const file = write(`[student]\n${line}\n`);
    const error = thrown(ConfigError, () => loadStudent(file, NO_ENV));
    expect(error.code).toBe('CONFIG_BAD_VALUE');
    expect(error.message).toContain(`${file}: line 2: ${key} = `);
    expect(error.message).not.toContain('\n');
  });

  it('should refuse an unknown key, naming the allowed ones', () => {
    const file = write('[student]\nname = Иванова Мария\nfio = Иванова\n');
    const error = thrown(ConfigError, () => loadStudent(file, NO_ENV));
    expect(error.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(error.message).toBe(`${file}: line 3: unknown key student.fio; allowed in [student]: name, group, variant`);
  });

  it('should refuse a directory given as the file', () => {
    const dir = join(tempDir(), 'config');
    mkdirSync(dir);
    expect(thrown(ConfigError, () => loadStudent(dir, NO_ENV)).code).toBe('CONFIG_FILE_IS_DIRECTORY');
  });
});

describe(shortName.name, () => {
  it.each([
    ['Титов Юрий Павлович', 'Титов Ю.П.'],
    ['  Титов   Юрий  ', 'Титов Ю.'],
    ['Титов', 'Титов'],
    ['Иванова Анна-Мария', 'Иванова А.-М.'],
    ['Салтыков-Щедрин Михаил Евграфович', 'Салтыков-Щедрин М.Е.'],
    ['smith john', 'smith J.'],
  ])('should shorten %s to %s', (name, short) => {
    expect(shortName(name)).toBe(short);
  });
});

describe(studentSignature.name, () => {
  it('should build the assignment form from the name and the group', () => {
    expect(studentSignature(EXAMPLE_STUDENT)).toBe('Сервер написан Титов Ю.П. М3О-3ХХБ-ХХ');
    expect(studentSignature({ name: 'Иванова Мария Петровна', group: 'М3О-321Б-22' })).toBe('Сервер написан Иванова М.П. М3О-321Б-22');
    expect(studentMessage({ name: 'Иванова Мария Петровна', group: 'М3О-321Б-22' })).toBe('Иванова Мария Петровна М3О-321Б-22');
  });
});

describe(variantServer.name, () => {
  it.each([
    [1, 'server-cluster'],
    [7, 'server-cluster'],
    [2, 'server-threads'],
    [8, 'server-threads'],
  ] as const)('should give variant %d %s', (variant, server) => {
    expect(variantServer(variant)).toBe(server);
  });
});

describe(exampleNotice.name, () => {
  const own = { name: 'Иванова Мария', group: 'М3О-321Б-22', course: {}, file: 'config/student.ini', isExample: false };
  const use = (value: string) => ({ key: 'client.message' as const, value, configFile: 'config/client.ini' });

  it('should say nothing when the student wrote their own name', () => {
    expect(exampleNotice(use('Иванова Мария М3О-321Б-22'), own)).toBeUndefined();
    expect(exampleNotice(use('что-то своё'), EXAMPLE_STUDENT)).toBeUndefined();
  });

  it('should name student.ini when its example is in use', () => {
    expect(exampleNotice(use('Титов Юрий Павлович М3О-3ХХБ-ХХ'), EXAMPLE_STUDENT, 'ru')).toBe(
      'Используется встроенный пример «Титов Юрий Павлович М3О-3ХХБ-ХХ»: впишите свои ФИО, группу и вариант в config/student.ini',
    );
    const halfDone = { ...own, group: 'М3О-3ХХБ-ХХ', isExample: true };
    expect(exampleNotice(use('Иванова Мария М3О-3ХХБ-ХХ'), halfDone)).toContain('config/student.ini');
  });

  it("should name the app's own key when it still holds the example", () => {
    const signature = { key: 'reply.signature' as const, value: studentSignature(EXAMPLE_STUDENT), configFile: 'my.ini' };
    expect(exampleNotice(signature, own)).toBe(
      'The built-in example "Сервер написан Титов Ю.П. М3О-3ХХБ-ХХ" is in use, from reply.signature in my.ini: ' +
        'remove that key and put your name and group in config/student.ini',
    );
  });
});
