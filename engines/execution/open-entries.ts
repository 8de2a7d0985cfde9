/**
 * The few entries open at a time among the many a run passes through (working orders by client
 * order id), in insertion order. A backtest has one or two open at a time and opens and closes
 * hundreds of thousands: a Map under that churn rehashes and reallocates every few operations,
 * so up to `SMALL` entries live in two plain arrays searched from the newest. Past that (a grid
 * of hundreds of resting limits) a Map takes over, and the arrays come back once it empties.
 */
const SMALL = 16;

export class OpenEntries<K, V> {
  /**
   * Slots [0, count) are live. The arrays never shrink: V8 frees an array's backing store when
   * it is emptied, and the next push would allocate it again, once per order.
   */
  private readonly keys: (K | undefined)[] = [];
  private readonly entryValues: (V | undefined)[] = [];
  private count = 0;
  /** Every entry while there are more than SMALL; the arrays are then unused. */
  private large: Map<K, V> | undefined;

  get(key: K): V | undefined {
    if (this.large !== undefined) return this.large.get(key);
    const slot = this.slotOf(key);
    return slot < 0 ? undefined : this.entryValues[slot];
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** `value` must not be undefined. As in a Map, a key already there keeps its place. */
  set(key: K, value: V): void {
    if (this.large !== undefined) {
      this.large.set(key, value);
      return;
    }
    const slot = this.slotOf(key);
    if (slot >= 0) {
      this.entryValues[slot] = value;
      return;
    }
    if (this.count < SMALL) {
      this.keys[this.count] = key;
      this.entryValues[this.count] = value;
      this.count += 1;
      return;
    }
    this.large = new Map();
    for (let index = 0; index < this.count; index++) this.large.set(this.keys[index]!, this.entryValues[index]!);
    this.large.set(key, value);
    while (this.count > 0) this.removeAt(this.count - 1);
  }

  delete(key: K): boolean {
    if (this.large !== undefined) {
      const deleted = this.large.delete(key);
      if (this.large.size === 0) this.large = undefined;
      return deleted;
    }
    const slot = this.slotOf(key);
    if (slot < 0) return false;
    this.removeAt(slot);
    return true;
  }

  get size(): number {
    return this.large === undefined ? this.count : this.large.size;
  }

  /** Live entries in insertion order (a snapshot: safe to change the entries while iterating). */
  values(): V[] {
    return this.large === undefined ? (this.entryValues.slice(0, this.count) as V[]) : [...this.large.values()];
  }

  /** The slot of `key`, newest first: the entry asked about is usually the latest. */
  private slotOf(key: K): number {
    const keys = this.keys;
    for (let index = this.count - 1; index >= 0; index--) if (keys[index] === key) return index;
    return -1;
  }

  private removeAt(slot: number): void {
    const keys = this.keys;
    const values = this.entryValues;
    const last = this.count - 1;
    for (let index = slot; index < last; index++) {
      keys[index] = keys[index + 1];
      values[index] = values[index + 1];
    }
    // Cleared, so a finished entry is not kept alive by a stale slot.
    keys[last] = undefined;
    values[last] = undefined;
    this.count = last;
  }
}
