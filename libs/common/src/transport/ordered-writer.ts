import type { Socket } from 'node:net';
import { ErrorReply } from './transport.constants.js';

/** What the writer needs of the event log. */
export interface FlushingLog {
  /**
   * Runs `fn` once every event logged so far has been handed to the file.
   * `written === false`: they could not be written (disk full); `undefined` means written.
   */
  afterFlush(fn: (written?: boolean) => void): void;
}

/**
 * A connection's outgoing lines, in order, each written to the socket only
 * once the log holds every event logged before it: a reply can never be seen
 * by the peer before its MESSAGE_SENT is in the file (docs/spec.md#6-logs). Lines queued
 * before the same flush wait in the outbox and go out in one socket write.
 *
 * When the log says that flush failed, each reply in it is replaced by
 * `ERROR server cannot write its log`: the server does not send what it could
 * not record. Other lines (errors, refusals) go as they are.
 */
export class OrderedWriter {
  private outbox = '';
  /** Where the replies are in `outbox`: start and end offsets, flattened. Only read when a flush fails. */
  private readonly replySpans: number[] = [];
  private flushPending = false;
  private ending = false;

  /** `owner.relieved` runs after each socket write, so back-pressure can look at the socket's buffer. */
  constructor(
    private readonly socket: Socket,
    private readonly log: FlushingLog,
    private readonly owner: { relieved(): void },
  ) {}

  /** Bytes queued here or in the socket and not yet taken by the kernel. */
  get unsentBytes(): number {
    return this.outbox.length + this.socket.writableLength;
  }

  /** A reply to a request: its MESSAGE_SENT has been logged just before. */
  reply(text: string): void {
    const start = this.outbox.length;
    this.outbox += text;
    this.replySpans.push(start, this.outbox.length);
    this.schedule();
  }

  /** A line that is not a recorded reply (an error, a refusal). */
  line(text: string): void {
    this.outbox += text;
    this.schedule();
  }

  /** Ends the socket (our FIN) after everything queued so far. */
  end(): void {
    this.ending = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.flushPending) return;
    this.flushPending = true;
    this.log.afterFlush(this.flushed);
  }

  // An arrow field, made once per connection: the per-request path allocates no callback.
  private readonly flushed = (written?: boolean): void => {
    this.flushPending = false;
    let text = this.outbox;
    if (written === false && this.replySpans.length > 0) text = this.withoutReplies(text);
    this.outbox = '';
    this.replySpans.length = 0;
    if (this.socket.destroyed || !this.socket.writable) return;
    if (text.length > 0) this.socket.write(text);
    if (this.ending) this.socket.end();
    this.owner.relieved();
  };

  private withoutReplies(text: string): string {
    let result = '';
    let at = 0;
    for (let i = 0; i < this.replySpans.length; i += 2) {
      result += text.slice(at, this.replySpans[i]) + ErrorReply.logUnwritable;
      at = this.replySpans[i + 1];
    }
    return result + text.slice(at);
  }
}
