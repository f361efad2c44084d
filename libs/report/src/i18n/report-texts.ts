import type { Lang } from '@app/common';
import { reportEn } from './report-texts.en.js';
import { reportRu } from './report-texts.ru.js';

/**
 * The texts' shape with every text widened to `string` (a function whose
 * Russian text is a fixed literal would otherwise demand that same literal).
 */
type Widen<T> = T extends (...args: infer A) => string
  ? (...args: A) => string
  : T extends string
    ? string
    : T extends readonly (infer U)[]
      ? Widen<U>[]
      : T extends object
        ? { [K in keyof T]: Widen<T[K]> }
        : T;

/** Every sentence of the report; derived from the Russian texts, so a missing English one fails `tsc`. */
export type ReportTexts = Widen<typeof reportRu>;

const TEXTS: Record<Lang, ReportTexts> = { ru: reportRu, en: reportEn };

/** The report's texts in `lang`. */
export const reportTexts = (lang: Lang): ReportTexts => TEXTS[lang];
