/** The peer sent more than `limit` bytes without a line feed. */
export class LineTooLongError extends Error {
  readonly code = 'LINE_TOO_LONG';

  constructor(readonly limit: number) {
    super(`line too long (limit ${limit} bytes)`);
    this.name = LineTooLongError.name;
  }
}
