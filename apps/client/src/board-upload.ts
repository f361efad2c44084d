import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { basename } from 'node:path';
import { hostPort, messages, type ClientConfig, type Lang } from '@app/common';

/** How long the board has to take the log: a board that is down or slow costs the student at most this. */
export const BOARD_TIMEOUT_MS = 5000;
/** The board refuses more (docs/network.md); reading more of a runaway log only to be refused helps nobody. */
const MAX_SENT_BYTES = 1024 * 1024 + 1;

/** What came of sending the log: the board's own words when it answered. */
export type UploadOutcome =
  | { kind: 'taken'; status: number; message: string }
  | { kind: 'refused'; status: number; error: string; message: string }
  | { kind: 'not-board'; status: number }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'timeout'; timeoutMs: number };

export interface LogUpload {
  /** `[board] url`: the board's page; the upload goes to its `api/uploads`. */
  board: string;
  code: string;
  /** `[server]` host:port, the settings the student's client used. */
  server: string;
  client: 'ts' | 'python';
  /** Only shown on the board (it names stored files itself). */
  fileName: string;
  body: Buffer;
  timeoutMs?: number;
}

/** The board's upload endpoint under the address the student was given (its path kept, query dropped). */
export function uploadsUrl(board: string): string {
  const url = new URL(board);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return new URL('api/uploads', url).href;
}

/**
 * This run's lines of the log: from `offset` (the file's size when the run
 * began) on, and only this process's (`client[<pid>]`), so another client
 * writing the same file at the same time is not sent as ours. The whole
 * file is not sent: it holds every earlier run too, which the board would
 * try to match to this session's connections, and it grows past the
 * board's 1 MiB limit.
 */
export function thisRunLines(file: string, offset: number, pid: number = process.pid): Buffer {
  const fd = openSync(file, 'r');
  let data: Buffer;
  try {
    const size = fstatSync(fd).size;
    const length = Math.max(0, Math.min(size - offset, MAX_SENT_BYTES));
    data = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, data, read, length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    data = data.subarray(0, read);
  } finally {
    closeSync(fd);
  }
  const mine = ` client[${pid}] `;
  const lines = data
    .toString('utf8')
    .split('\n')
    .filter((line) => line.includes(mine) && line.indexOf(mine) === line.indexOf(' '));
  return Buffer.from(lines.length > 0 ? lines.join('\n') + '\n' : '');
}

/** The size of `file` now, 0 if it cannot be read (then the whole of it counts as this run's). */
export function logOffset(file: string): number {
  try {
    const fd = openSync(file, 'r');
    try {
      return fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
  } catch {
    return 0;
  }
}

/**
 * POSTs the log to the board (its upload API: the body is the log's bytes,
 * the session code and the client's server in headers) and says what came
 * of it. Never throws: a board that is down, slow or refusing is an outcome.
 */
export async function postLog(upload: LogUpload): Promise<UploadOutcome> {
  const timeoutMs = upload.timeoutMs ?? BOARD_TIMEOUT_MS;
  try {
    const response = await fetch(uploadsUrl(upload.board), {
      method: 'POST',
      body: upload.body,
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Session-Code': headerValue(upload.code),
        'X-Client': upload.client,
        'X-Server': headerValue(upload.server),
        'X-File-Name': headerValue(upload.fileName),
      },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await readAnswer(response);
    if (body === undefined) return { kind: 'not-board', status: response.status };
    if (response.status === 201) return { kind: 'taken', status: 201, message: body.message };
    if (response.status >= 400 && response.status < 500 && body.error !== undefined)
      return { kind: 'refused', status: response.status, error: body.error, message: body.message };
    return { kind: 'not-board', status: response.status };
  } catch (error) {
    if (isTimeout(error)) return { kind: 'timeout', timeoutMs };
    return { kind: 'unreachable', detail: describeFetchError(error) };
  }
}

/**
 * A header carries printable ASCII only: anything else (a Cyrillic file name)
 * and `%` itself are percent-encoded, and the board decodes them; plain
 * values such as `10.0.0.1:12345` go as they are.
 */
export function headerValue(text: string): string {
  return text.replace(/[^\x20-\x24\x26-\x7e]/gu, (c) => encodeURIComponent(c));
}

/** The board's JSON answer: `message` always, `error` on a refusal; anything else is no board's answer. */
async function readAnswer(response: Response): Promise<{ message: string; error?: string } | undefined> {
  const text = await response.text();
  try {
    const json = JSON.parse(text) as unknown;
    if (typeof json !== 'object' || json === null) return undefined;
    const { message, error } = json as { message?: unknown; error?: unknown };
    if (typeof message !== 'string') return undefined;
    return { message: consoleText(message), ...(typeof error === 'string' ? { error: consoleText(error) } : {}) };
  } catch {
    return undefined;
  }
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** fetch's "fetch failed" says nothing; its cause has the system's code (ECONNREFUSED, ENOTFOUND, …). */
function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause?.code) return cause.code;
  return consoleText(cause?.message ?? (error as Error)?.message ?? String(error));
}

/** What the board says goes to a terminal: one line, no control or bidi characters, bounded. */
function consoleText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').slice(0, 500);
}

/** The console's line for an outcome, in `lang`; `warn` when the log did not reach the board. */
export function outcomeLine(outcome: UploadOutcome, board: string, lang?: Lang): { text: string; warn: boolean } {
  const t = messages(lang).upload;
  switch (outcome.kind) {
    case 'taken':
      return { text: t.taken(board, outcome.message), warn: false };
    case 'refused':
      return { text: t.refused(board, outcome.status, outcome.message), warn: true };
    case 'not-board':
      return { text: t.notBoard(board, outcome.status), warn: true };
    case 'unreachable':
      return { text: t.unreachable(board, outcome.detail), warn: true };
    case 'timeout':
      return { text: t.timeout(board, outcome.timeoutMs), warn: true };
  }
}

/**
 * After the session, whatever its outcome: this run's log and the `[server]`
 * settings to the board named in `[board] url`. Returns the console's line;
 * the exit code is never changed by it.
 */
export async function sendLogToBoard(
  config: ClientConfig,
  offset: number,
  lang?: Lang,
): Promise<{ text: string; warn: boolean }> {
  let body: Buffer;
  try {
    body = thisRunLines(config.log.file, offset);
  } catch (error) {
    return { text: messages(lang).upload.cannotRead(config.log.file, (error as Error).message), warn: true };
  }
  const outcome = await postLog({
    board: config.board.url,
    code: config.board.code,
    server: hostPort(config.server.host, config.server.port),
    client: 'ts',
    fileName: basename(config.log.file),
    body,
  });
  return outcomeLine(outcome, config.board.url, lang);
}
