/**
 * Equity samples in growable typed arrays: a 10M-bar backtest keeps 160 MB of numbers, not 10M
 * objects. `ts` epoch ms UTC. A run that needs only the summary (final value, maximum drawdown)
 * keeps no samples: they are folded into the summary a block at a time, with the same arithmetic
 * in the same order, so the numbers are identical to the bit.
 */

/** Largest fall from a running peak, carried across blocks of samples. */
export interface DrawdownState {
  peak: number;
  /** The largest fall in money. */
  money: number;
  /** The largest fall as a fraction of its peak (0.12 = 12%). */
  fraction: number;
}

export function emptyDrawdown(): DrawdownState {
  return { peak: Number.NEGATIVE_INFINITY, money: 0, fraction: 0 };
}

/** Folds `equity[from, to)` into `state`, in order. */
export function foldDrawdown(state: DrawdownState, equity: Float64Array, from = 0, to = equity.length): DrawdownState {
  let { peak, money, fraction } = state;
  for (let index = from; index < to; index++) {
    const value = equity[index]!;
    if (value > peak) peak = value;
    const fall = peak - value;
    if (fall > money) money = fall;
    if (peak > 0 && fall / peak > fraction) fraction = fall / peak;
  }
  state.peak = peak;
  state.money = money;
  state.fraction = fraction;
  return state;
}

export interface EquitySummary {
  samples: number;
  /** The last sample; NaN before any. */
  final: number;
  maxDrawdown: { fraction: number; money: number };
}

/** Samples a summary-only curve holds before folding them. */
const SUMMARY_BLOCK = 4096;

export class EquityCurve {
  private tsValues: Float64Array;
  private equityValues: Float64Array;
  /** Samples in the arrays. */
  private size = 0;
  /** Samples folded into `drawdown` and dropped (summary-only curves). */
  private folded = 0;
  private last = Number.NaN;
  private readonly drawdown = emptyDrawdown();
  private readonly keepSamples: boolean;

  /**
   * `capacity`: samples to allocate up front (a backtest knows its step count); grows past it.
   * `keepSamples: false` keeps only the summary: no memory per sample.
   */
  constructor(capacity = 1024, options: { keepSamples?: boolean } = {}) {
    this.keepSamples = options.keepSamples ?? true;
    const size = this.keepSamples ? Math.max(1, Math.floor(capacity)) : SUMMARY_BLOCK;
    this.tsValues = new Float64Array(size);
    this.equityValues = new Float64Array(size);
  }

  record(ts: number, equity: number): void {
    if (this.size === this.tsValues.length) this.makeRoom();
    this.tsValues[this.size] = ts;
    this.equityValues[this.size] = equity;
    this.size += 1;
  }

  /** Samples recorded so far (kept or not). */
  get length(): number {
    return this.folded + this.size;
  }

  /** Views of the recorded samples (no copy); empty for a summary-only curve. */
  columns(): { ts: Float64Array; equity: Float64Array } {
    if (!this.keepSamples) return { ts: new Float64Array(0), equity: new Float64Array(0) };
    return { ts: this.tsValues.subarray(0, this.size), equity: this.equityValues.subarray(0, this.size) };
  }

  summary(): EquitySummary {
    const carried = this.drawdown;
    // A copy with emptyDrawdown's shape: the fold then always sees one kind of object.
    const drawdown = foldDrawdown({ peak: carried.peak, money: carried.money, fraction: carried.fraction }, this.equityValues, 0, this.size);
    const final = this.size > 0 ? this.equityValues[this.size - 1]! : this.last;
    return { samples: this.length, final, maxDrawdown: { fraction: drawdown.fraction, money: drawdown.money } };
  }

  private makeRoom(): void {
    if (!this.keepSamples) {
      foldDrawdown(this.drawdown, this.equityValues, 0, this.size);
      this.last = this.equityValues[this.size - 1]!;
      this.folded += this.size;
      this.size = 0;
      return;
    }
    const ts = new Float64Array(this.tsValues.length * 2);
    const equity = new Float64Array(this.equityValues.length * 2);
    ts.set(this.tsValues);
    equity.set(this.equityValues);
    this.tsValues = ts;
    this.equityValues = equity;
  }
}
