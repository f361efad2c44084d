/** The languages every app speaks (docs/spec.md#9-language); the first is the default. */
export const LANGS = ['ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'ru';
/** Read once at start-up, like `--lang`; children of the lab inherit it. */
const LANG_ENV = 'MIRROR_LAB_LANG';

const isLang = (value: string): value is Lang => (LANGS as readonly string[]).includes(value);

/**
 * The language asked for: `--lang X` (or `--lang=X`) wins over
 * MIRROR_LAB_LANG; `undefined` when neither is given. A value that is no
 * language comes back as `bad`, naming where it came from, as `value`, the
 * value alone, and with `fallback`, the language to say so in (a good
 * MIRROR_LAB_LANG behind a bad `--lang`, else the default): the config layer (resolveLang, parseAppOptions) turns it
 * into a config error, and this layer, which every other layer imports,
 * knows nothing of config.
 */
export function askedLang(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): { lang: Lang } | { bad: string; value: string; fallback: Lang } | undefined {
  let flag: string | undefined;
  for (const [i, arg] of argv.entries()) {
    if (arg === '--lang') flag = argv[i + 1] ?? '';
    else if (arg.startsWith('--lang=')) flag = arg.slice('--lang='.length);
  }
  const fromEnv = env[LANG_ENV];
  if (flag !== undefined) {
    if (isLang(flag)) return { lang: flag };
    return {
      bad: `--lang ${JSON.stringify(flag)}`,
      value: flag,
      fallback: fromEnv !== undefined && isLang(fromEnv) ? fromEnv : DEFAULT_LANG,
    };
  }
  if (fromEnv !== undefined && fromEnv !== '') {
    return isLang(fromEnv)
      ? { lang: fromEnv }
      : { bad: `${LANG_ENV}=${JSON.stringify(fromEnv)}`, value: fromEnv, fallback: DEFAULT_LANG };
  }
  return undefined;
}

let processLang: Lang | undefined;

/**
 * The language of the running process, resolved once from its own argv and
 * environment; a bad value falls back (see askedLang) here, because the
 * app's own option parsing is what reports it.
 */
export function currentLang(): Lang {
  if (processLang === undefined) {
    const asked = askedLang(process.argv.slice(2), process.env);
    processLang = asked === undefined ? DEFAULT_LANG : 'lang' in asked ? asked.lang : asked.fallback;
  }
  return processLang;
}
