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
 * One series per file, named after the file (`orcl-1995-2014.txt` → `ORCL-1995-2014.SIM`).
 * `taker` names what wants bars in the refusal of a tick file.
 */
export async function loadCsvSeries(data: string, barSpec = '1d', taker = 'this command'): Promise<BarSeries[]> {
  const series: BarSeries[] = [];
  for (const path of splitDataArgument(data)) {
    const text = await readText(path);
    const kind = csvDataKind(text);
    if (kind !== 'bars') throw usage(`--data ${path} holds ${kind} ticks; ${taker} takes bar files (Date,Open,High,Low,Close[,Volume])`);
    try {
      series.push(barSeriesFromCsv(text, instrumentIdForFile(path), barSpec));
    } catch (error) {
      throw usage(`--data ${path}: ${NwsError.from(error).message}`);
    }
  }
  return series;
}

/**
 * Bar files or tick files, detected by each file's header; a tick file's instrument is named
 * after the file like a bar file's. Bars and ticks cannot be mixed in one run.
 */
export async function loadCsvData(data: string, barSpec = '1d'): Promise<BarSeries[] | TickSeries[]> {
  const paths = splitDataArgument(data);
  const texts = await Promise.all(paths.map((path) => readText(path)));
  const kinds = texts.map((text) => csvDataKind(text));
  if (kinds.every((kind) => kind === 'bars')) return loadCsvSeries(data, barSpec);
  const barFile = kinds.indexOf('bars');
  if (barFile >= 0) throw usage(`--data mixes tick files and bar files (${paths[barFile]}); give only one kind`);
  return paths.map((path, index) => {
    try {
      return tickSeriesFromCsv(texts[index]!, instrumentIdForFile(path));
    } catch (error) {
      throw usage(`--data ${path}: ${NwsError.from(error).message}`);
    }
  });
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
