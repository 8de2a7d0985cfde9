import { MAX_PRECISION, splitInstrumentId, type Instrument, type InstrumentId } from '@nws/core';
import type { StateStore } from '@nws/storage';
import type { ParsedBars } from './parsed-bars.js';

const SAMPLE_ROWS = 500;

/**
 * Makes sure an imported instrument is known to the state store. An existing record (from a
 * provider, IBKR or the user) is left alone; a new one is a plain USD instrument whose tick is
 * guessed from the decimals the prices are written with.
 */
export function ensureInstrumentRecord(state: StateStore, id: InstrumentId, bars: ParsedBars): Readonly<Instrument> {
  const existing = state.getInstrument(id);
  if (existing !== undefined) return existing;
  const { symbol, venue } = splitInstrumentId(id);
  const precision = pricePrecisionOf(bars);
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

/** Most decimals among a sample of closes (2 at least, as for cents; at most core's limit). */
function pricePrecisionOf(bars: ParsedBars): number {
  let precision = 2;
  const step = Math.max(1, Math.floor(bars.length / SAMPLE_ROWS));
  for (let index = 0; index < bars.length; index += step) precision = Math.max(precision, decimalsOf(bars.close[index]!));
  return Math.min(precision, MAX_PRECISION);
}

function decimalsOf(value: number): number {
  const text = String(value);
  if (text.includes('e')) return MAX_PRECISION;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
