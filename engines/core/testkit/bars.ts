import { barIntervalMs, barType, parseInstrumentId, precisionOf, roundToPrecision } from '../domain/index.js';
import type { Bar, BarSpec, InstrumentId } from '../domain/index.js';

export interface BarSeriesOptions {
  instrumentId?: InstrumentId | string;
  /** `1m`, `1d`... default `1m`. */
  spec?: string | BarSpec;
  count?: number;
  /** Open time of the first bar, epoch ms; default 2024-01-02 14:30 UTC (US open). */
  startTs?: number;
  startPrice?: number;
  /** Typical relative move per bar; default 0.002. */
  volatility?: number;
  tickSize?: number;
  seed?: number;
}

/**
 * Deterministic OHLCV bars: a seeded random walk where each bar opens at the previous close,
 * prices sit on the tick grid and every bar passes `validateBar`. Same options, same bars.
 */
export function series(options: BarSeriesOptions = {}): Bar[] {
  const id = typeof options.instrumentId === 'string' ? parseInstrumentId(options.instrumentId) : (options.instrumentId ?? parseInstrumentId('AAPL.XNAS'));
  const type = barType(id, options.spec ?? '1m');
  const intervalMs = barIntervalMs(type.unit, type.step);
  const count = options.count ?? 100;
  const tickSize = options.tickSize ?? 0.01;
  const precision = precisionOf(tickSize);
  const volatility = options.volatility ?? 0.002;
  const random = mulberry32(options.seed ?? 1);
  const onTick = (value: number) => roundToPrecision(Math.max(tickSize, Math.round(value / tickSize) * tickSize), precision);

  const bars: Bar[] = [];
  let open = onTick(options.startPrice ?? 100);
  let ts = options.startTs ?? Date.UTC(2024, 0, 2, 14, 30);
  for (let index = 0; index < count; index++) {
    const close = onTick(open * (1 + (random() - 0.5) * 2 * volatility));
    const high = onTick(Math.max(open, close) * (1 + random() * volatility));
    const low = onTick(Math.min(open, close) * (1 - random() * volatility));
    const volume = 1_000 + Math.floor(random() * 9_000);
    bars.push({ barType: type, ts, open, high: Math.max(high, open, close), low: Math.min(low, open, close), close, volume });
    open = close;
    ts += intervalMs;
  }
  return bars;
}

/** Small fast seeded PRNG (public domain); plenty for test data. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
