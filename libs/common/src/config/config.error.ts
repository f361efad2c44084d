import type { Lang } from '../i18n/lang.js';

/**
 * What went wrong with a config file or the command line. Programs decide on
 * the code; the words are for people and may change. `message` is English
 * (stable for programs and tests); `text(lang)` is what a person is shown.
 */
export type ConfigErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_USAGE'
  | 'CONFIG_FILE_NOT_FOUND'
  | 'CONFIG_FILE_IS_DIRECTORY'
  | 'CONFIG_FILE_NOT_REGULAR'
  | 'CONFIG_FILE_UNREADABLE'
  | 'CONFIG_FILE_TOO_LARGE'
  | 'CONFIG_UTF16'
  | 'CONFIG_NOT_UTF8'
  | 'CONFIG_NOT_TEXT'
  | 'CONFIG_BAD_SECTION_LINE'
  | 'CONFIG_BAD_QUOTED_VALUE'
  | 'CONFIG_KEY_OUTSIDE_SECTION'
  | 'CONFIG_UNKNOWN_SECTION'
  | 'CONFIG_UNKNOWN_KEY'
  | 'CONFIG_DUPLICATE_SECTION'
  | 'CONFIG_DUPLICATE_KEY'
  | 'CONFIG_LIST_KEY'
  | 'CONFIG_BAD_VALUE';

/** The facts a message is built from (user text already cut and escaped), so that a translation can rebuild it. */
export type ConfigErrorParams = Readonly<Record<string, string | number>>;

/** A configuration or command-line problem: one line for the user; a start-up turns it into exit code 2 (`toStartupError`). */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly code: ConfigErrorCode = 'CONFIG_INVALID',
    readonly params: ConfigErrorParams = {},
    private readonly say?: (lang: Lang) => string,
  ) {
    super(message);
    this.name = ConfigError.name;
  }

  /** The message in `lang`; an error built without a translation (the lab's own, already in its language) keeps its one text. */
  text(lang: Lang): string {
    return this.say?.(lang) ?? this.message;
  }
}
