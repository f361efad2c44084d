import type { Fields } from '../log/log-line.js';
import { messages } from '../i18n/messages.js';
import { EventLog } from '../log/event-log.js';
import { LogEvent, type LogEventName } from '../log/log.constants.js';

/** What the per-message events need of the event log; `EventLog` is one. */
export interface MessageLog {
  event(event: LogEventName, fields?: Fields): void;
  /** A per-message event: `fields` formatted once per connection (`EventLog.fields`), then `msg=<text>`. */
  message(event: LogEventName, fields: string, text: string): void;
}

/**
 * The events a connection logs about its requests, each in one place, so how
 * they are formatted can change here alone. Made with a connection's first
 * request: ` peer=<address>` is formatted once, then used by every message.
 */
export class MessageEvents {
  private readonly peerField: string;

  constructor(
    private readonly log: MessageLog,
    private readonly peer: string,
  ) {
    this.peerField = EventLog.fields({ peer });
  }

  received(line: string): void {
    this.log.message(LogEvent.MESSAGE_RECEIVED, this.peerField, line);
  }

  /** MESSAGE_SENT for `reply`, with the handler's `extra` fields for it, if any. */
  sent(reply: string, extra: Fields | undefined): void {
    if (extra === undefined) return this.log.message(LogEvent.MESSAGE_SENT, this.peerField, reply);
    this.log.message(LogEvent.MESSAGE_SENT, this.peerField + EventLog.fields(extra), reply);
  }

  handlerError(error: unknown): void {
    this.log.event(LogEvent.HANDLER_ERROR, { peer: this.peer, error: describeError(error) });
  }

  throttled(pending: number, heldBytes: number, limitBytes: number): void {
    this.log.event(LogEvent.CLIENT_THROTTLED, {
      peer: this.peer,
      pending,
      held_bytes: heldBytes,
      limit_bytes: limitBytes,
      why: messages().server.throttled,
    });
  }
}

/** An error in one line for the log: `CODE: message` when it has a code. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${error.message}` : error.message;
  }
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
