// Analytics speed: every performance metric (computePerformance, with a benchmark and calendar
// tables) for a 10-year daily series, median of many runs.
import { computePerformance, syntheticDailyReturns } from '@nws/analytics';
import type { BenchEntry, BenchSuite } from '../types.js';

const DAYS = 2520;
const WARMUP_RUNS = 50;
const TIMED_RUNS = 300;

const suite: BenchSuite = async (ctx) => {
  const series = syntheticDailyReturns({ days: DAYS, seed: 1 });
  const benchmark = syntheticDailyReturns({ days: DAYS, seed: 2, drift: 0.0003 }).returns;
  const input = { returns: series.returns, timestamps: series.timestamps, benchmark };
  for (let i = 0; i < WARMUP_RUNS; i++) computePerformance(input);
  const times: number[] = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    const start = performance.now();
    computePerformance(input);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p90 = times[Math.floor(times.length * 0.9)]!;
  ctx.log(`all metrics, ${DAYS} daily returns + benchmark: median ${median.toFixed(3)} ms, p90 ${p90.toFixed(3)} ms over ${TIMED_RUNS} runs`);
  const entries: BenchEntry[] = [
    {
      name: 'analytics.metrics_ms',
      value: Number(median.toFixed(4)),
      unit: 'ms',
      higherIsBetter: false,
      target: 5,
      note: `median of ${TIMED_RUNS} runs; ${DAYS} daily returns with benchmark, monthly/yearly tables and top-5 drawdowns; p90 ${p90.toFixed(3)} ms`,
    },
  ];
  return entries;
};

export default suite;
