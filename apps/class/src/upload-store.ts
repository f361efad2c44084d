import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { parseLogLine, type LogRecord } from '@app/common';

/** What the board keeps of a session's uploads (docs/class.md, "Uploads"). */
export const UPLOAD_LIMITS = { maxBytes: 1024 * 1024, maxFiles: 100 } as const;

/** The stable codes of a refused upload; the words for each are in the catalogue. */
export type UploadRefusal = 'bad-code' | 'too-large' | 'too-many-files' | 'not-utf8' | 'not-text' | 'empty' | 'not-saved';
export const REFUSAL_STATUS: Record<UploadRefusal, number> = {
  'bad-code': 403,
  'too-large': 413,
  'too-many-files': 429,
  'not-utf8': 415,
  'not-text': 415,
  empty: 400,
  // The board's disk refused the file (full, read-only): the student can only try again or tell the owner.
  'not-saved': 507,
};

export const CLIENT_KINDS = ['ts', 'python', 'other'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

/** One stored upload: the file the board named, and what came with it. */
export interface Upload {
  id: string;
  /** Stored as `uploads/<file>`, a name of the board's own. */
  file: string;
  /** X-File-Name as sent: shown, never used as a path. */
  shownName: string;
  client: ClientKind;
  /** X-Server: the client's [server] host:port. */
  server: string;
  /** The uploader's address, as the board saw it. */
  from: string;
  at: string;
  bytes: number;
  kind: 'kit' | 'other';
  /** CONNECTED events in a kit log. */
  connections: number;
}

export class UploadRefused extends Error {
  constructor(readonly code: UploadRefusal) {
    super(code);
  }
}

const CLIENT_EVENTS = new Set(['CONNECTED', 'SENT', 'RECEIVED', 'DISCONNECTED', 'UNEXPECTED', 'ERROR']);

/**
 * A kit-format client log: every non-empty line is a log line and at least
 * one is a client's CONNECTED. Anything else is kept verbatim as an attachment.
 */
export function classifyLog(text: string): { kind: 'kit' | 'other'; records: LogRecord[]; connections: number } {
  const records: LogRecord[] = [];
  for (const line of text.split('\n')) {
    const l = line.replace(/\r$/, '');
    if (l === '') continue;
    const r = parseLogLine(l);
    if (!r || !CLIENT_EVENTS.has(r.event)) return { kind: 'other', records: [], connections: 0 };
    records.push(r);
  }
  const connections = records.filter((r) => r.event === 'CONNECTED').length;
  return connections > 0 ? { kind: 'kit', records, connections } : { kind: 'other', records: [], connections: 0 };
}

/** Writes a file and flushes it to the disk before returning. */
function writeDurable(file: string, data: string | Buffer): void {
  const fd = openSync(file, 'wx');
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot open a directory for syncing; the files themselves are synced.
  }
}

/** Reads a request body, refusing as soon as it passes `max` bytes: never more than max + one chunk in memory. */
export function readLimited(body: Readable, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      body.off('data', onData);
      if (error) {
        // Stop reading: what is still coming is not kept.
        body.pause();
        reject(error);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) return finish(new UploadRefused('too-large'));
      chunks.push(chunk);
    };
    body.on('data', onData);
    body.once('end', () => finish());
    body.once('error', (e) => finish(e));
    body.once('close', () => finish(new UploadRefused('empty')));
  });
}

export interface UploadRequest {
  body: Readable;
  code: string | undefined;
  client: string | undefined;
  server: string | undefined;
  fileName: string | undefined;
  contentLength: string | undefined;
  from: string;
}

const sameCode = (given: string, code: string): boolean => {
  const a = Buffer.from(given.trim().toUpperCase());
  const b = Buffer.from(code);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** A header's value as a short single line of text (headers arrive as Latin-1; the clients percent-encode). */
export function headerText(raw: string | undefined, max = 200): string {
  if (!raw) return '';
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded: kept as it came.
  }
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, max);
}

/**
 * The session's uploads: validated, stored under names of the board's own in
 * `<session>/uploads/`, each on disk (written and fsynced, its directory too)
 * before it is acknowledged. A slot is reserved before the body is read, so
 * parallel uploads cannot pass the count.
 */
export class UploadStore {
  private readonly uploads: Upload[] = [];
  private reserved = 0;
  readonly dir: string;

  constructor(
    sessionDir: string,
    private readonly code: string,
    private readonly limits: { maxBytes: number; maxFiles: number } = UPLOAD_LIMITS,
  ) {
    this.dir = join(sessionDir, 'uploads');
    mkdirSync(this.dir, { recursive: true });
  }

  list(): readonly Upload[] {
    return this.uploads;
  }

  text(upload: Upload): string {
    return readFileSync(join(this.dir, upload.file), 'utf8');
  }

  async accept(req: UploadRequest): Promise<Upload> {
    if (!req.code || !sameCode(req.code, this.code)) throw new UploadRefused('bad-code');
    if (this.uploads.length + this.reserved >= this.limits.maxFiles) throw new UploadRefused('too-many-files');
    const declared = req.contentLength === undefined ? NaN : Number(req.contentLength);
    if (declared > this.limits.maxBytes) throw new UploadRefused('too-large');
    this.reserved += 1;
    try {
      const bytes = await readLimited(req.body, this.limits.maxBytes);
      if (bytes.length === 0) throw new UploadRefused('empty');
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw new UploadRefused('not-utf8');
      }
      // Valid UTF-8 but not text (a binary of ASCII bytes, say): NUL and most controls never occur in a log.
      if (/[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/.test(text)) throw new UploadRefused('not-text');
      try {
        return this.store(text.replace(/^\uFEFF/, ''), bytes, req);
      } catch {
        throw new UploadRefused('not-saved');
      }
    } finally {
      this.reserved -= 1;
    }
  }

  private store(text: string, bytes: Buffer, req: UploadRequest): Upload {
    const n = this.uploads.length + 1;
    const client: ClientKind = (CLIENT_KINDS as readonly string[]).includes(req.client ?? '')
      ? (req.client as ClientKind)
      : 'other';
    const id = String(n).padStart(3, '0');
    const file = `${id}-${client}.log`;
    const parsed = classifyLog(text);
    const upload: Upload = {
      id,
      file,
      shownName: headerText(req.fileName) || file,
      client,
      server: headerText(req.server, 100),
      from: req.from,
      at: new Date().toISOString(),
      bytes: bytes.length,
      kind: parsed.kind,
      connections: parsed.connections,
    };
    const meta = join(this.dir, `${id}-${client}.json`);
    try {
      writeDurable(join(this.dir, file), bytes);
      // The description last: an upload is listed only when both files are whole.
      writeDurable(meta, JSON.stringify(upload, null, 2) + '\n');
      fsyncDir(this.dir);
    } catch (error) {
      // Nothing half-written stays to take the next upload's name.
      for (const f of [join(this.dir, file), meta]) rmSync(f, { force: true });
      throw error;
    }
    this.uploads.push(upload);
    return upload;
  }
}
