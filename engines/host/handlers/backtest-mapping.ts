// A BacktestResult (@nws/backtest) in the shape the BacktestResultStore (@nws/storage) keeps and
// the protocol shows: orders, fills and trades as flat rows, the equity curve as columns with cash
// and drawdown beside it, statistics as one JSON object of numbers (non-finite ones as null: JSON
// has no Infinity, and a profit factor with no losing trade is one).
import { isTickSeries } from '@nws/backtest';
import type { BacktestResult, BacktestSpec, BarSeries, TickSeries } from '@nws/backtest';
import type { Fill, Order } from '@nws/core';
import type { BacktestEquityColumns, StoredBacktestFill, StoredBacktestOrder, StoredBacktestTrade } from '@nws/storage';

export type StatisticsJson = Record<string, number | null>;

/** What a run keeps in `backtest_runs.summary` (a type alias, so it is assignable to JSON). */
export type RunSummaryJson = {
  statistics: StatisticsJson;
  cash: number;
  refusedOrders: number;
  firstRefusal: string | null;
  /** Bar spec of the first series (annualisation of the tear sheet), or `ticks` (TICK_STEP). */
  barSpec: string;
};

/** What `summary.barSpec` holds for a run over ticks. */
export const TICK_STEP = 'ticks';

/** The bar size a run stepped over, or TICK_STEP. */
export function stepOf(series: ReadonlyArray<BarSeries | TickSeries>): string {
  const first = series[0];
  if (first === undefined) return '1d';
  return isTickSeries(first) ? TICK_STEP : first.barSpec;
}

/**
 * One series as a stored run describes it (`data.series[i]`): instrument, bar type and bar count,
 * or tick kind and tick count, the requested range if any, and the span it covered.
 */
export function seriesDescription(series: BarSeries | TickSeries, range: { fromMs?: number; toMs?: number } = {}): Record<string, string | number> {
  return {
    instrumentId: series.instrumentId,
    ...(isTickSeries(series) ? { ticks: series.kind } : { barType: series.barSpec }),
    ...(range.fromMs === undefined ? {} : { from: range.fromMs }),
    ...(range.toMs === undefined ? {} : { to: range.toMs }),
    [isTickSeries(series) ? 'count' : 'bars']: series.ts.length,
    firstTs: series.ts[0] ?? 0,
    lastTs: series.ts[series.ts.length - 1] ?? 0,
  };
}

export interface StoredResult {
  summary: RunSummaryJson;
  orders: StoredBacktestOrder[];
  fills: StoredBacktestFill[];
  trades: StoredBacktestTrade[];
  equity: BacktestEquityColumns;
}

/** Scalar performance metrics from @nws/analytics kept beside the backtest's own statistics. */
const PERFORMANCE_FIELDS = ['annualReturn', 'annualVolatility', 'sharpe', 'sortino', 'calmar', 'omega', 'tailRatio', 'skew', 'kurtosis', 'valueAtRisk', 'conditionalValueAtRisk'] as const;

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function statisticsJsonOf(result: BacktestResult): StatisticsJson {
  const statistics: StatisticsJson = {};
  for (const [name, value] of Object.entries(result.statistics)) statistics[name] = finiteOrNull(value as number);
  for (const name of PERFORMANCE_FIELDS) {
    const value = result.performance?.[name];
    if (typeof value === 'number') statistics[name] = finiteOrNull(value);
  }
  return statistics;
}

function orderRowOf(order: Order): StoredBacktestOrder {
  const priced = order as Order & { price?: number; triggerPrice?: number; reason?: unknown };
  return {
    clientOrderId: order.clientOrderId,
    instrumentId: order.instrumentId,
    side: order.side,
    type: order.type,
    quantity: order.quantity,
    price: typeof priced.price === 'number' ? priced.price : null,
    triggerPrice: typeof priced.triggerPrice === 'number' ? priced.triggerPrice : null,
    status: order.status,
    filledQty: order.filledQty,
    avgFillPrice: typeof order.avgFillPrice === 'number' ? order.avgFillPrice : null,
    tsInit: order.tsInit,
    tsLast: order.tsLast,
    reason: typeof priced.reason === 'string' ? priced.reason : null,
  };
}

function fillRowOf(fill: Fill): StoredBacktestFill {
  return { ts: fill.ts, clientOrderId: fill.clientOrderId, instrumentId: fill.instrumentId, side: fill.side, quantity: fill.qty, price: fill.price, commission: fill.commission };
}

/**
 * Cash after each time step, replayed from the fills: the simulated venue debits a buy's full
 * value and credits a sale's (× the instrument's multiplier), less commission. A fill at a step's
 * time is part of that step (the venue matches before the strategy sees the bar).
 */
export function cashCurve(spec: BacktestSpec, fills: readonly Fill[], ts: Float64Array): Float64Array {
  const multipliers = new Map(spec.instruments.map((instrument) => [instrument.id as string, instrument.multiplier]));
  const cash = new Float64Array(ts.length);
  let balance = spec.startingCash;
  let next = 0;
  for (let step = 0; step < ts.length; step++) {
    for (; next < fills.length && fills[next]!.ts <= ts[step]!; next++) {
      const fill = fills[next]!;
      const value = fill.qty * fill.price * (multipliers.get(fill.instrumentId) ?? 1);
      balance += (fill.side === 'BUY' ? -value : value) - fill.commission;
    }
    cash[step] = balance;
  }
  return cash;
}

/** Fall from the running peak as a fraction of the peak, per step. */
export function drawdownCurve(equity: Float64Array): Float64Array {
  const drawdown = new Float64Array(equity.length);
  let peak = Number.NEGATIVE_INFINITY;
  for (let step = 0; step < equity.length; step++) {
    const value = equity[step]!;
    if (value > peak) peak = value;
    drawdown[step] = peak > 0 ? (peak - value) / peak : 0;
  }
  return drawdown;
}

/** `barSpec`: the bar size the run stepped over (the tear sheet annualises by it). */
export function storedResultOf(result: BacktestResult, barSpec: string): StoredResult {
  const { ts, equity } = result.equity;
  return {
    summary: {
      statistics: statisticsJsonOf(result),
      cash: result.cash,
      refusedOrders: result.refusedOrders.count,
      firstRefusal: result.refusedOrders.firstReason ?? null,
      barSpec,
    },
    orders: result.orders.map(orderRowOf),
    fills: result.fills.map(fillRowOf),
    trades: result.trades.map((trade) => ({ ...trade })),
    equity: { ts, equity, cash: cashCurve(result.spec, result.fills, ts), drawdown: drawdownCurve(equity) },
  };
}

/** At most `points` of the curve for display: each bucket's lowest and highest equity, in time order, plus the last step. */
export function downsampleEquity(curve: BacktestEquityColumns, points: number): { indices: number[]; downsampled: boolean } {
  const length = curve.ts.length;
  if (length <= points) return { indices: Array.from({ length }, (_, index) => index), downsampled: false };
  const buckets = Math.max(1, Math.floor((points - 1) / 2));
  const size = length / buckets;
  const indices: number[] = [];
  for (let bucket = 0; bucket < buckets; bucket++) {
    const start = Math.floor(bucket * size);
    const end = Math.min(length, Math.floor((bucket + 1) * size));
    let low = start;
    let high = start;
    for (let index = start + 1; index < end; index++) {
      if (curve.equity[index]! < curve.equity[low]!) low = index;
      if (curve.equity[index]! > curve.equity[high]!) high = index;
    }
    if (low === high) indices.push(low);
    else indices.push(Math.min(low, high), Math.max(low, high));
  }
  if (indices[indices.length - 1] !== length - 1) indices.push(length - 1);
  return { indices, downsampled: true };
}
