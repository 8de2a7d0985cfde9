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
  const stored = await stores.timeSeries.listSeries();
  const result: SimulatedInstrument[] = [];
  for (const text of ids) {
    const id = parseInstrumentId(text);
    const instrument = stores.state.getInstrument(id);
    const series = stored.filter((entry) => entry.instrumentId === id);
    const hasDaily = series.some((entry) => entry.barType === '1d');
    const lastSeries = series.find((entry) => entry.barType === '1m') ?? series.find((entry) => entry.barType === '1d');
    if (lastSeries === undefined) throw new NwsError(ErrorCode.NotFound, `no 1m or 1d bars stored for ${id}: the simulator needs a last price`);
    const last = await stores.timeSeries.readBars({ instrumentId: id, barType: lastSeries.barType, limit: 1, fromEnd: true });
    const daily = hasDaily ? await stores.timeSeries.readBars({ instrumentId: id, barType: '1d', limit: VOLATILITY_WINDOW, fromEnd: true }) : undefined;
    result.push({
      instrumentId: id,
      price: last.close[0]!,
      tickSize: instrument?.tickSize ?? 0.01,
      pricePrecision: instrument?.pricePrecision ?? 2,
      annualVolatility: daily ? annualVolatility(daily.close) : FALLBACK_VOLATILITY,
    });
  }
  return result;
}

function annualVolatility(closes: Float64Array): number {
  if (closes.length < 3) return FALLBACK_VOLATILITY;
  const returns = Array.from(closes.subarray(1), (close, index) => Math.log(close / closes[index]!));
  const mean = returns.reduce((sum, value) => sum + value, 0) / returns.length;
  const variance = returns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (returns.length - 1);
  return Math.sqrt(variance * TRADING_DAYS_PER_YEAR);
}
