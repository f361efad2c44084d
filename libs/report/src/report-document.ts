/**
 * The report as a document: what is said, in order, with no format in it.
 * The lab's report and the class session's report are built as a
 * `ReportDocument`; Markdown, HTML and Word are three renderers of it, so the
 * three files always say the same thing.
 *
 * Every string here is plain text as a student or a log wrote it. A renderer
 * escapes it for its format (HTML entities, Markdown punctuation, invisible
 * and direction characters); no block carries markup.
 */
import type { Lang } from '@app/common';

/** Language of a code or log listing: decides the Markdown fence's info string. */
export type ListingLanguage = 'text' | 'ini' | 'typescript' | 'python';

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string; strong?: boolean }
  /** A call-out the reader must not miss (example name in use, a clock that moved, a client that did not start). */
  | { kind: 'note'; text: string }
  | { kind: 'list'; items: string[] }
  /**
   * A table. `head` is absent for a two-column key/value table. `numeric`
   * marks the columns whose cells are numbers (right-aligned); `failed` the
   * rows shown as failures.
   */
  | { kind: 'table'; head?: string[]; rows: string[][]; numeric?: number[]; failed?: number[] }
  /** A listing: a config, a log or source code, shown monospaced and whole. */
  | { kind: 'listing'; name: string; text: string; language: ListingLanguage }
  /**
   * One timeline. `svg` is a self-contained SVG (HTML inlines it; Word and
   * Markdown get a PNG rendered from it, saved as `image` beside the report);
   * `mermaid` is the same timeline as a Mermaid gantt for Markdown viewers.
   */
  | { kind: 'timeline'; caption: string; svg: string; mermaid: string; image: string };

/**
 * The title page of a report handed in (Word). Fields not given are
 * undefined, and the renderer leaves a line to fill in by hand.
 */
export interface TitlePage {
  university?: string;
  department?: string;
  /** "Отчёт о лабораторной работе № 2". */
  work: string;
  discipline?: string;
  /** "Вариант 7 — многопроцессный сервер", when a variant is known. */
  subtitle?: string;
  student?: string;
  group?: string;
  teacher?: string;
  city?: string;
  year?: string;
}

export interface ReportDocument {
  lang: Lang;
  /** The document's title (HTML <title>, the first heading). */
  title: string;
  titlePage: TitlePage;
  blocks: Block[];
}
