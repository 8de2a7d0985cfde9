/**
 * Ring buffer of messages waiting for delivery, one per priority. Fields are kept in parallel
 * arrays and read through `shift()` + the `head*` getters so draining allocates nothing.
 */
import type { OverflowPolicy } from './config.js';

/** The per-topic counters a queue keeps right as it queues and drops. */
export interface QueueAccounting {
  queued: number;
  dropped: number;
}

const INITIAL_SLOTS = 64;

export class MessageQueue<R extends QueueAccounting> {
  private records: Array<R | undefined> = new Array(INITIAL_SLOTS);
  private payloads: unknown[] = new Array(INITIAL_SLOTS);
  private origins: unknown[] = new Array(INITIAL_SLOTS);
  private stamps = new Float64Array(INITIAL_SLOTS);
  private start = 0;
  length = 0;
  dropped = 0;

  /** capacity undefined: unbounded (critical). */
  constructor(
    private readonly capacity: number | undefined,
    private readonly overflow: OverflowPolicy,
  ) {}

  push(record: R, payload: unknown, origin: unknown, stamp: number): void {
    if (this.capacity !== undefined && this.length >= this.capacity) {
      this.dropped += 1;
      if (this.overflow === 'drop-newest') {
        record.dropped += 1;
        return;
      }
      this.dropOldest();
    }
    if (this.length === this.records.length) this.grow();
    const slot = (this.start + this.length) & (this.records.length - 1);
    this.records[slot] = record;
    this.payloads[slot] = payload;
    this.origins[slot] = origin;
    this.stamps[slot] = stamp;
    this.length += 1;
    record.queued += 1;
  }

  /** Removes the oldest message; its fields stay readable through `taken*` until the next call. */
  shift(): boolean {
    if (this.length === 0) return false;
    const slot = this.start;
    this.takenRecord = this.records[slot]!;
    this.takenPayload = this.payloads[slot];
    this.takenOrigin = this.origins[slot];
    this.takenStamp = this.stamps[slot]!;
    this.records[slot] = undefined;
    this.payloads[slot] = undefined;
    this.origins[slot] = undefined;
    this.start = (slot + 1) & (this.records.length - 1);
    this.length -= 1;
    this.takenRecord.queued -= 1;
    return true;
  }

  takenRecord: R | undefined;
  takenPayload: unknown;
  takenOrigin: unknown;
  takenStamp = Number.NaN;

  /** Empties the queue, counting every discarded message as dropped. */
  clear(): number {
    const discarded = this.length;
    while (this.length > 0) this.dropOldest();
    this.dropped += discarded;
    return discarded;
  }

  private dropOldest(): void {
    if (!this.shift()) return;
    this.takenRecord!.dropped += 1;
    this.takenRecord = undefined;
    this.takenPayload = undefined;
    this.takenOrigin = undefined;
  }

  /** Doubles the storage (sizes stay powers of two so slots wrap with a mask). */
  private grow(): void {
    const size = this.records.length;
    const records: Array<R | undefined> = new Array(size * 2);
    const payloads: unknown[] = new Array(size * 2);
    const origins: unknown[] = new Array(size * 2);
    const stamps = new Float64Array(size * 2);
    for (let index = 0; index < this.length; index++) {
      const from = (this.start + index) & (size - 1);
      records[index] = this.records[from];
      payloads[index] = this.payloads[from];
      origins[index] = this.origins[from];
      stamps[index] = this.stamps[from]!;
    }
    this.records = records;
    this.payloads = payloads;
    this.origins = origins;
    this.stamps = stamps;
    this.start = 0;
  }
}
