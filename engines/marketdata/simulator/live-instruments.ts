import { ErrorCode, NwsError, parseInstrumentId } from '@nws/core';
import type { MarketDataStores } from '../stores.js';
import { DEMO_VENUE } from '../demo/universe.js';
import type { SimulatedInstrument } from './simulated-book.js';

const VOLATILITY_WINDOW = 61;
const TRADING_DAYS_PER_YEAR = 252;
/** Used when an instrument has too little daily history to measure its volatility. */
const FALLBACK_VOLATILITY = 0.25;

/**
 * What the live simulator needs for each instrument, from the stores: the last stored close
 * (daily or one-minute bars) to open at, and the volatility of the last 60 daily returns.
 * Default: every instrument of the demo venue. NOT_FOUND for an instrument without bars.
 */
export async function simulatedInstrumentsFromStores(stores: MarketDataStores, instrumentIds?: readonly string[]): Promise<SimulatedInstrument[]> {
  const ids = instrumentIds ?? stores.state.listInstruments({ venue: DEMO_VENUE }).map((instrument) => instrument.id);
  const closes = await recentCloses(stores);
  return ids.map((text) => {
    const id = parseInstrumentId(text);
    const instrument = stores.state.getInstrument(id);
    const minute = closes.get(`${id} 1m`);
    const daily = closes.get(`${id} 1d`);
    const last = minute ?? daily;
    if (last === undefined) throw new NwsError(ErrorCode.NotFound, `no 1m or 1d bars stored for ${id}: the simulator needs a last price`);
    return {
      instrumentId: id,
      price: last[last.length - 1]!,
      tickSize: instrument?.tickSize ?? 0.01,
      pricePrecision: instrument?.pricePrecision ?? 2,
      annualVolatility: daily ? annualVolatility(Float64Array.from(daily)) : FALLBACK_VOLATILITY,
    };
  });
}

/**
 * The last one-minute close and the last VOLATILITY_WINDOW daily closes of every stored series,
 * oldest first, keyed `instrument barType`. One query: the Host starts the simulator from this
 * while the user waits for the first quote, and two reads per instrument took most of a second.
 */
async function recentCloses(stores: MarketDataStores): Promise<Map<string, number[]>> {
  const rows = await stores.timeSeries.query(
    `SELECT s.instrument_id, s.bar_type, d.close
     FROM bar_data d JOIN bar_series s USING (series_id)
     WHERE s.bar_type = '1d' OR (s.bar_type = '1m' AND d.ts = s.last_ts)
     QUALIFY row_number() OVER (PARTITION BY s.series_id ORDER BY d.ts DESC) <= $1::INTEGER
     ORDER BY s.instrument_id, s.bar_type, d.ts`,
    [VOLATILITY_WINDOW],
  );
  const closes = new Map<string, number[]>();
  for (const row of rows) {
    const key = `${String(row.instrument_id)} ${String(row.bar_type)}`;
    const list = closes.get(key) ?? [];
    list.push(Number(row.close));
    closes.set(key, list);
  }
  return closes;
}

function annualVolatility(closes: Float64Array): number {
  if (closes.length < 3) return FALLBACK_VOLATILITY;
  const returns = Array.from(closes.subarray(1), (close, index) => Math.log(close / closes[index]!));
  const mean = returns.reduce((sum, value) => sum + value, 0) / returns.length;
  const variance = returns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (returns.length - 1);
  return Math.sqrt(variance * TRADING_DAYS_PER_YEAR);
}
