/**
 * The few entries open at a time among the many a run passes through (working orders by client
 * order id), in insertion order. A Map with constant insert/delete churn rehashes every few
 * operations (deleted slots fill its small table); here a removal leaves a hole instead, and the
 * table is rebuilt without the holes once they outnumber the live entries, so the cost of a
 * rebuild is spread over many removals.
 */
export class OpenEntries<K, V> {
  private entries = new Map<K, V | undefined>();
  private holes = 0;

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  has(key: K): boolean {
    return this.entries.get(key) !== undefined;
  }

  /** `value` must not be undefined (undefined marks a removed entry). */
  set(key: K, value: V): void {
    if (this.entries.get(key) === undefined && this.entries.has(key)) {
      // A removed key set again goes to the end, as in a Map.
      this.entries.delete(key);
      this.holes -= 1;
    }
    this.entries.set(key, value);
  }

  delete(key: K): boolean {
    if (this.entries.get(key) === undefined) return false;
    this.entries.set(key, undefined);
    this.holes += 1;
    if (this.holes > 64 && this.holes > 2 * (this.entries.size - this.holes)) this.dropHoles();
    return true;
  }

  /** Live entries in insertion order. */
  *values(): IterableIterator<V> {
    for (const value of this.entries.values()) if (value !== undefined) yield value;
  }

  private dropHoles(): void {
    const live = new Map<K, V | undefined>();
    for (const [key, value] of this.entries) if (value !== undefined) live.set(key, value);
    this.entries = live;
    this.holes = 0;
  }
}
