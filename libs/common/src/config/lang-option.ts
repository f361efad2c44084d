import { askedLang, DEFAULT_LANG, LANGS, type Lang } from '../i18n/lang.js';
import { configErrors } from './config.errors.js';

/**
 * The language of this process: `--lang X` (or `--lang=X`) wins over
 * MIRROR_LAB_LANG, which wins over Russian. A bad value is a config error
 * (exit code 2) that names where it came from.
 */
export function resolveLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  const asked = askedLang(argv, env);
  if (asked === undefined) return DEFAULT_LANG;
  if ('bad' in asked) throw configErrors.badLang(asked.bad, LANGS);
  return asked.lang;
}
