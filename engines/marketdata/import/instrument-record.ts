import { MAX_PRECISION, splitInstrumentId, type Instrument, type InstrumentId } from '@nws/core';
import type { StateStore } from '@nws/storage';
import type { ParsedBars } from './parsed-bars.js';

const SAMPLE_ROWS = 500;
/** Converting a number to text costs ~0.1 µs: every 64th bar is ~0.2% of a large import's time. */
const SAMPLE_STRIDE = 64;

/**
 * Makes sure an imported instrument is known to the state store. An existing record (from a
 * provider, IBKR or the user) is left alone; a new one is a plain USD instrument whose tick is
 * guessed from the decimals the prices are written with (`precision`, see PricePrecisionSampler).
 */
export function ensureInstrumentRecord(state: StateStore, id: InstrumentId, precision: number): Readonly<Instrument> {
  const existing = state.getInstrument(id);
  if (existing !== undefined) return existing;
  const { symbol, venue } = splitInstrumentId(id);
  return state.upsertInstrument({
    id,
    symbol,
    venue,
    assetClass: 'equity',
    currency: 'USD',
    tickSize: Number((10 ** -precision).toFixed(precision)),
    lotSize: 1,
    multiplier: 1,
    pricePrecision: precision,
    name: symbol,
  });
}

/**
 * Most decimals among a sample of closes (2 at least, as for cents; at most core's limit): the
 * first SAMPLE_ROWS bars and every SAMPLE_STRIDE-th after, counted over the whole file whether
 * it is read at once or block by block (`add` each block in order).
 */
export class PricePrecisionSampler {
  private precision = 2;
  private seen = 0;

  add(bars: ParsedBars): void {
    this.addPrices(bars.close, bars.length);
  }

  /** Samples the first `length` of `prices` (closes, or trade prices and bids of a tick file). */
  addPrices(prices: Float64Array, length: number): void {
    const first = this.seen;
    for (let index = 0; index < Math.min(length, SAMPLE_ROWS - first); index++) this.sample(prices[index]!);
    const firstStrided = Math.ceil(Math.max(SAMPLE_ROWS, first) / SAMPLE_STRIDE) * SAMPLE_STRIDE - first;
    for (let index = firstStrided; index < length; index += SAMPLE_STRIDE) this.sample(prices[index]!);
    this.seen += length;
  }

  get value(): number {
    return Math.min(this.precision, MAX_PRECISION);
  }

  private sample(close: number): void {
    this.precision = Math.max(this.precision, decimalsOf(close));
  }
}

/** The price precision of a whole set of bars (see PricePrecisionSampler). */
export function pricePrecisionOf(bars: ParsedBars): number {
  const sampler = new PricePrecisionSampler();
  sampler.add(bars);
  return sampler.value;
}

function decimalsOf(value: number): number {
  const text = String(value);
  if (text.includes('e')) return MAX_PRECISION;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
