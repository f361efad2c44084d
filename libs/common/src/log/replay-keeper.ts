import { NOTHING, SMALLEST_BUFFER, grownSize } from './whole-write.js';

/** Bytes of lines kept since the last check, to write again if the file turns out deleted; past this they are counted lost. */
const MAX_REPLAY_BYTES = 4 * 1024 * 1024;

/**
 * The lines written to the log file since the path was last checked, to write
 * again if the file turns out deleted. Kept as bytes outside V8's heap: kept
 * as strings, a quarter of a second of a busy server's lines (megabytes) was
 * copied by every young-generation collection and then promoted. Past
 * MAX_REPLAY_BYTES the events are only counted (`unkept`), and once one batch
 * was not kept no later one is either: what is written again is the first
 * lines, with no gap.
 */
export class ReplayKeeper {
  private kept = NOTHING;
  private keptBytes = 0;
  /** Events held in the kept bytes. */
  private keptEvents = 0;
  /** Events written since the last check that could not be kept. */
  private unkeptEvents = 0;

  /** Events whose lines are kept. */
  get events(): number {
    return this.keptEvents;
  }

  /** Events written since the last check that are not kept. */
  get unkept(): number {
    return this.unkeptEvents;
  }

  /** The kept lines, as text. */
  text(): string {
    return this.kept.toString('utf8', 0, this.keptBytes);
  }

  /** Copies a written batch's bytes (`events` events) to the kept ones, while they fit. */
  keep(bytes: Buffer, events: number): void {
    const end = this.keptBytes + bytes.length;
    if (this.unkeptEvents > 0 || end > MAX_REPLAY_BYTES) {
      this.unkeptEvents += events;
      return;
    }
    if (end > this.kept.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.min(MAX_REPLAY_BYTES, grownSize(end, this.kept.length)));
      this.kept.copy(bigger, 0, 0, this.keptBytes);
      this.kept = bigger;
    }
    bytes.copy(this.kept, this.keptBytes);
    this.keptBytes = end;
    this.keptEvents += events;
  }

  /** Counts `events` that got into the file but are not kept; no later batch is kept either, so a replay never has a gap. */
  skip(events: number): void {
    this.unkeptEvents += events;
  }

  /** Starts over after a check. */
  forget(): void {
    // A busy stretch grew the buffer; once a quarter of a second uses less than a quarter of it, it is let go.
    if (this.kept.length > SMALLEST_BUFFER && this.keptBytes < this.kept.length / 4) this.kept = NOTHING;
    this.keptBytes = 0;
    this.keptEvents = 0;
    this.unkeptEvents = 0;
  }
}
