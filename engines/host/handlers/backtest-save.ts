// `nws backtest --save`: the CLI's run over CSV files (or stored series), stored in the data directory's
// time-series file like a run from the Backtest Lab (backtest.list / backtest.get show it).
// The files belong to a running Host while it holds the directory, so then the command refuses
// and says what to do instead; otherwise it takes the directory's lock for the write.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backtestSummary, formatBacktestSummary, loadCsvData, runBacktest, specFromOptions, type BacktestCommandOptions, type LoadedSeries } from '@nws/backtest';
import { ErrorCode, NwsError } from '@nws/core';
import { TimeSeriesStore } from '@nws/storage';
import { DataDirFiles, resolveDataDir } from '../data-dir.js';
import { runningHost, withDataDirLock } from '../host-access.js';
import { seriesDescription, stepOf, storedResultOf } from './backtest-mapping.js';

export interface SaveBacktestOptions extends BacktestCommandOptions {
  home?: string;
}

/**
 * Runs the backtest over `options.data`, or over the series `loadStored` loads (`--symbol`), stores it,
 * and returns the text to print (the usual report or JSON, with the run id).
 */
export async function runAndSaveBacktest(options: SaveBacktestOptions, loadStored: () => Promise<LoadedSeries | undefined> = async () => undefined): Promise<string> {
  const dataDir = resolveDataDir({ home: options.home });
  refuseWhileHostRuns(dataDir);
  const loaded = await loadStored();
  const series = loaded?.series ?? (await loadCsvData(options.data, options.bar));
  const { spec, params } = specFromOptions(options, series.length, loaded?.source);
  const result = runBacktest(spec, series);
  const runId = `bt-${randomUUID()}`;
  const stored = storedResultOf(result, stepOf(series));
  const files = loaded === undefined ? options.data.split(',').map((file) => resolve(file.trim())) : undefined;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 }); // as the Host creates it
  await withDataDirLock(dataDir, 'nws backtest', async () => {
    const store = await TimeSeriesStore.open(join(dataDir, DataDirFiles.timeSeries));
    try {
      await store.backtestResults.saveFinished({
        runId,
        createdTs: Date.now(),
        strategy: spec.strategy,
        params,
        data: {
          ...(files === undefined ? { stored: loaded!.source } : { files }),
          series: series.map((one) => seriesDescription(one)),
          commissionPct: result.spec.commissionPct,
          fill: result.spec.fill,
          accountType: result.spec.accountType,
        },
        cash: result.spec.startingCash,
        ...stored,
      });
    } finally {
      await store.close();
    }
  });
  const summary = backtestSummary(result, params);
  if (options.json === true) return `${JSON.stringify({ ...summary, run_id: runId })}\n`;
  return `${formatBacktestSummary(summary)}\nsaved as      ${runId} in ${dataDir}\n`;
}

function refuseWhileHostRuns(dataDir: string): void {
  const host = runningHost(dataDir);
  if (host === null) return;
  throw new NwsError(
    ErrorCode.Locked,
    `cannot save into ${dataDir}: a Host (pid ${host.pid}) holds it. Run the backtest in its Backtest Lab over stored bars, or stop the Host and run this again (without --save nothing is stored).`,
  );
}
