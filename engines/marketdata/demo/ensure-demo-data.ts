import { z } from 'zod';
import type { BarColumns } from '@nws/storage';
import type { MarketDataStores } from '../stores.js';
import { DEMO_SEED, generateDemoMarket, type DemoBarSeries, type DemoMarketOptions } from './generator.js';

/** Settings key recording that the demo market was written, and which one. */
export const DEMO_DATA_SETTING = 'marketdata.demo';

const demoRecordSchema = z.object({
  seed: z.string(),
  endDate: z.string(),
  instruments: z.number().int(),
  dailyBars: z.number().int(),
  minuteBars: z.number().int(),
  createdAt: z.number(),
});
export type DemoDataRecord = z.output<typeof demoRecordSchema>;

export interface EnsureDemoDataResult {
  /** False when the demo market was already there (nothing was written). */
  created: boolean;
  record: DemoDataRecord;
}

/**
 * Writes the demo market on first start: the instruments to the state store, five years of
 * daily and 60 days of one-minute bars to the time-series store. Later calls find the record in
 * the settings and do nothing. The record is written last, so a start interrupted half-way
 * writes the market again (bars replace bars, instruments are upserted).
 */
export async function ensureDemoData(stores: MarketDataStores, options: DemoMarketOptions = {}): Promise<EnsureDemoDataResult> {
  const existing = stores.state.getSetting(DEMO_DATA_SETTING, demoRecordSchema);
  if (existing !== undefined) return { created: false, record: existing };
  const market = generateDemoMarket(options);
  let dailyBars = 0;
  let minuteBars = 0;
  for (const history of market.histories) {
    stores.state.upsertInstrument(history.instrument);
    const key = (barType: string) => ({ instrumentId: history.instrument.id, barType });
    dailyBars += (await stores.timeSeries.ingestBars(key('1d'), toColumns(history.daily))).rows;
    minuteBars += (await stores.timeSeries.ingestBars(key('1m'), toColumns(history.minute))).rows;
  }
  const record: DemoDataRecord = {
    seed: options.seed ?? DEMO_SEED,
    endDate: market.sessions.at(-1)!,
    instruments: market.histories.length,
    dailyBars,
    minuteBars,
    createdAt: Date.now(),
  };
  stores.state.setSetting(DEMO_DATA_SETTING, record);
  return { created: true, record };
}

function toColumns(series: DemoBarSeries): BarColumns {
  return {
    tsUs: BigInt64Array.from(series.tsMs, (ms) => BigInt(ms) * 1000n),
    open: series.open,
    high: series.high,
    low: series.low,
    close: series.close,
    volume: series.volume,
  };
}
