import type { ClientOrderId } from '@nws/core';

const NOT_SEEN = 0;
const FLAG_FALSE = 1;
const FLAG_TRUE = 2;
const DASH = 45;
const ZERO = 48;

/**
 * Client order ids of finished orders, each with one flag (the venue: whether it filled). A
 * backtest finishes hundreds of thousands of orders whose ids come from a sequential generator
 * (`<prefix>-<n>`): those are kept as one byte at index n, not as a hash-table entry holding the
 * id string — the table's growth and cache misses cost more per order than the rest of the
 * bookkeeping. Any other id (another prefix, a caller's own id) goes in a map; the answers are
 * the same either way.
 */
export class FinishedOrderIds {
  /** The generator prefix, learned from the first id of the `<prefix>-<n>` form. */
  private prefix: string | undefined;
  private flags = new Uint8Array(1024);
  private readonly others = new Map<ClientOrderId, boolean>();
  /**
   * The id parsed last and its sequence: the venue asks about an id when the order arrives and
   * adds it when the order ends, usually with no other id between.
   */
  private parsedId: string | undefined;
  private parsedSequence = -1;

  add(clientOrderId: ClientOrderId, flag: boolean): void {
    const sequence = this.sequenceOf(clientOrderId, true);
    // Sequential ids grow one by one; a far jump (someone's own "O-900000000") must not allocate.
    if (sequence < 0 || sequence >= this.flags.length * 4) {
      this.others.set(clientOrderId, flag);
      return;
    }
    if (sequence >= this.flags.length) this.grow(sequence);
    this.flags[sequence] = flag ? FLAG_TRUE : FLAG_FALSE;
  }

  has(clientOrderId: ClientOrderId): boolean {
    return this.flag(clientOrderId) !== undefined;
  }

  /** The flag of a finished order; undefined when the id is not one. */
  flag(clientOrderId: ClientOrderId): boolean | undefined {
    const sequence = this.sequenceOf(clientOrderId, false);
    const stored = sequence >= 0 && sequence < this.flags.length ? this.flags[sequence]! : NOT_SEEN;
    if (stored !== NOT_SEEN) return stored === FLAG_TRUE;
    return this.others.size === 0 ? undefined : this.others.get(clientOrderId);
  }

  /**
   * n of an id `<prefix>-<n>` (n without leading zeros, so each n has one spelling), else -1.
   * `learn`: the first id of that form sets the prefix.
   */
  private sequenceOf(clientOrderId: string, learn: boolean): number {
    if (clientOrderId === this.parsedId) return this.parsedSequence;
    const sequence = this.parseSequence(clientOrderId, learn);
    // Only once the prefix is known: before that, the answer may change when it is learned.
    if (this.prefix !== undefined) {
      this.parsedId = clientOrderId;
      this.parsedSequence = sequence;
    }
    return sequence;
  }

  private parseSequence(clientOrderId: string, learn: boolean): number {
    let prefix = this.prefix;
    if (prefix === undefined) {
      if (!learn) return -1;
      const dash = clientOrderId.lastIndexOf('-');
      if (dash <= 0 || digitsAt(clientOrderId, dash + 1) < 0) return -1;
      prefix = this.prefix = clientOrderId.slice(0, dash);
    }
    const start = prefix.length + 1;
    if (clientOrderId.length <= start || clientOrderId.charCodeAt(prefix.length) !== DASH || !clientOrderId.startsWith(prefix)) return -1;
    return digitsAt(clientOrderId, start);
  }

  private grow(sequence: number): void {
    let size = this.flags.length * 2;
    while (size <= sequence) size *= 2;
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    this.flags = flags;
  }
}

/** The decimal number from `start` to the end of `text` (no sign, no leading zero), or -1. */
function digitsAt(text: string, start: number): number {
  const length = text.length - start;
  if (length < 1 || length > 9) return -1;
  if (length > 1 && text.charCodeAt(start) === ZERO) return -1;
  let value = 0;
  for (let index = start; index < text.length; index++) {
    const digit = text.charCodeAt(index) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
