/**
 * Equity samples in growable typed arrays: a 10M-bar backtest keeps 160 MB of numbers, not 10M
 * objects. `ts` epoch ms UTC.
 */
export class EquityCurve {
  private tsValues: Float64Array;
  private equityValues: Float64Array;
  private size = 0;

  /** `capacity`: samples to allocate up front (a backtest knows its step count); grows past it. */
  constructor(capacity = 1024) {
    const size = Math.max(1, Math.floor(capacity));
    this.tsValues = new Float64Array(size);
    this.equityValues = new Float64Array(size);
  }

  record(ts: number, equity: number): void {
    if (this.size === this.tsValues.length) this.grow();
    this.tsValues[this.size] = ts;
    this.equityValues[this.size] = equity;
    this.size += 1;
  }

  get length(): number {
    return this.size;
  }

  /** Views of the recorded samples (no copy). */
  columns(): { ts: Float64Array; equity: Float64Array } {
    return { ts: this.tsValues.subarray(0, this.size), equity: this.equityValues.subarray(0, this.size) };
  }

  private grow(): void {
    const ts = new Float64Array(this.tsValues.length * 2);
    const equity = new Float64Array(this.equityValues.length * 2);
    ts.set(this.tsValues);
    equity.set(this.equityValues);
    this.tsValues = ts;
    this.equityValues = equity;
  }
}
