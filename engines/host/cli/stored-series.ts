// `nws backtest --symbol` and `nws sweep --symbol`: the series come from the data directory's store
// instead of CSV files. Bars are read offline (the directory's lock held meanwhile) or, while a Host
// holds the directory, through its protocol (`marketdata.bars`); either way a step coarser than the
// stored ones is resampled, as `nws export` does. Stored ticks are read offline only.
import { existsSync } from 'node:fs';
import { barSeriesFromStoredColumns, loadTickSeriesFromStore } from '@nws/backtest';
import type { LoadedSeries } from '@nws/backtest';
import { ErrorCode, NwsError, formatBarSpec, parseBarSpec } from '@nws/core';
import { loadBars, rangeFromArguments } from '@nws/marketdata';
import { resolveDataDir } from '../data-dir.js';
import { connectToRunningHost, runningHost } from '../host-access.js';
import { fetchBars, resolveInstrument } from './commands/export.js';
import { withMarketDataStores } from './commands/import.js';
import { parseTickKinds } from './commands/replay.js';

export interface StoredSeriesOptions {
  home?: string;
  /** `SYMBOL[,SYMBOL…]`: a bare symbol when one stored instrument has it, else SYMBOL.VENUE. */
  symbol: string;
  /** Bar spec; ignored with `ticks`. */
  bar?: string;
  /** `quotes`, `trades` or `quotes,trades`: stored ticks instead of bars. */
  ticks?: string;
  from?: string;
  to?: string;
}

/** The series `options` names from the store; `owner` names the command in the directory's lock. */
export async function loadStoredSeries(options: StoredSeriesOptions, owner: string): Promise<LoadedSeries> {
  const dataDir = resolveDataDir({ home: options.home });
  if (!existsSync(dataDir)) throw new NwsError(ErrorCode.NotFound, `no data directory at ${dataDir}; import something first (nws import)`);
  const symbols = options.symbol.split(',').map((symbol) => symbol.trim()).filter((symbol) => symbol !== '');
  if (symbols.length === 0) throw new NwsError(ErrorCode.InvalidArgument, '--symbol needs at least one symbol');
  const range = rangeFromArguments(options.from, options.to);
  const kinds = options.ticks === undefined ? undefined : parseTickKinds(options.ticks);
  const barType = formatBarSpec(parseBarSpec(options.bar ?? '1d'));
  const source = `--symbol ${options.symbol}`;
  const host = runningHost(dataDir);
  if (host !== null) {
    if (kinds !== undefined) {
      throw new NwsError(ErrorCode.Locked, `a Host (pid ${host.pid}) holds ${dataDir}: stored ticks are read here only while no Host runs; run this backtest in the Host's Backtest Lab, or stop the Host`);
    }
    const client = await connectToRunningHost(host);
    try {
      const { instruments } = await client.call('marketdata.instruments', {});
      const stored = instruments.filter((instrument) => instrument.series.length > 0).map((instrument) => instrument.instrumentId);
      const series = [];
      for (const symbol of symbols) {
        const instrumentId = resolveInstrument(stored, symbol);
        series.push(barSeriesFromStoredColumns(await fetchBars(client, { instrumentId, barType, ...range }), instrumentId, barType));
      }
      return { series, source };
    } finally {
      client.close();
    }
  }
  return withMarketDataStores(dataDir, owner, async ({ timeSeries }) => {
    if (kinds !== undefined) {
      const stored = (await timeSeries.listTickSeries()).map((one) => one.instrumentId);
      const ids = symbols.map((symbol) => resolveInstrument(stored, symbol, 'ticks'));
      const fromMs = range.fromUs === undefined ? {} : { fromMs: Number(range.fromUs / 1000n) };
      const toMs = range.toUs === undefined ? {} : { toMs: Number((range.toUs + 999n) / 1000n) };
      return { series: await loadTickSeriesFromStore(timeSeries, ids.flatMap((instrumentId) => kinds.map((kind) => ({ instrumentId, kind, ...fromMs, ...toMs })))), source };
    }
    const stored = (await timeSeries.listSeries()).map((one) => one.instrumentId);
    const series = [];
    for (const symbol of symbols) {
      const instrumentId = resolveInstrument(stored, symbol);
      const loaded = await loadBars(timeSeries, { instrumentId, barType, ...range });
      series.push(barSeriesFromStoredColumns(loaded.columns, instrumentId, loaded.barType));
    }
    return { series, source };
  });
}
