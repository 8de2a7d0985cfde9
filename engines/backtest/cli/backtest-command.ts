/**
 * The logic behind `nws backtest` and `nws sweep`: read the CSV files, build the spec, run, and
 * format. The host's commander files only parse flags and call these, so everything here is
 * testable without a process.
 */
import { readFile } from 'node:fs/promises';
import { ErrorCode, NwsError } from '@nws/core';
import { parseParamAssignments, resolveStrategyParams, strategyRegistry } from '@nws/strategy';
import type { RawParams } from '@nws/strategy';
import { defineBacktestSpec } from '../backtest-spec.js';
import type { BacktestSpecInput } from '../backtest-spec.js';
import { barSeriesFromCsv, instrumentIdForFile } from '../data/bar-series.js';
import type { BarSeries } from '../data/bar-series.js';
import { csvDataKind, tickSeriesFromCsv } from '../data/tick-series.js';
import type { TickSeries } from '../data/tick-series.js';
import { runBacktest } from '../run-backtest.js';
import { backtestSummary, formatBacktestSummary } from '../summary.js';

export interface BacktestCommandOptions {
  /**
   * Comma-separated CSV paths (one instrument each): bar files, or tick files detected by their
   * header (`ts,bid,ask[,bid_size,ask_size]` quotes, `ts,price,size` trades).
   */
  data: string;
  strategy: string;
  /** `key=value` assignments. */
  param?: readonly string[];
  cash?: number;
  commissionPct?: number;
  fill?: 'next-open' | 'close';
  account?: 'cash' | 'margin';
  /** Bar spec of the files, e.g. `1d` (default) or `1m`. */
  bar?: string;
  json?: boolean;
}

function usage(message: string): NwsError {
  return new NwsError(ErrorCode.InvalidArgument, message);
}

export function splitDataArgument(data: string): string[] {
  const paths = data.split(',').map((path) => path.trim()).filter((path) => path !== '');
  if (paths.length === 0) throw usage('--data needs at least one CSV file');
  return paths;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') throw usage(`--data ${path}: no such file`);
    throw new NwsError(ErrorCode.Internal, `--data ${path}: ${(error as Error).message}`);
  }
}

/**
 * Bar files or tick files, detected by each file's header; one series per file, named after the
 * file (`orcl-1995-2014.txt` → `ORCL-1995-2014.SIM`). Bars and ticks cannot be mixed in one run.
 */
export async function loadCsvData(data: string, barSpec = '1d'): Promise<BarSeries[] | TickSeries[]> {
  const paths = splitDataArgument(data);
  const texts = await Promise.all(paths.map((path) => readText(path)));
  const kinds = texts.map((text) => csvDataKind(text));
  const bars = kinds.every((kind) => kind === 'bars');
  const barFile = kinds.indexOf('bars');
  if (!bars && barFile >= 0) throw usage(`--data mixes tick files and bar files (${paths[barFile]}); give only one kind`);
  const series = paths.map((path, index) => {
    try {
      const instrumentId = instrumentIdForFile(path);
      return bars ? barSeriesFromCsv(texts[index]!, instrumentId, barSpec) : tickSeriesFromCsv(texts[index]!, instrumentId);
    } catch (error) {
      throw usage(`--data ${path}: ${NwsError.from(error).message}`);
    }
  });
  return series as BarSeries[] | TickSeries[];
}

/**
 * The run's spec from the flags; throws INVALID_ARGUMENT naming each bad flag or parameter.
 * `source` names the flag that gave the instruments in the count's error.
 */
export function specFromOptions(options: Omit<BacktestCommandOptions, 'data' | 'json'>, instrumentCount: number, source = '--data'): { spec: BacktestSpecInput; params: RawParams } {
  const rawParams = parseParamAssignments(options.param ?? []);
  const definition = strategyRegistry.get(options.strategy);
  const { min, max } = definition.instruments;
  if (instrumentCount < min || instrumentCount > max) {
    throw usage(`strategy '${options.strategy}' trades ${min === max ? min : `${min} to ${max}`} instrument(s); ${source} gave ${instrumentCount}`);
  }
  const params = resolveStrategyParams(definition.params, rawParams) as RawParams;
  const spec: BacktestSpecInput = {
    strategy: options.strategy,
    params,
    ...(options.cash === undefined ? {} : { startingCash: options.cash }),
    ...(options.commissionPct === undefined ? {} : { commissionPct: options.commissionPct }),
    ...(options.fill === undefined ? {} : { fill: options.fill }),
    ...(options.account === undefined ? {} : { accountType: options.account }),
  };
  defineBacktestSpec(spec);
  return { spec, params };
}

/** Series already loaded (from the store: `nws backtest --symbol`), and the flag that named them. */
export interface LoadedSeries {
  series: BarSeries[] | TickSeries[];
  source: string;
}

/**
 * Runs `nws backtest` over `options.data`, or over `loaded` series; returns the text to print
 * (JSON with `json`, a short report otherwise).
 */
export async function runBacktestCommand(options: BacktestCommandOptions, loaded?: LoadedSeries): Promise<string> {
  const series = loaded?.series ?? (await loadCsvData(options.data, options.bar));
  const { spec, params } = specFromOptions(options, series.length, loaded?.source);
  const result = runBacktest(spec, series);
  const summary = backtestSummary(result, params);
  return options.json === true ? `${JSON.stringify(summary)}\n` : `${formatBacktestSummary(summary)}\n`;
}
