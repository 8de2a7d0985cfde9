/**
 * A sweep worker's warm-up: a few short backtests on generated bars, run once when the worker
 * starts. A fresh thread runs its first cells in the interpreter while V8 compiles the hot path
 * (feed, strategy, order manager, venue, accounting): on a 150k-bar sweep the first cells take
 * 3-10x the steady time, about half a second in all, paid again in every worker. Warming up at
 * start moves that into pool start-up, which a long-lived pool pays once.
 */
import type { BarSeries } from '../data/bar-series.js';
import { runSweepCell } from './sweep-run.js';

const WARM_UP_BARS = 20_000;
const WARM_UP_SETS = [
  { fast: 5, slow: 20, stake: 1 },
  { fast: 8, slow: 40, stake: 2 },
  { fast: 3, slow: 12, stake: 1 },
];

/** A seeded one-minute random walk: crosses often, so orders, fills and trades all run. */
function warmUpSeries(): BarSeries {
  let state = 12_345;
  const random = (): number => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const columns = () => new Float64Array(WARM_UP_BARS);
  const series: BarSeries = { instrumentId: 'WARMUP.SIM', barSpec: '1m', ts: columns(), open: columns(), high: columns(), low: columns(), close: columns(), volume: columns() };
  let price = 100;
  for (let row = 0; row < WARM_UP_BARS; row++) {
    const open = price;
    price *= 1 + (random() - 0.5) * 0.004;
    series.ts[row] = Date.UTC(2020, 0, 1) + row * 60_000;
    series.open[row] = open;
    series.close[row] = price;
    series.high[row] = Math.max(open, price) * 1.0005;
    series.low[row] = Math.min(open, price) * 0.9995;
    series.volume[row] = 1_000;
  }
  return series;
}

/** Runs the warm-up backtests; their results are thrown away. */
export function warmUpSweepWorker(): void {
  const series = [warmUpSeries()];
  for (const params of WARM_UP_SETS) runSweepCell({ strategy: 'sma-cross', startingCash: 1_000_000 }, series, params);
}
