// Risk benchmarks: the pre-trade check with every limit type on and 1,000 open positions (p99 per
// order), historical VaR on 500 instruments x 2,500 days, Monte Carlo VaR with 100k paths x 500
// instruments.
import { testkit } from '@nws/core';
import type { Fill, InstrumentId, OrderRequest, Price, Quantity } from '@nws/core';
import { WorkerPool, defineWorkerTask } from '@nws/host';
import { LIMIT_TYPE_NAMES, MONTE_CARLO_TASK_MODULE, RiskEngine, RiskState, Xoshiro128, historicalVar, monteCarloVar, monteCarloVarParallel } from '@nws/risk';
import type { MonteCarloBlocks } from '@nws/risk';
import type { BenchContext, BenchEntry } from '../types.js';

const POSITIONS = 1_000;
const WARMUP_CHECKS = 50_000;
const TIMED_CHECKS = 200_000;

/** Every limit type, thresholds loose enough that the orders pass (every check runs to the end). */
const allLimits = [
  { type: 'restricted-list', instruments: ['NOPE.XNAS'], sectors: ['Tobacco'] },
  { type: 'trading-hours', sessions: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00' }] },
  { type: 'max-order-quantity', maxQuantity: 10_000 },
  { type: 'max-order-notional', maxNotional: 5_000_000 },
  { type: 'price-band', maxDeviationPercent: 10 },
  { type: 'short-sale', instruments: ['NOPE.XNAS'] },
  { type: 'max-position-quantity', maxQuantity: 1_000_000 },
  { type: 'max-position-notional', maxNotional: 50_000_000 },
  { type: 'max-gross-exposure', maxGross: 1e12 },
  { type: 'max-gross-exposure', maxGross: 1e12, scope: { kind: 'sector', sector: 'S3' } },
  { type: 'max-net-exposure', maxNet: 1e12 },
  { type: 'max-leverage', maxLeverage: 1_000 },
  { type: 'concentration', maxPercentOfEquity: 10_000 },
  { type: 'concentration', per: 'sector', maxPercentOfEquity: 10_000 },
  { type: 'daily-loss', maxLoss: 1e12 },
  { type: 'max-drawdown', maxDrawdownPercent: 99 },
  { type: 'var-limit', maxVar: 1e12 },
  { type: 'max-open-orders', maxOpenOrders: 1_000_000 },
  { type: 'order-rate', maxPerSecond: 500_000, maxPerMinute: 1_000_000 },
];

function pretradeP99(ctx: BenchContext): BenchEntry {
  const state = new RiskState({ startingEquity: 1e9 });
  const rng = new Xoshiro128(1);
  const ids: InstrumentId[] = [];
  for (let index = 0; index < POSITIONS; index++) {
    const id = `I${index}.XNAS` as InstrumentId;
    ids.push(id);
    state.registerInstrument({ id, multiplier: 1, sector: `S${index % 11}`, currency: 'USD' });
    const mark = 20 + rng.nextUniform() * 200;
    const fill: Fill = {
      ...testkit.fills.of(testkit.orders.market({ instrumentId: id, quantity: 100 }), { qty: 100, price: mark, tradeId: `T${index}` }),
      side: index % 3 === 0 ? 'SELL' : 'BUY',
    };
    state.onFill(fill);
    state.setMark(id, mark * 1.01);
    state.setVolatility(id, 0.02);
  }
  state.setValueAtRisk(1e6);
  let now = Date.UTC(2024, 5, 4, 15);
  const engine = new RiskEngine({ state, config: { limits: allLimits }, clock: { now: () => now } });
  const typesOn = new Set(engine.limitChecks().map((check) => check.type)).size;
  const orders: OrderRequest[] = Array.from({ length: 4096 }, (_, index) => {
    const id = ids[index % POSITIONS]!;
    const mark = state.entry(id)!.mark;
    return index % 2 === 0
      ? testkit.orders.market({ instrumentId: id, quantity: 10 + (index % 50) })
      : testkit.orders.limit({ instrumentId: id, side: 'SELL', quantity: (10 + (index % 50)) as Quantity, price: Math.round(mark * 100) / 100 as Price });
  });
  let approved = 0;
  for (let index = 0; index < WARMUP_CHECKS; index++) if (engine.check(orders[index & 4095]!).approved) approved++;
  if (approved !== WARMUP_CHECKS) throw new Error(`bench orders were refused (${WARMUP_CHECKS - approved}); the thresholds are meant to pass`);
  const samples = new Float64Array(TIMED_CHECKS);
  for (let index = 0; index < TIMED_CHECKS; index++) {
    now += 1;
    const order = orders[index & 4095]!;
    const started = process.hrtime.bigint();
    engine.check(order);
    samples[index] = Number(process.hrtime.bigint() - started) / 1000;
  }
  samples.sort();
  const p50 = samples[Math.floor(TIMED_CHECKS * 0.5)]!;
  const p99 = samples[Math.floor(TIMED_CHECKS * 0.99)]!;
  ctx.log(`pre-trade: ${typesOn} limit types (${engine.limitChecks().length} limits), ${POSITIONS} positions: p50 ${p50.toFixed(2)} µs, p99 ${p99.toFixed(2)} µs`);
  return {
    name: 'risk.pretrade_p99_us',
    value: Number(p99.toFixed(3)),
    unit: 'µs',
    higherIsBetter: false,
    target: 10,
    note: `${typesOn} of ${LIMIT_TYPE_NAMES.length} limit types on (${engine.limitChecks().length} limits), ${POSITIONS} positions, ${TIMED_CHECKS} checks timed one by one with hrtime (includes ~0.1 µs timer cost); p50 ${p50.toFixed(2)} µs`,
  };
}

/** Returns with a common market factor, 11 sector factors and noise: realistic correlation. */
function generatedReturns(instruments: number, days: number): Float64Array[] {
  const rng = new Xoshiro128(7);
  const market = Float64Array.from({ length: days }, () => rng.nextNormal() * 0.01);
  const sectors = Array.from({ length: 11 }, () => Float64Array.from({ length: days }, () => rng.nextNormal() * 0.006));
  return Array.from({ length: instruments }, (_, index) => {
    const beta = 0.6 + rng.nextUniform() * 0.8;
    const sector = sectors[index % 11]!;
    return Float64Array.from({ length: days }, (_, day) => beta * market[day]! + sector[day]! + rng.nextNormal() * 0.012);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function varHistorical(ctx: BenchContext, returns: Float64Array[], exposures: Float64Array): BenchEntry {
  const times: number[] = [];
  let result = historicalVar(returns, exposures, { confidence: 0.99 });
  for (let run = 0; run < 7; run++) {
    const started = performance.now();
    result = historicalVar(returns, exposures, { confidence: 0.99 });
    times.push(performance.now() - started);
  }
  ctx.log(`historical VaR 99%: ${result.var.toFixed(0)} (CVaR ${result.cvar.toFixed(0)}), median ${median(times).toFixed(2)} ms`);
  return { name: 'risk.var_historical_ms', value: Number(median(times).toFixed(3)), unit: 'ms', higherIsBetter: false, target: 100, note: `${returns.length} instruments x ${returns[0]!.length} days, 99 % VaR + CVaR, median of 7` };
}

/** A positive definite covariance from a one-factor-plus-sectors model. */
function factorCovariance(instruments: number): Float64Array {
  const rng = new Xoshiro128(11);
  const betas = Float64Array.from({ length: instruments }, () => 0.6 + rng.nextUniform() * 0.8);
  const covariance = new Float64Array(instruments * instruments);
  for (let row = 0; row < instruments; row++) {
    for (let column = 0; column < instruments; column++) {
      let value = betas[row]! * betas[column]! * 1e-4;
      if (row % 11 === column % 11) value += 3.6e-5;
      if (row === column) value += 1.44e-4;
      covariance[row * instruments + column] = value;
    }
  }
  return covariance;
}

async function varMonteCarlo(ctx: BenchContext, exposures: Float64Array): Promise<BenchEntry> {
  const covariance = factorCovariance(exposures.length);
  const paths = 100_000;
  const input = (seed: number) => ({ covariance, exposures, paths, seed, confidence: 0.99 });
  const started = performance.now();
  const single = monteCarloVar(input(1));
  const singleMs = performance.now() - started;
  ctx.log(`Monte Carlo VaR 99% one thread: ${single.var.toFixed(0)} (CVaR ${single.cvar.toFixed(0)}) in ${singleMs.toFixed(0)} ms`);

  // The production path: the Host's worker pool, two threads (the machine has two cores).
  const pool = new WorkerPool({ maxThreads: 2, minThreads: 2 });
  const task = defineWorkerTask<MonteCarloBlocks, Float64Array>('risk.monte-carlo', MONTE_CARLO_TASK_MODULE);
  const runBlocks = (blocks: MonteCarloBlocks) => pool.run(task, blocks) as Promise<Float64Array>;
  try {
    await monteCarloVarParallel({ ...input(1), paths: 10_000 }, runBlocks, 2); // start the threads, load the module
    const times: number[] = [];
    let result = single;
    for (let run = 0; run < 3; run++) {
      const begin = performance.now();
      result = await monteCarloVarParallel(input(run + 1), runBlocks, 2);
      times.push(performance.now() - begin);
      if (run === 0 && result.var !== single.var) throw new Error(`parallel VaR ${result.var} differs from single-thread ${single.var}`);
    }
    ctx.log(`Monte Carlo VaR 99% on 2 worker threads: median ${median(times).toFixed(0)} ms`);
    return {
      name: 'risk.var_montecarlo_ms',
      value: Number(median(times).toFixed(1)),
      unit: 'ms',
      higherIsBetter: false,
      target: 5_000,
      note: `${paths} paths x ${exposures.length} instruments on the Host WorkerPool (2 threads; identical result to one thread, which took ${singleMs.toFixed(0)} ms), Cholesky included, median of 3`,
    };
  } finally {
    await pool.close();
  }
}

export default async function riskSuite(ctx: BenchContext): Promise<BenchEntry[]> {
  const entries = [pretradeP99(ctx)];
  const returns = generatedReturns(500, 2_500);
  const rng = new Xoshiro128(3);
  const exposures = Float64Array.from({ length: 500 }, () => (rng.nextUniform() - 0.3) * 200_000);
  entries.push(varHistorical(ctx, returns, exposures));
  entries.push(await varMonteCarlo(ctx, exposures));
  return entries;
}
