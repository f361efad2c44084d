import type { Lang } from '@app/common';
import type { ReportDocument } from '@app/report';
import type { ClassSession } from './class-session.js';

/** What the board is given by the session's main: the token and its shape. */
export const BOARD_CONTEXT = Symbol('BOARD_CONTEXT');

export interface BoardContext {
  session: ClassSession;
  lang: Lang;
  /** The owner's key (console only). */
  key: string;
  /** The commands students run, shown to the owner. */
  commands: string[];
  requestEnd: () => void;
  buildReport: (student?: string) => ReportDocument;
}
