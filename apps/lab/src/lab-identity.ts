import { existsSync, readFileSync } from 'node:fs';
import ini from 'ini';
import {
  DEFAULT_STUDENT_FILE,
  EXAMPLE_STUDENT,
  messages,
  loadClientConfig,
  loadStudent,
  studentMessage,
  studentSignature,
  variantServer,
  type Student,
} from '@app/common';
import { SERVER_KINDS, type ServerApp, type ServerKey } from './lab-kinds.js';
import type { LabOptions } from './lab-options.js';

/** One piece of the student's identity and where it came from. */
export interface Sourced {
  text: string;
  /** `--message`, `config/client.ini`, `config/student.ini`, or undefined for the built-in example. */
  source?: string;
  isExample: boolean;
}

/** The student's variant and the concurrent server it calls for (odd: multi-process, even: multi-threaded). */
export interface Variant {
  number: number;
  /** `--variant` or the student file it was read from. */
  source: string;
  /** The variant's concurrent server: `cluster` (odd) or `threads` (even). */
  server: Exclude<ServerKey, 'sync'>;
  app: ServerApp;
}

/**
 * Who the report is for. `message` and `signatures` are what the clients send
 * and the servers sign with; `student` is config/student.ini as read (name,
 * group and the `[course]` fields of the title page); `variant` is set when
 * `--variant` or student.ini gives one (the title then names it and its
 * server type), and absent otherwise (the report then says which server fits
 * which variant).
 */
export interface Identity {
  message: Sourced;
  signatures: Record<ServerKey, Sourced>;
  student: Student;
  variant?: Variant;
}

const EXAMPLE_MESSAGE = studentMessage(EXAMPLE_STUDENT);
const EXAMPLE_SIGNATURE = studentSignature(EXAMPLE_STUDENT);

/**
 * Only `reply.signature` is read from a server's INI, without the full schema:
 * the lab generates the config each server runs with, and that one the server
 * validates itself (a bad signature stops it with its own clear line).
 */
function readSignature(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = ini.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as { reply?: { signature?: unknown } };
  const value = parsed.reply?.signature;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The variant's number and server: `--variant` wins over student.ini. */
export function chooseVariant(options: Pick<LabOptions, 'variant'>, student: Student): Variant | undefined {
  const number = options.variant ?? student.variant;
  if (number === undefined) return undefined;
  const app = variantServer(number);
  const server = app === SERVER_KINDS.cluster.app ? 'cluster' : 'threads';
  return { number, source: options.variant !== undefined ? '--variant' : (student.file ?? ''), server, app };
}

/**
 * The servers the lab compares: `--servers` as given; else, with a variant,
 * server-sync and the variant's concurrent server; else all three.
 */
export function chooseServers(options: Pick<LabOptions, 'servers' | 'serversGiven'>, variant: Variant | undefined): ServerKey[] {
  if (options.serversGiven || variant === undefined) return options.servers;
  return ['sync', variant.server];
}

/**
 * The student from config/student.ini (or `--student FILE`); the message from
 * `--message`, else `config/client.ini` when it sets its own, else
 * "name group" from student.ini; each server's signature from `--signature`,
 * else its own `config/<app>.ini` when it sets one, else the first server INI
 * that sets one (one signature usually serves all), else the one built from
 * student.ini. The built-in example is flagged wherever it is still in use.
 */
export function loadIdentity(
  options: Pick<LabOptions, 'message' | 'signature' | 'variant' | 'studentFile'>,
  configDir = 'config',
  env: NodeJS.ProcessEnv = process.env,
): Identity {
  const student = loadStudent(options.studentFile, env);
  const studentSource = student.file;
  const fromStudent = (text: string) => ({
    text,
    source: studentSource,
    isExample: student.isExample || text === EXAMPLE_MESSAGE,
  });
  const isExampleText = (text: string, own: string, example: string) => text === example || (student.isExample && text === own);

  let message: Sourced;
  const ownMessage = studentMessage(student);
  if (options.message !== undefined)
    message = {
      text: options.message,
      source: '--message',
      isExample: isExampleText(options.message, ownMessage, EXAMPLE_MESSAGE),
    };
  else {
    const file = `${configDir}/client.ini`;
    const text = existsSync(file) ? loadClientConfig(file, student).client.message : ownMessage;
    message = text === ownMessage ? fromStudent(text) : { text, source: file, isExample: text === EXAMPLE_MESSAGE };
  }

  const ownSignature = studentSignature(student);
  const own = new Map<ServerKey, Sourced>();
  for (const key of Object.keys(SERVER_KINDS) as ServerKey[]) {
    const file = `${configDir}/${SERVER_KINDS[key].app}.ini`;
    const text = readSignature(file);
    if (text !== undefined && text !== ownSignature) own.set(key, { text, source: file, isExample: text === EXAMPLE_SIGNATURE });
  }
  const shared: Sourced =
    options.signature !== undefined
      ? {
          text: options.signature,
          source: '--signature',
          isExample: isExampleText(options.signature, ownSignature, EXAMPLE_SIGNATURE),
        }
      : ([...own.values()][0] ?? {
          text: ownSignature,
          source: studentSource,
          isExample: student.isExample || ownSignature === EXAMPLE_SIGNATURE,
        });
  const signatures = Object.fromEntries(
    (Object.keys(SERVER_KINDS) as ServerKey[]).map((key) => [
      key,
      options.signature === undefined ? (own.get(key) ?? shared) : shared,
    ]),
  ) as Record<ServerKey, Sourced>;
  return { message, signatures, student, ...optional('variant', chooseVariant(options, student)) };
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

/**
 * What the lab says at start about who and which: one line while the built-in
 * example is in use, and one on the variant and the servers it picked (or
 * that none is given, and which server fits which variant).
 */
export function identityLines(
  identity: Identity,
  options: Pick<LabOptions, 'lang' | 'remote' | 'servers' | 'serversGiven'>,
): string[] {
  const t = messages(options.lang).lab.student;
  const studentFile = identity.student.file ?? DEFAULT_STUDENT_FILE;
  const lines: string[] = [];
  if (identity.message.isExample || (!options.remote && options.servers.some((k) => identity.signatures[k].isExample)))
    lines.push(t.example(EXAMPLE_MESSAGE, studentFile));
  if (options.remote) return lines;
  const v = identity.variant;
  if (v === undefined) lines.push(t.noVariant(studentFile));
  else if (options.serversGiven) lines.push(t.variantOverridden(v.number, v.app));
  else lines.push(t.variant(v.number, v.app, SERVER_KINDS[v.server].unit));
  return lines;
}
