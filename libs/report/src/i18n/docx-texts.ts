import type { Lang } from '@app/common';

/**
 * The words the Word file adds around the report's own text: the title
 * page's labels and the hints under a field left to fill in by hand. Both
 * languages have this one shape, so a missing translation fails the type check.
 */
export interface DocxTexts {
  /** "Выполнил:" — before the student's name. */
  doneBy: string;
  /** "группа" — before the group, after the name. */
  group: string;
  /** "Проверил:" — before the teacher's name. */
  checkedBy: string;
  /** The discipline's line under the work's name. */
  discipline: (name: string) => string;
  /** The year when none is given, as it is filled in by hand. */
  blankYear: string;
  /** In place of a timeline's picture that could not be drawn (the reason is resvg's, in English). */
  pictureFailed: (image: string, reason: string) => string;
  /** Shown in small type under a line left blank, so the student knows what goes there. */
  hint: { university: string; department: string };
}

const ru: DocxTexts = {
  doneBy: 'Выполнил:',
  group: 'группа',
  checkedBy: 'Проверил:',
  discipline: (name) => `по дисциплине «${name}»`,
  blankYear: '20__',
  pictureFailed: (image, reason) =>
    `Диаграмму ${image} не удалось нарисовать (${reason}). Её времена — в таблице клиентов и в логах.`,
  hint: { university: '(университет)', department: '(кафедра)' },
};

const en: DocxTexts = {
  doneBy: 'Done by:',
  group: 'group',
  checkedBy: 'Checked by:',
  discipline: (name) => `Course: ${name}`,
  blankYear: '20__',
  pictureFailed: (image, reason) =>
    `The timeline ${image} could not be drawn (${reason}). Its times are in the clients' table and in the logs.`,
  hint: { university: '(university)', department: '(department)' },
};

export const DOCX_TEXTS: Record<Lang, DocxTexts> = { ru, en };
