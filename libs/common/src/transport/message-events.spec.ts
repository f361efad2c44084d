import type { Fields } from '../log/log-line.js';
import { MessageEvents, describeError, type MessageLog } from './message-events.js';

/** A log that keeps what it is told. */
class Recorder implements MessageLog {
  readonly seen: unknown[][] = [];
  event(event: string, fields?: Fields): void {
    this.seen.push(['event', event, fields]);
  }
  message(event: string, fields: string, text: string): void {
    this.seen.push(['message', event, fields, text]);
  }
}

describe(MessageEvents.name, () => {
  it('should log each message with the peer field, and a reply with the handler fields after it', () => {
    const log = new Recorder();
    const events = new MessageEvents(log, '1.2.3.4:5');
    events.received('hi');
    events.sent('ih', undefined);
    events.sent('ih', { worker: 2 });
    expect(log.seen).toEqual([
      ['message', 'MESSAGE_RECEIVED', ' peer=1.2.3.4:5', 'hi'],
      ['message', 'MESSAGE_SENT', ' peer=1.2.3.4:5', 'ih'],
      ['message', 'MESSAGE_SENT', ' peer=1.2.3.4:5 worker=2', 'ih'],
    ]);
  });

  it('should log a handler error in words, and a throttled peer with what it holds and may hold', () => {
    const log = new Recorder();
    const events = new MessageEvents(log, '[::1]:7');
    events.handlerError(Object.assign(new Error('gone'), { code: 'EPIPE' }));
    events.throttled(3, 5000, 4096);
    expect(log.seen[0]).toEqual(['event', 'HANDLER_ERROR', { peer: '[::1]:7', error: 'EPIPE: gone' }]);
    expect(log.seen[1]).toEqual([
      'event',
      'CLIENT_THROTTLED',
      expect.objectContaining({ peer: '[::1]:7', pending: 3, held_bytes: 5000, limit_bytes: 4096 }),
    ]);
    expect((log.seen[1][2] as Fields).why).toEqual(expect.any(String));
  });
});

describe(describeError.name, () => {
  it('should give the code and message of an Error, the message of an error-like object, or the value', () => {
    expect(describeError(new Error('plain'))).toBe('plain');
    expect(describeError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED: refused');
    expect(describeError({ message: 'like an error' })).toBe('like an error');
    expect(describeError(42)).toBe('42');
  });
});
