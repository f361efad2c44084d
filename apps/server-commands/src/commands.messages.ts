import { currentLang, type Lang } from '@app/common';

/**
 * What server-commands says to a person, in each language. `en` is typed by
 * `ru`, so a text missing from it fails the type check.
 */
const ru = {
  what: 'Пример сервера следующей лабораторной работы: команды COUNT и TIME, остальные строки отражаются (docs/extending.md).',
  needsText: (command: string) => `${command} без текста: нужно ${command} <текст>`,
  timeTakesNoArgument: 'TIME пишется без аргумента',
};

/** The shape of `ru` with its strings widened: every other language must have the same texts. */
type CommandsCatalogue = {
  readonly [K in keyof typeof ru]: (typeof ru)[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};

const en: CommandsCatalogue = {
  what: 'The example server of a later lab: the commands COUNT and TIME, every other line mirrored (docs/extending.md).',
  needsText: (command: string) => `${command} needs a text: ${command} <text>`,
  timeTakesNoArgument: 'TIME takes no argument',
};

const CATALOGUES: Record<Lang, CommandsCatalogue> = { ru, en };

/** The texts in `lang` (default: this process's language, `--lang` or MIRROR_LAB_LANG). */
export function commandsMessages(lang: Lang = currentLang()): CommandsCatalogue {
  return CATALOGUES[lang];
}
