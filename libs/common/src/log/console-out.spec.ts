import { EventEmitter } from 'node:events';
import { ConsoleOut, type ConsoleStream } from './console-out.js';

/** A console stream that takes nothing out while `stopped`: what is written stays queued. */
class StoppedTerminal extends EventEmitter implements ConsoleStream {
  readonly isTTY = true;
  readonly written: string[] = [];
  writableLength = 0;
  blocking?: boolean;
  readonly _handle = { setBlocking: (blocking: boolean) => (this.blocking = blocking) };

  write(text: string): boolean {
    this.written.push(text);
    this.writableLength += Buffer.byteLength(text);
    return false;
  }

  /** The terminal reads again (Ctrl-Q): everything queued goes out. */
  resume(): void {
    this.writableLength = 0;
    this.emit('drain');
  }
}

describe(ConsoleOut.name, () => {
  it('should switch a terminal to writes that never block', () => {
    const tty = new StoppedTerminal();
    expect(new ConsoleOut(tty)).toBeInstanceOf(ConsoleOut);
    expect(tty.blocking).toBe(false);
  });

  it('should drop and count lines past its backlog, and say how many once the terminal drains', () => {
    const tty = new StoppedTerminal();
    const out = new ConsoleOut(tty, 100);
    const line = 'x'.repeat(39) + '\n';
    const results = Array.from({ length: 10 }, () => out.write(line));
    // 40 bytes a line: the first three fit under 100 bytes, the other seven are dropped.
    expect(results).toEqual([true, true, true, false, false, false, false, false, false, false]);
    expect(out.droppedLines).toBe(7);
    expect(tty.written).toHaveLength(3);
    tty.resume();
    expect(tty.written).toHaveLength(4);
    expect(tty.written[3]).toMatch(/^\.\.\. 7 console lines dropped/);
    expect(out.droppedLines).toBe(0);
    tty.resume();
    expect(tty.written).toHaveLength(4);
  });
});
