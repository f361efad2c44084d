import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { ConfigError } from './config.error.js';
import { configErrors } from './config.errors.js';

/**
 * The most a config file may hold. The shipped ones are about 2 KB; anything
 * near this is a wrong file (a log, a video) and is refused before it is read
 * whole, so a huge or endless file (/dev/zero) costs one mebibyte of memory.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads a config file as text: at most `MAX_CONFIG_BYTES`, UTF-8 with or
 * without a BOM. A FIFO or a socket is refused before it is opened: opening
 * a FIFO waits for a writer that may never come. A device is read like a
 * file (/dev/null is an empty config, /dev/zero is refused at the limit).
 */
export function readConfigText(file: string): string {
  return decodeConfigText(readBounded(file), file);
}

function readBounded(file: string): Buffer {
  let fd: number;
  try {
    const kind = statSync(file);
    if (kind.isDirectory()) throw configErrors.fileIsDirectory(file);
    if (kind.isFIFO() || kind.isSocket()) throw configErrors.fileNotRegular(file);
    fd = openSync(file, 'r');
  } catch (error) {
    throw readError(file, error);
  }
  try {
    // One byte more than allowed tells "exactly the limit" from "over it".
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_CONFIG_BYTES) throw configErrors.fileTooLarge(file, MAX_CONFIG_BYTES);
    return buffer.subarray(0, length);
  } catch (error) {
    throw readError(file, error);
  } finally {
    closeSync(fd);
  }
}

function readError(file: string, error: unknown): Error {
  if (error instanceof ConfigError) return error;
  // Not `instanceof Error`: errors from node:fs come from another realm under Jest's VM modules.
  const code = (error as Partial<NodeJS.ErrnoException> | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return configErrors.fileNotFound(file);
    case 'EISDIR':
      return configErrors.fileIsDirectory(file);
    case 'EACCES':
    case 'EPERM':
      return configErrors.fileUnreadable(file, code, true);
    default:
      return configErrors.fileUnreadable(file, code ?? String(error));
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const LF = 0x0a;

/**
 * UTF-8 bytes to text, dropping one BOM (Windows Notepad writes one). A file
 * in UTF-16 or a legacy code page (Windows-1251) is refused with a line that
 * says so, instead of being read as mojibake that then shows up in the
 * replies and the logs.
 */
export function decodeConfigText(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw configErrors.utf16(file);
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(
    UTF8_BOM.every((b, i) => bytes[i] === b) ? UTF8_BOM.length : 0,
  );
  const nul = body.indexOf(0);
  // UTF-16 without a BOM is mostly NUL bytes, and still valid UTF-8.
  if (nul >= 0) throw configErrors.notText({ file, line: lineAt(body, nul) });
  if (isUtf8(body)) return body.toString('utf8');
  let start = 0;
  for (let line = 1; ; line++) {
    const end = body.indexOf(LF, start);
    const bytesOfLine = body.subarray(start, end < 0 ? body.length : end);
    if (!isUtf8(bytesOfLine)) {
      const { column, offset } = firstInvalid(bytesOfLine);
      throw configErrors.notUtf8({ file, line }, column, bytesOfLine[offset]);
    }
    // A LF byte never occurs inside a UTF-8 sequence, so a bad line is always found.
    start = end + 1;
  }
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(LF); i >= 0 && i < offset; i = bytes.indexOf(LF, i + 1)) line++;
  return line;
}

/**
 * Where the first invalid sequence starts. Everything before the decoder's
 * first replacement character (U+FFFD) decoded validly, so its UTF-8 length is
 * the byte offset; a U+FFFD that was really in the file (EF BF BD) is skipped.
 */
function firstInvalid(bytes: Buffer): { column: number; offset: number } {
  const text = bytes.toString('utf8');
  let offset = 0;
  let column = 1;
  let from = 0;
  // Counted piece by piece, so that a line of many real U+FFFD stays linear.
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) {
    const piece = text.slice(from, i);
    offset += Buffer.byteLength(piece);
    column += [...piece].length;
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return { column, offset };
    from = i;
  }
  return { column: 1, offset: 0 };
}
