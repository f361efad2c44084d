import { parseArgs, type ParseArgsConfig } from 'node:util';
import { askedLang, DEFAULT_LANG, LANGS, type Lang } from '../i18n/lang.js';
import { messages } from '../i18n/messages.js';
import { ConfigError } from './config.error.js';
import { argProblem, shown } from './config.errors.js';

/** The options of parseArgs (`@types/node` does not export their type by name). */
type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The two things an app's own option parsing says, in its own words (its text catalogue). */
export interface OptionTexts {
  /** `--<flag> <value>` is not one of `values`. */
  oneOf(flag: string, shownValue: string, values: readonly string[]): string;
  /** Node's parseArgs refused the command line; `detail` says why, in the app's language. */
  badOption(detail: string): string;
}

/** parseArgs' values for `options`, typed from them (a string flag's value is a string, a boolean's a boolean). */
export type OptionValues<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>
>['values'];

/**
 * The opening of an app with options of its own (the lab, the class
 * session): the language first, from `--lang` or MIRROR_LAB_LANG (a bad one
 * is said in MIRROR_LAB_LANG's language if that one is good, else in the
 * default language), then
 * `options` parsed strictly, no positionals, a refusal said in that language.
 * Both are config errors: exit code 2.
 */
export function parseAppOptions<const O extends OptionsConfig>(
  argv: string[],
  env: NodeJS.ProcessEnv,
  options: O,
  texts: (lang: Lang) => OptionTexts,
): { lang: Lang; values: OptionValues<O> } {
  const asked = askedLang(argv, env);
  if (asked !== undefined && 'bad' in asked)
    throw new ConfigError(texts(asked.fallback).oneOf('lang', shown(asked.value, asked.fallback), LANGS));
  const lang = asked?.lang ?? DEFAULT_LANG;
  try {
    const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
    return { lang, values };
  } catch (error) {
    throw new ConfigError(texts(lang).badOption(argProblem(messages(lang).config, error as NodeJS.ErrnoException)));
  }
}
