import { consoleErr, consoleOut, messages, type Lang } from '@app/common';

/** Where a console line goes; `consoleOut()` and `consoleErr()` are such, never waited for. */
export interface ConsoleSink {
  write(text: string): boolean;
}

/** A text longer than this is shown cut on the console; the log has it whole. */
export const SHOWN_CHARS = 1000;

/**
 * Characters a terminal would act on instead of showing: C0 and C1 controls
 * (ESC starts a colour or cursor sequence, CR overwrites the line), DEL,
 * and the marks that turn text around (U+202E shows "abc" as "cba"). The
 * tab is left: it only moves the cursor on.
 */
const ACTS_ON_TERMINAL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` as one console line: every character as it is, except those a
 * terminal would act on, which are shown as `\xNN` or `\uNNNN`; past
 * SHOWN_CHARS characters the rest is cut and the line says how much.
 */
export function shownText(text: string, logFile: string, lang?: Lang): string {
  const chars = Array.from(text);
  const head = chars.length > SHOWN_CHARS ? chars.slice(0, SHOWN_CHARS).join('') : text;
  const safe = head.replace(ACTS_ON_TERMINAL, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return chars.length > SHOWN_CHARS ? safe + messages(lang).client.say.cut(chars.length - SHOWN_CHARS, logFile) : safe;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The local time of day, `14:03:07.123`, as the Python client's console shows it. */
export function timeOfDay(at: Date = new Date()): string {
  return `${pad(at.getHours(), 2)}:${pad(at.getMinutes(), 2)}:${pad(at.getSeconds(), 2)}.${pad(at.getMilliseconds(), 3)}`;
}

/**
 * What the client says to the person at the terminal: one sentence per step
 * of the session in the chosen language, each after the time of day, as
 * `clients/python/client.py` says them. The log file keeps its own format
 * (event names, key=value; docs/logs.md) and is written apart from this.
 * Failures and warnings go to stderr as `client: …`, the way every app
 * reports a start-up failure. Both streams are never waited for
 * (`ConsoleOut`): a terminal that stops reading does not stop the client.
 */
export class ClientConsole {
  constructor(
    private readonly logFile: string,
    private readonly lang?: Lang,
    private readonly out: ConsoleSink = consoleOut(),
    private readonly err: ConsoleSink = consoleErr(),
  ) {}

  /** The sentences of this console's language. */
  get words(): ReturnType<typeof messages>['client']['say'] {
    return messages(this.lang).client.say;
  }

  /** A text that came from outside (a reply, the message, a board's answer), made safe for one console line. */
  shown(text: string): string {
    return shownText(text, this.logFile, this.lang);
  }

  /** One step of the session, on stdout after the time of day. */
  say(sentence: string): void {
    this.out.write(`${timeOfDay()} ${sentence}\n`);
  }

  /** A failure or a warning, on stderr. */
  warn(text: string): void {
    this.err.write(`client: ${text}\n`);
  }
}
