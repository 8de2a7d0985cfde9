import type { BarSeries } from '@nws/backtest';

/** Daily bars from closes: open = previous close, high/low 1 beyond the body. */
export function dailySeries(instrumentId: string, closes: readonly number[]): BarSeries {
  const open = Float64Array.from(closes, (value, index) => (index === 0 ? value : closes[index - 1]!));
  return {
    instrumentId,
    barSpec: '1d',
    ts: Float64Array.from(closes, (_, index) => Date.UTC(2021, 0, 1) + index * 86_400_000),
    open,
    high: Float64Array.from(closes, (value, index) => Math.max(value, open[index]!) + 1),
    low: Float64Array.from(closes, (value, index) => Math.min(value, open[index]!) - 1),
    close: Float64Array.from(closes),
    volume: new Float64Array(closes.length).fill(1000),
  };
}

/** `count` copies of `value`, alternating ±wiggle so deviations are not zero. */
export function flat(count: number, value: number, wiggle = 0.1): number[] {
  return Array.from({ length: count }, (_, index) => value + (index % 2 === 0 ? wiggle : -wiggle));
}
