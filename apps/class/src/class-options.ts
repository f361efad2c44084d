import { ConfigError, parseAppOptions, shown, type Lang } from '@app/common';
import { classTexts } from './class-texts.js';

/** The servers a round can run, by the short names `--rounds` takes. */
export const ROUND_SERVERS = { sync: 'server-sync', cluster: 'server-cluster', threads: 'server-threads' } as const;
export type RoundKey = keyof typeof ROUND_SERVERS;
export type RoundApp = (typeof ROUND_SERVERS)[RoundKey];
const ROUND_KEYS = Object.keys(ROUND_SERVERS) as RoundKey[];

export interface ClassOptions {
  /** Rounds in order; undefined: server-sync, then the variant's concurrent server. */
  rounds?: RoundKey[];
  /** The port every round's server listens on; 0: one free port chosen at start. */
  port: number;
  boardPort: number;
  /** The address both listen on. */
  host: string;
  delayMs: number;
  /** Where the session folder `class-<timestamp>` is made. */
  outDir: string;
  /** The student file (`--student`); undefined: MIRROR_LAB_STUDENT, else config/student.ini. */
  student?: string;
  lang: Lang;
  help: boolean;
}

const int = (raw: string | undefined, flag: string, fallback: number, min: number, max: number, lang: Lang): number => {
  if (raw === undefined) return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(classTexts(lang).options.wholeNumber(flag, shown(raw, lang), min, max));
  return n;
};

export function parseClassOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): ClassOptions {
  const { lang, values } = parseAppOptions(
    argv,
    env,
    {
      rounds: { type: 'string' },
      port: { type: 'string' },
      'board-port': { type: 'string' },
      host: { type: 'string' },
      delay: { type: 'string' },
      out: { type: 'string' },
      student: { type: 'string' },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    (said) => classTexts(said).options,
  );
  const t = classTexts(lang).options;
  const s = (k: Exclude<keyof typeof values, 'help'>) => values[k];
  let rounds: RoundKey[] | undefined;
  const rawRounds = s('rounds');
  if (rawRounds !== undefined) {
    rounds = rawRounds.split(',').map((x) => x.trim().replace(/^server-/, '')) as RoundKey[];
    if (rounds.length === 0 || rounds.some((r) => !ROUND_KEYS.includes(r)))
      throw new ConfigError(t.rounds(shown(rawRounds, lang), ROUND_KEYS));
  }
  const host = s('host') ?? '0.0.0.0';
  if (host.trim() === '' || /\s/.test(host)) throw new ConfigError(t.host(shown(host, lang)));
  return {
    rounds,
    port: int(s('port'), 'port', 12345, 0, 65535, lang),
    boardPort: int(s('board-port'), 'board-port', 8080, 0, 65535, lang),
    host,
    delayMs: int(s('delay'), 'delay', 2000, 0, 600_000, lang),
    outDir: s('out') ?? 'reports',
    student: s('student'),
    lang,
    help: values.help === true,
  };
}
