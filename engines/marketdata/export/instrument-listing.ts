import { parseBarSpec, type AssetClass } from '@nws/core';
import { specMs } from '../bar-step.js';
import type { MarketDataStores } from '../stores.js';

export interface StoredSeriesSummary {
  barType: string;
  rows: number;
  /** Open time of the first and last bar, epoch ms. */
  firstTs: number;
  lastTs: number;
}

export interface StoredTickSummary {
  kind: 'quotes' | 'trades';
  rows: number;
  /** Time of the first and last tick, epoch ms. */
  firstTs: number;
  lastTs: number;
}

export interface StoredInstrument {
  instrumentId: string;
  name?: string;
  sector?: string;
  assetClass?: AssetClass;
  /** Bar series stored for it, finest first; empty for an instrument known without bars. */
  series: StoredSeriesSummary[];
  /** Tick series stored for it (quotes, trades); empty when it has none. */
  ticks: StoredTickSummary[];
  /** Bars over every series (ticks are not counted). */
  totalRows: number;
}

/** Every instrument with stored bars or ticks, or a record in the state store, by id. */
export async function listStoredInstruments(stores: MarketDataStores): Promise<StoredInstrument[]> {
  const byId = new Map<string, StoredInstrument>();
  const entry = (instrumentId: string) => {
    let found = byId.get(instrumentId);
    if (found === undefined) {
      found = { instrumentId, series: [], ticks: [], totalRows: 0 };
      byId.set(instrumentId, found);
    }
    return found;
  };
  for (const series of await stores.timeSeries.listSeries()) {
    const instrument = entry(series.instrumentId);
    instrument.series.push({ barType: series.barType, rows: series.rows, firstTs: Number(series.firstUs / 1000n), lastTs: Number(series.lastUs / 1000n) });
    instrument.totalRows += series.rows;
  }
  for (const series of await stores.timeSeries.listTickSeries()) {
    entry(series.instrumentId).ticks.push({ kind: series.kind, rows: series.rows, firstTs: Number(series.firstUs / 1000n), lastTs: Number(series.lastUs / 1000n) });
  }
  for (const record of stores.state.listInstruments()) {
    const instrument = entry(record.id);
    if (record.name !== undefined) instrument.name = record.name;
    if (record.sector !== undefined) instrument.sector = record.sector;
    instrument.assetClass = record.assetClass;
  }
  const length = (barType: string) => specMs(parseBarSpec(barType));
  for (const instrument of byId.values()) instrument.series.sort((a, b) => length(a.barType) - length(b.barType));
  return [...byId.values()].sort((a, b) => a.instrumentId.localeCompare(b.instrumentId));
}
