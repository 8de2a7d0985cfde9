/**
 * LiveBarRecorder: writes the bars of the live feed (a LiveBarAggregator's) to the time-series
 * store, so that after a restart the charts, the Backtest Lab and a resumed strategy's warm-up see
 * the live session too, not only imported history. Bars are buffered per series and written every
 * `flushEveryMs` (one small transaction per series with new bars, replacing any stored bar of the
 * same times). A write that fails is reported and its bars stay buffered for the next flush, up to
 * `maxBuffered` per series (the oldest go first beyond that, and the report says how many).
 */
import { formatBarSpec } from '@nws/core';
import type { Bar } from '@nws/core';
import type { BarColumns, TimeSeriesStore } from '@nws/storage';

export interface LiveBarRecorderOptions {
  /** Wall time between two writes. */
  flushEveryMs?: number;
  /** Bars kept per series while writes fail. */
  maxBuffered?: number;
  /** A write failed (or bars were dropped); the recorder carries on. */
  onError?: (message: string) => void;
}

interface Pending {
  instrumentId: string;
  barType: string;
  bars: Bar[];
}

export class LiveBarRecorder {
  private readonly pending = new Map<string, Pending>();
  private readonly flushEveryMs: number;
  private readonly maxBuffered: number;
  private timer: NodeJS.Timeout | undefined;
  /** The write in flight: flushes run one after the other. */
  private writing: Promise<void> = Promise.resolve();
  private written = 0;

  constructor(
    private readonly store: Pick<TimeSeriesStore, 'ingestBars'>,
    private readonly options: LiveBarRecorderOptions = {},
  ) {
    this.flushEveryMs = options.flushEveryMs ?? 5_000;
    this.maxBuffered = options.maxBuffered ?? 100_000;
  }

  /** Buffers one bar for the next write. */
  record(bar: Bar): void {
    const barType = formatBarSpec(bar.barType);
    const key = `${bar.barType.instrumentId} ${barType}`;
    let pending = this.pending.get(key);
    if (pending === undefined) {
      pending = { instrumentId: bar.barType.instrumentId, barType, bars: [] };
      this.pending.set(key, pending);
    }
    pending.bars.push(bar);
    if (pending.bars.length > this.maxBuffered) {
      const dropped = pending.bars.length - this.maxBuffered;
      pending.bars.splice(0, dropped);
      this.options.onError?.(`live bars: ${dropped} unwritten ${key} bar(s) dropped, the buffer is full (${this.maxBuffered})`);
    }
  }

  /** Writes every `flushEveryMs` until `stop`. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.flush(), this.flushEveryMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is buffered. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Writes the buffered bars now; resolves when they (and any earlier write) are done. */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.writePending());
    return this.writing;
  }

  /** Bars written to the store so far. */
  get barsWritten(): number {
    return this.written;
  }

  private async writePending(): Promise<void> {
    for (const pending of this.pending.values()) {
      if (pending.bars.length === 0) continue;
      const bars = pending.bars.splice(0);
      try {
        await this.store.ingestBars({ instrumentId: pending.instrumentId, barType: pending.barType }, columnsOf(bars));
        this.written += bars.length;
      } catch (error) {
        pending.bars.unshift(...bars);
        this.options.onError?.(`live bars: ${bars.length} ${pending.instrumentId} ${pending.barType} bar(s) not written, kept for the next try: ${(error as Error).message}`);
      }
    }
  }
}

/** Bars in time order (as the aggregator closes them) as store columns. */
function columnsOf(bars: readonly Bar[]): BarColumns {
  return {
    tsUs: BigInt64Array.from(bars, (bar) => BigInt(bar.ts) * 1000n),
    open: Float64Array.from(bars, (bar) => bar.open),
    high: Float64Array.from(bars, (bar) => bar.high),
    low: Float64Array.from(bars, (bar) => bar.low),
    close: Float64Array.from(bars, (bar) => bar.close),
    volume: Float64Array.from(bars, (bar) => bar.volume),
  };
}
