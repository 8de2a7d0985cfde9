/** The logic behind `nws sweep`: grid or random search (or walk-forward) over CSV files or loaded series. */
import { ErrorCode, NwsError } from '@nws/core';
import { strategyRegistry } from '@nws/strategy';
import type { RawParams } from '@nws/strategy';
import { gridParameterSets, randomParameterSets } from '../sweep/parameter-space.js';
import type { ParamRange } from '../sweep/parameter-space.js';
import { runSweep, sortSweepRows } from '../sweep/run-sweep.js';
import type { SweepMetric, SweepProgress, SweepRow } from '../sweep/run-sweep.js';
import { runWalkForward } from '../sweep/walk-forward.js';
import type { BacktestStatistics } from '../statistics.js';
import { loadCsvData, specFromOptions } from './backtest-command.js';
import type { LoadedSeries } from './backtest-command.js';
import type { BacktestCommandOptions } from './backtest-command.js';

export interface SweepCommandOptions extends BacktestCommandOptions {
  /** `key=min:max:step` or `key=v1|v2|v3` (repeatable); parameters without one stay fixed. */
  range?: readonly string[];
  /** Random search: this many sets instead of the full grid. */
  random?: number;
  seed?: number;
  threads?: number;
  /** Metric to sort by (a statistics field, e.g. totalReturn, maxDrawdown); default totalReturn. */
  sort?: string;
  ascending?: boolean;
  /** Rows to print; default all. */
  top?: number;
  /** `IN:OUT` window lengths in days for walk-forward analysis. */
  walkForward?: string;
  signal?: AbortSignal;
  onProgress?: (progress: SweepProgress) => void;
}

const SORTABLE: ReadonlyArray<SweepMetric> = [
  'totalReturn',
  'finalValue',
  'maxDrawdown',
  'maxDrawdownMoney',
  'netPnl',
  'winRate',
  'profitFactor',
  'closedTrades',
  'orders',
  'wonTrades',
  'lostTrades',
  'commissions',
];

function usage(message: string): NwsError {
  return new NwsError(ErrorCode.InvalidArgument, message);
}

/** `fast=5:20:5` → range; `mode=a|b` or `fast=5|10` → values (numbers when they read as numbers). */
export function parseRangeAssignments(assignments: readonly string[]): Record<string, ParamRange> {
  const ranges: Record<string, ParamRange> = {};
  for (const assignment of assignments) {
    const equals = assignment.indexOf('=');
    if (equals <= 0) throw usage(`--range '${assignment}' must be key=min:max:step or key=v1|v2|...`);
    const key = assignment.slice(0, equals).trim();
    const text = assignment.slice(equals + 1).trim();
    if (key in ranges) throw usage(`--range ${key} is given twice`);
    const parts = text.split(':');
    if (parts.length === 3) {
      const [min, max, step] = parts.map(Number) as [number, number, number];
      if (![min, max, step].every(Number.isFinite)) throw usage(`--range ${key}: '${text}' must be three numbers min:max:step`);
      ranges[key] = { min, max, step };
    } else {
      ranges[key] = text.split('|').map((value) => {
        const trimmed = value.trim();
        if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
        return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
      });
    }
  }
  return ranges;
}

function checkMetric(sort: string | undefined): SweepMetric {
  const metric = (sort ?? 'totalReturn') as SweepMetric;
  if (!SORTABLE.includes(metric)) throw usage(`--sort ${sort}: must be one of ${SORTABLE.join(', ')}`);
  return metric;
}

function rowJson(params: RawParams, statistics: BacktestStatistics) {
  return {
    params,
    final_value: statistics.finalValue,
    total_return: statistics.totalReturn,
    max_drawdown: statistics.maxDrawdown,
    orders: statistics.orders,
    closed_trades: statistics.closedTrades,
    win_rate: statistics.winRate,
    net_pnl: statistics.netPnl,
  };
}

function formatTable(rows: readonly SweepRow[]): string {
  const header = ['rank', 'params', 'total_return', 'max_drawdown', 'final_value', 'closed_trades'];
  const lines = rows.map((row, rank) => [
    String(rank + 1),
    Object.entries(row.params).map(([key, value]) => `${key}=${String(value)}`).join(' '),
    `${(row.statistics.totalReturn * 100).toFixed(2)}%`,
    `${(row.statistics.maxDrawdown * 100).toFixed(2)}%`,
    row.statistics.finalValue.toFixed(2),
    String(row.statistics.closedTrades),
  ]);
  const widths = header.map((name, column) => Math.max(name.length, ...lines.map((line) => line[column]!.length)));
  return [header, ...lines].map((line) => line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

/** Runs `nws sweep`; returns the text to print. */
export async function runSweepCommand(options: SweepCommandOptions, loaded?: LoadedSeries): Promise<string> {
  const metric = checkMetric(options.sort);
  const direction = options.ascending === true ? 'ascending' : 'descending';
  const series = loaded?.series ?? (await loadCsvData(options.data, options.bar));
  const { spec, params } = specFromOptions(options, series.length, loaded?.source);
  const definition = strategyRegistry.get(options.strategy);
  const ranges = parseRangeAssignments(options.range ?? []);
  if (Object.keys(ranges).length === 0) throw usage('give at least one --range to sweep, e.g. --range fast=5:20:5');
  const space = { ranges, fixed: params };
  const parameterSets =
    options.random === undefined
      ? gridParameterSets(definition.params, space)
      : randomParameterSets(definition.params, options.random, options.seed ?? 1, space);
  const common = {
    spec,
    parameterSets,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  if (options.walkForward !== undefined) return walkForwardText(options, { ...common, series }, metric, direction);
  const sweep = await runSweep({ ...common, series, ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) });
  const rows = sortSweepRows(sweep.rows, metric, direction).slice(0, options.top ?? sweep.rows.length);
  if (options.json === true) {
    const json = { strategy: options.strategy, runs: sweep.rows.length, threads: sweep.threads, sort: metric, rows: rows.map((row) => rowJson(row.params, row.statistics)) };
    return `${JSON.stringify(json)}\n`;
  }
  return `${sweep.rows.length} runs of ${options.strategy} on ${sweep.threads} thread(s), sorted by ${metric}\n${formatTable(rows)}\n`;
}

async function walkForwardText(
  options: SweepCommandOptions,
  common: Omit<Parameters<typeof runWalkForward>[0], 'inSampleMs' | 'outOfSampleMs'>,
  metric: SweepMetric,
  direction: 'ascending' | 'descending',
): Promise<string> {
  const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(options.walkForward ?? '');
  if (match === null) throw usage(`--walk-forward '${options.walkForward}' must be IN_DAYS:OUT_DAYS, e.g. 365:90`);
  const day = 86_400_000;
  const result = await runWalkForward({ ...common, inSampleMs: Number(match[1]) * day, outOfSampleMs: Number(match[2]) * day, metric, direction });
  const steps = result.steps.map((step) => ({
    in_sample_start: new Date(step.window.inSampleStartMs).toISOString(),
    out_of_sample_start: new Date(step.window.outOfSampleStartMs).toISOString(),
    end: new Date(step.window.endMs).toISOString(),
    best_params: step.bestParams,
    in_sample: rowJson(step.bestParams, step.inSample),
    out_of_sample: rowJson(step.bestParams, step.outOfSample),
  }));
  if (options.json === true) return `${JSON.stringify({ strategy: options.strategy, sort: metric, compounded_out_of_sample_return: result.compoundedOutOfSampleReturn, steps })}\n`;
  const lines = steps.map(
    (step) =>
      `${step.out_of_sample_start.slice(0, 10)}..${step.end.slice(0, 10)}  ${Object.entries(step.best_params).map(([key, value]) => `${key}=${String(value)}`).join(' ')}  in ${(step.in_sample.total_return * 100).toFixed(2)}%  out ${(step.out_of_sample.total_return * 100).toFixed(2)}%`,
  );
  return `walk-forward of ${options.strategy}, ${steps.length} windows, best by ${metric}\n${lines.join('\n')}\ncompounded out-of-sample return ${(result.compoundedOutOfSampleReturn * 100).toFixed(2)}%\n`;
}
