import { configErrors } from '../config/config.errors.js';

/** The languages every app speaks (docs/spec.md#9-language); the first is the default. */
export const LANGS = ['ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'ru';
/** Read once at start-up, like `--lang`; children of the lab inherit it. */
export const LANG_ENV = 'MIRROR_LAB_LANG';

export const isLang = (value: string): value is Lang => (LANGS as readonly string[]).includes(value);

/**
 * The language of this process: `--lang X` (or `--lang=X`) wins over
 * MIRROR_LAB_LANG, which wins over Russian. A bad value is a config error
 * (exit code 2) that names where it came from.
 */
export function resolveLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  let flag: string | undefined;
  for (const [i, arg] of argv.entries()) {
    if (arg === '--lang') flag = argv[i + 1] ?? '';
    else if (arg.startsWith('--lang=')) flag = arg.slice('--lang='.length);
  }
  if (flag !== undefined) {
    if (!isLang(flag)) throw configErrors.badLang(`--lang ${JSON.stringify(flag)}`, LANGS);
    return flag;
  }
  const fromEnv = env[LANG_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isLang(fromEnv)) throw configErrors.badLang(`${LANG_ENV}=${JSON.stringify(fromEnv)}`, LANGS);
    return fromEnv;
  }
  return DEFAULT_LANG;
}

let processLang: Lang | undefined;

/**
 * The language of the running process, resolved once from its own argv and
 * environment; a bad value falls back to the default here, because the app's
 * own option parsing is what reports it.
 */
export function currentLang(): Lang {
  if (processLang === undefined) {
    try {
      processLang = resolveLang(process.argv.slice(2), process.env);
    } catch {
      processLang = DEFAULT_LANG;
    }
  }
  return processLang;
}
