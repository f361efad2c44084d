import { en } from './catalogue.en.js';
import { ru, type Catalogue } from './catalogue.ru.js';
import { currentLang, type Lang } from './lang.js';

const CATALOGUES: Record<Lang, Catalogue> = { ru, en };

/** Everything the program says, in `lang` (default: this process's language). */
export function messages(lang: Lang = currentLang()): Catalogue {
  return CATALOGUES[lang];
}
