import type { Socket } from 'node:net';

/**
 * Reading from a peer that sends faster than it reads our replies: stops
 * reading when the connection holds more than `limitBytes` for it, and reads
 * again once it holds at most half of that (the gap keeps it from flapping
 * on every line). While reading is stopped, TCP pushes back on the peer, so
 * what it sends waits in its own buffers, not in ours.
 *
 * The connection calls `update` whenever what it holds may have shrunk or
 * grown; `update` is the only place that pauses or resumes for this reason.
 */
export class BackPressure {
  private paused = false;
  private everPaused = false;

  /** `onFirstPause` runs the first time reading stops (to log why, once per connection). */
  constructor(
    private readonly socket: Socket,
    readonly limitBytes: number,
    private readonly onFirstPause: (heldBytes: number) => void,
  ) {}

  update(heldBytes: number): void {
    if (!this.paused) {
      if (heldBytes <= this.limitBytes) return;
      this.paused = true;
      this.socket.pause();
      if (!this.everPaused) {
        this.everPaused = true;
        this.onFirstPause(heldBytes);
      }
    } else if (heldBytes <= this.limitBytes / 2) {
      this.paused = false;
      this.socket.resume();
    }
  }
}
