import { availableParallelism } from 'node:os';
import {
  CLIENT_SCHEMA,
  ConfigError,
  SERVER_CLUSTER_SCHEMA,
  SERVER_THREADS_SCHEMA,
  STUDENT_SCHEMA,
  isHost,
  messages,
  parseAppOptions,
  parseConfigValue,
  shown,
  type KeySpec,
  type Lang,
  type WorkMode,
} from '@app/common';
import { CLIENT_KEYS, DEFAULT_SERVERS, SERVER_KEYS, type ClientKey, type ServerKey } from './lab-kinds.js';
import { labStopTexts } from './lab-stop.texts.js';

export type { Lang };

export interface LabOptions {
  clients: number;
  delayMs: number;
  mode: WorkMode;
  staggerMs: number;
  /** The servers to run: `--servers`, else the variant's pair (lab-identity.ts chooseServers), else all three. */
  servers: ServerKey[];
  /** `--servers` was given: it wins over the variant. */
  serversGiven: boolean;
  /** `--variant N`; otherwise the lab takes `variant` from config/student.ini (lab-identity.ts). */
  variant?: number;
  /** `--student FILE`; else MIRROR_LAB_STUDENT, else config/student.ini. */
  studentFile?: string;
  client: ClientKey;
  workers: number;
  threads: number;
  /** Drive clients against a server on another machine (no server is started). */
  remote?: { host: string; port: number };
  lang: Lang;
  outDir: string;
  /** From --message / --signature; otherwise config/student.ini, unless config/*.ini sets its own (lab-identity.ts). */
  message?: string;
  signature?: string;
  /** Remote mode: what the student says their server is written in (`--server-lang`); nothing is claimed without it. */
  serverLang?: string;
  sendAfterMs: number;
  lingerMs: number;
  help: boolean;
}

type IntSpec = Extract<KeySpec, { type: 'int' }>;
type TextSpec = Extract<KeySpec, { type: 'text' }>;
function textSpec(spec: KeySpec | undefined): TextSpec {
  if (spec?.type !== 'text') throw new Error('the lab expects a text key in the config schema');
  return spec;
}
const intSpec = (spec: KeySpec | undefined): IntSpec => {
  if (spec?.type !== 'int') throw new Error('the lab expects an int key in the config schema');
  return spec;
};

/**
 * The flags that set a config key take their default and range from that
 * key's entry in the schema, so the lab never accepts a value the app it
 * configures would refuse. The others are the lab's own.
 */
const FLAG_SPECS = {
  delay: intSpec(SERVER_CLUSTER_SCHEMA.work.delay_ms),
  workers: intSpec(SERVER_CLUSTER_SCHEMA.cluster?.workers),
  threads: intSpec(SERVER_THREADS_SCHEMA.threads.count),
  'send-after': intSpec(CLIENT_SCHEMA.client.send_after_ms),
  linger: intSpec(CLIENT_SCHEMA.client.linger_ms),
  variant: intSpec(STUDENT_SCHEMA.student.variant),
  port: intSpec(CLIENT_SCHEMA.server.port),
  clients: { type: 'int', default: 5, min: 1, max: 50 } satisfies IntSpec,
  stagger: { type: 'int', default: 300, min: 0, max: 60_000 } satisfies IntSpec,
} as const;

const MODES: readonly WorkMode[] = ['sleep', 'spin'];

/**
 * The longest text each flag takes, in UTF-8 bytes: the config key it becomes
 * allows no more (the lab adds " #50" to the message of client 50), and the
 * server's language is a word or two for the report.
 */
const TEXT_MAX_BYTES = {
  message: textSpec(CLIENT_SCHEMA.client.message).maxBytes - ' #50'.length,
  signature: textSpec(SERVER_CLUSTER_SCHEMA.reply.signature).maxBytes,
  'server-lang': 100,
} as const;

export function parseLabOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): LabOptions {
  const { lang, values } = parseAppOptions(
    argv,
    env,
    {
      clients: { type: 'string' },
      delay: { type: 'string' },
      mode: { type: 'string' },
      stagger: { type: 'string' },
      servers: { type: 'string' },
      client: { type: 'string' },
      workers: { type: 'string' },
      threads: { type: 'string' },
      'send-after': { type: 'string' },
      linger: { type: 'string' },
      message: { type: 'string' },
      signature: { type: 'string' },
      variant: { type: 'string' },
      student: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'server-lang': { type: 'string' },
      lang: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    (said) => messages(said).lab,
  );
  const t = messages(lang).lab;
  type Flag = Exclude<keyof typeof values, 'help'>;
  const s = (k: Flag) => values[k];
  const int = (flag: keyof typeof FLAG_SPECS): number => {
    const spec = FLAG_SPECS[flag];
    const raw = s(flag);
    if (raw === undefined) return typeof spec.default === 'function' ? spec.default() : spec.default;
    try {
      return parseConfigValue(raw, spec, `--${flag}`);
    } catch (error) {
      // The config loader's own check and range; the lab says it in its words, the code and facts stay.
      if (error instanceof ConfigError && error.code === 'CONFIG_BAD_VALUE')
        throw new ConfigError(t.wholeNumber(flag, shown(raw, lang), spec.min, spec.max), error.code, error.params);
      throw error;
    }
  };
  const oneOf = <T extends string>(flag: Flag, allowed: readonly T[], fallback: T): T => {
    const raw = s(flag) ?? fallback;
    if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(t.oneOf(flag, shown(raw, lang), allowed));
    return raw as T;
  };
  // Checked here, before anything is written: a value the generated INI or the
  // app would refuse is this flag's error (exit 2), not a line of a file the lab made.
  const text = (flag: keyof typeof TEXT_MAX_BYTES): string | undefined => {
    const raw = s(flag);
    if (raw !== undefined && (raw.trim() === '' || /[\u0000-\u001f\u007f]/.test(raw))) throw new ConfigError(t.oneLine(flag));
    const bytes = raw === undefined ? 0 : Buffer.byteLength(raw);
    if (bytes > TEXT_MAX_BYTES[flag]) throw new ConfigError(labStopTexts(lang).tooLong(flag, bytes, TEXT_MAX_BYTES[flag]));
    return raw;
  };

  const rawServers = s('servers');
  const servers =
    rawServers === undefined ? [...DEFAULT_SERVERS] : rawServers.split(',').map((x) => x.trim().replace(/^server-/, ''));
  for (const x of servers)
    if (!(SERVER_KEYS as string[]).includes(x)) throw new ConfigError(t.serverList(shown(rawServers ?? '', lang), SERVER_KEYS));

  let remote: LabOptions['remote'];
  if (s('host') !== undefined || s('port') !== undefined) {
    const host = s('host');
    if (!host || !isHost(host)) throw new ConfigError(t.hostNeeded(shown(host ?? '', lang)));
    if (s('port') === undefined) throw new ConfigError(t.portNeeded());
    remote = { host, port: int('port') };
  }
  // The lab's own servers are TypeScript: the flag says what only the student knows, a remote server's language.
  if (s('server-lang') !== undefined && !remote) throw new ConfigError(labStopTexts(lang).serverLangAlone);
  return {
    clients: int('clients'),
    delayMs: int('delay'),
    mode: oneOf('mode', MODES, 'sleep'),
    staggerMs: int('stagger'),
    servers: [...new Set(servers as ServerKey[])],
    serversGiven: rawServers !== undefined,
    ...(s('variant') === undefined ? {} : { variant: int('variant') }),
    ...(s('student') === undefined ? {} : { studentFile: s('student') }),
    client: oneOf('client', CLIENT_KEYS, 'ts'),
    workers: s('workers') === undefined ? availableParallelism() : int('workers'),
    threads: int('threads'),
    sendAfterMs: int('send-after'),
    lingerMs: int('linger'),
    message: text('message'),
    signature: text('signature'),
    serverLang: text('server-lang'),
    remote,
    lang,
    outDir: s('out') ?? 'reports',
    help: values.help === true,
  };
}
