import type { Lang } from '@app/common';
import { reportEn } from './report-texts.en.js';
import { reportRu, type ReportTexts } from './report-texts.ru.js';

export type { ReportTexts } from './report-texts.ru.js';

const TEXTS: Record<Lang, ReportTexts> = { ru: reportRu, en: reportEn };

/** The report's texts in `lang`. */
export const reportTexts = (lang: Lang): ReportTexts => TEXTS[lang];
