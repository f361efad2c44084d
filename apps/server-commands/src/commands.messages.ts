import { currentLang, type Lang } from '@app/common';

/**
 * What server-commands says to a person, in each language. `en` is typed by
 * `ru`, so a text missing from it fails the type check.
 */
const ru = {
  what: 'Пример сервера следующей лабораторной работы: команды COUNT и TIME, остальные строки отражаются (docs/extending.md).',
  countNeedsText: 'COUNT без текста: нужно COUNT <текст>',
  timeTakesNoArgument: 'TIME пишется без аргумента',
};

type CommandsCatalogue = { readonly [K in keyof typeof ru]: string };

const en: CommandsCatalogue = {
  what: 'The example server of a later lab: the commands COUNT and TIME, every other line mirrored (docs/extending.md).',
  countNeedsText: 'COUNT needs a text: COUNT <text>',
  timeTakesNoArgument: 'TIME takes no argument',
};

const CATALOGUES: Record<Lang, CommandsCatalogue> = { ru, en };

/** The texts in `lang` (default: this process's language, `--lang` or MIRROR_LAB_LANG). */
export function commandsMessages(lang: Lang = currentLang()): CommandsCatalogue {
  return CATALOGUES[lang];
}
