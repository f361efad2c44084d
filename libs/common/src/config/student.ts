import { existsSync } from 'node:fs';
import type { Lang } from '../i18n/lang.js';
import { ConfigError } from './config.error.js';
import { messages } from '../i18n/messages.js';
import { loadConfigFile } from './config.loader.js';
import type { ConfigOf, Schema } from './config.schema.js';

/**
 * The student who hands the lab in (docs/config.md, "config/student.ini"):
 * one file every program reads, so that the name is written once. The
 * clients' default `client.message` is "name group", the servers' default
 * `reply.signature` is "Сервер написан <surname and initials> <group>"; an
 * app's own key still wins.
 */

/** Where every program looks when neither `--student FILE` nor MIRROR_LAB_STUDENT names a file (from the working directory). */
export const DEFAULT_STUDENT_FILE = 'config/student.ini';
/** The environment variable that names the student file (for programs started by scripts). */
export const STUDENT_ENV = 'MIRROR_LAB_STUDENT';

/** The built-in example: the assignment's own name and a group with placeholders. */
const EXAMPLE_NAME = 'Титов Юрий Павлович';
const EXAMPLE_GROUP = 'М3О-3ХХБ-ХХ';

// A blank default means "not given": a file cannot set a text key to ''
// (a blank `key =` keeps the default), and a variant is at least 1.
const NOT_GIVEN_TEXT = '';
const NOT_GIVEN_VARIANT = 0;
const courseField = { type: 'text', default: NOT_GIVEN_TEXT, maxBytes: 512, blankIsDefault: true } as const;

export const STUDENT_SCHEMA = {
  student: {
    name: { type: 'text', default: EXAMPLE_NAME, maxBytes: 256 },
    group: { type: 'text', default: EXAMPLE_GROUP, maxBytes: 64 },
    variant: { type: 'int', default: NOT_GIVEN_VARIANT, min: 1, max: 999, blankIsDefault: true },
  },
  course: {
    university: courseField,
    department: courseField,
    discipline: courseField,
    teacher: courseField,
    city: courseField,
    year: courseField,
  },
} as const satisfies Schema;

type StudentIni = ConfigOf<typeof STUDENT_SCHEMA>;

/** The title page's fields; each one the student did not give is absent. */
export type Course = { [Key in keyof StudentIni['course']]?: StudentIni['course'][Key] };

export interface Student {
  name: string;
  group: string;
  /** The number in the class list: odd → server-cluster, even → server-threads (variantServer). */
  variant?: number;
  course: Course;
  /** The file read; undefined when there was none and the built-in example is used. */
  file?: string;
  /** The example's name or group is still in use: every program says so at start. */
  isExample: boolean;
}

/** The built-in example, as a program sees it when there is no student.ini at all. */
export const EXAMPLE_STUDENT: Student = { name: EXAMPLE_NAME, group: EXAMPLE_GROUP, course: {}, isExample: true };

/**
 * Reads the student file: `file` if given, else the one MIRROR_LAB_STUDENT
 * names, else `config/student.ini` when it exists. A file named on purpose
 * must exist; with none at all the built-in example is used (and every
 * program says so). Validated like every INI: an unknown key or a bad variant
 * stops the program with one line naming the file and the key (exit 2).
 */
export function loadStudent(file?: string, env: NodeJS.ProcessEnv = process.env): Student {
  const named = file ?? (env[STUDENT_ENV] || undefined);
  const path = named ?? (existsSync(DEFAULT_STUDENT_FILE) ? DEFAULT_STUDENT_FILE : undefined);
  if (path === undefined) return { ...EXAMPLE_STUDENT, course: {} };
  // "pass --config FILE", the loader's hint for a missing file, would point at the wrong flag.
  if (!existsSync(path)) {
    const text = (lang: Lang) => messages(lang).student.notFound(path, STUDENT_ENV);
    throw new ConfigError(text('en'), 'CONFIG_FILE_NOT_FOUND', { file: path }, text);
  }
  const ini = loadConfigFile(path, STUDENT_SCHEMA);
  const course: Course = {};
  for (const key of Object.keys(ini.course) as (keyof Course)[]) if (ini.course[key] !== NOT_GIVEN_TEXT) course[key] = ini.course[key];
  const { name, group, variant } = ini.student;
  return {
    name,
    group,
    ...(variant === NOT_GIVEN_VARIANT ? {} : { variant }),
    course,
    file: path,
    isExample: name === EXAMPLE_NAME || group === EXAMPLE_GROUP,
  };
}

/** The clients' default message: "Титов Юрий Павлович М3О-3ХХБ-ХХ". */
export function studentMessage(student: Pick<Student, 'name' | 'group'>): string {
  return `${student.name} ${student.group}`;
}

/**
 * The surname (the first word, as a Russian class list writes it) and the
 * initials of the other words: "Титов Юрий Павлович" → "Титов Ю.П.",
 * "Титов Юрий" → "Титов Ю."; a one-word name stays as it is. A hyphenated
 * given name keeps its hyphen: "Иванова Анна-Мария" → "Иванова А.-М.".
 */
export function shortName(name: string): string {
  const [surname = '', ...rest] = name.trim().split(/\s+/);
  const initial = (word: string) =>
    word
      .split('-')
      .filter((part) => part !== '')
      .map((part) => `${[...part][0].toLocaleUpperCase('ru')}.`)
      .join('-');
  return [surname, rest.map(initial).join('')].filter((x) => x !== '').join(' ');
}

/**
 * The servers' default signature. It is reply data, not console text: it
 * keeps the assignment's Russian form in both languages (docs/config.md).
 */
export function studentSignature(student: Pick<Student, 'name' | 'group'>): string {
  return `Сервер написан ${shortName(student.name)} ${student.group}`;
}

export type ServerKind = 'server-cluster' | 'server-threads';

/** The concurrent server of a variant: odd → multi-process (server-cluster), even → multi-threaded (server-threads). */
export function variantServer(variant: number): ServerKind {
  return variant % 2 === 1 ? 'server-cluster' : 'server-threads';
}

/** Which of the student's texts an app uses, and where the app's own key for it lives. */
export interface IdentityUse {
  key: 'client.message' | 'reply.signature';
  /** The value the app will use. */
  value: string;
  /** The app's own config file (where the key would override student.ini). */
  configFile: string;
}

/**
 * The one line a program prints at start while the built-in example is in
 * use, saying where to change it; undefined when the student's own name is.
 * The example can come from student.ini (not edited yet) or from the app's
 * own key still holding it (a config copied from an older kit).
 */
export function exampleNotice(use: IdentityUse, student: Student, lang?: Lang): string | undefined {
  const t = messages(lang).student;
  const own = use.key === 'client.message' ? studentMessage(student) : studentSignature(student);
  const example = use.key === 'client.message' ? studentMessage(EXAMPLE_STUDENT) : studentSignature(EXAMPLE_STUDENT);
  const studentFile = student.file ?? DEFAULT_STUDENT_FILE;
  if (use.value === own && student.isExample) return t.exampleInUse(use.value, studentFile);
  if (use.value === example) return t.exampleInConfig(use.value, use.key, use.configFile, studentFile);
  return undefined;
}
