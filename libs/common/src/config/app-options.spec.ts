import { thrown } from '../testing/thrown.js';
import { parseAppOptions, type OptionTexts } from './app-options.js';
import { ConfigError } from './config.error.js';

/** Texts that show which language said them, and what they were given. */
const texts = (lang: string): OptionTexts => ({
  oneOf: (flag, shownValue, values) => `${lang}: --${flag} ${shownValue} not in ${values.join('/')}`,
  badOption: (detail) => `${lang}: ${detail}`,
});
const OPTIONS = {
  rounds: { type: 'string' },
  config: { type: 'string', short: 'c' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

describe(parseAppOptions.name, () => {
  it('should give the language and the values, --lang winning over MIRROR_LAB_LANG, Russian when neither is set', () => {
    expect(parseAppOptions(['--rounds', 'sync', '-h'], {}, OPTIONS, texts)).toEqual({
      lang: 'ru',
      values: { rounds: 'sync', help: true },
    });
    expect(parseAppOptions(['--lang=en'], { MIRROR_LAB_LANG: 'ru' }, OPTIONS, texts).lang).toBe('en');
    expect(parseAppOptions([], { MIRROR_LAB_LANG: 'en' }, OPTIONS, texts).lang).toBe('en');
  });

  it('should refuse a bad language in the default language, naming the value as given (the last --lang, else the variable)', () => {
    const flag = thrown(ConfigError, () => parseAppOptions(['--lang', 'en', '--lang', 'de'], {}, OPTIONS, texts));
    expect(flag.message).toBe('ru: --lang "de" not in ru/en');
    const fromEnv = thrown(ConfigError, () => parseAppOptions([], { MIRROR_LAB_LANG: 'fr' }, OPTIONS, texts));
    expect(fromEnv.message).toBe('ru: --lang "fr" not in ru/en');
    // A bad --lang behind a good MIRROR_LAB_LANG is said in the variable's language.
    const behindEnv = thrown(ConfigError, () => parseAppOptions(['--lang', 'xx'], { MIRROR_LAB_LANG: 'en' }, OPTIONS, texts));
    expect(behindEnv.message).toBe('en: --lang "xx" not in ru/en');
    // The language is checked first: an unknown option beside it is not what is said.
    expect(thrown(ConfigError, () => parseAppOptions(['--x', '--lang=xx'], {}, OPTIONS, texts)).message).toContain('"xx"');
  });

  it("should turn parseArgs' refusal into one line of a config error, in the chosen language", () => {
    const unknown = thrown(ConfigError, () => parseAppOptions(['--lang', 'en', '--verbose'], {}, OPTIONS, texts));
    expect(unknown.message).toBe("en: Unknown option '--verbose'");
    expect(unknown.code).toBe('CONFIG_INVALID');
    // In Russian, Node's English words do not show through.
    const unknownRu = thrown(ConfigError, () => parseAppOptions(['--verbose'], {}, OPTIONS, texts));
    expect(unknownRu.message).toBe("ru: неизвестный параметр '--verbose'");
    const positional = thrown(ConfigError, () => parseAppOptions(['extra'], {}, OPTIONS, texts));
    expect(positional.message).toMatch(/^ru: лишний аргумент 'extra'/);
    expect(positional.message).not.toContain('\n');
    const noValue = thrown(ConfigError, () => parseAppOptions(['--rounds'], {}, OPTIONS, texts));
    expect(noValue.message).toBe("ru: параметру '--rounds' нужно значение");
    // Node names an option with a short form as '-c, --config <value>': the long form is said.
    const noConfig = thrown(ConfigError, () => parseAppOptions(['--config'], {}, OPTIONS, texts));
    expect(noConfig.message).toBe("ru: параметру '--config' нужно значение");
  });
});
