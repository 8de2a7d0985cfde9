import { describe, expect, it } from 'vitest';
import { ErrorCode, NwsError } from '@nws/core';
import { historicalVar } from './historical.js';
import { backtestVar, kupiecPof } from './kupiec.js';
import { blockCountFor, monteCarloVar, monteCarloVarFromPnl, monteCarloWeights, simulatePnlBlocks } from './monte-carlo.js';
import { ewmaCovariance, parametricVar, parametricVarFromCovariance } from './parametric.js';
import { Xoshiro128 } from './rng.js';
import { replayHistoricalWindow, runStressScenario } from './stress.js';
import type { StressPosition } from './stress.js';

function randomReturns(instruments: number, days: number, seed: number): Float64Array[] {
  const rng = new Xoshiro128(seed);
  const market = Float64Array.from({ length: days }, () => rng.nextNormal() * 0.01);
  return Array.from({ length: instruments }, (_, index) =>
    Float64Array.from(market, (common) => common * (0.5 + index * 0.3) + rng.nextNormal() * 0.008),
  );
}

describe('historical VaR', () => {
  it('takes the k-th worst day of the P&L sample and the mean beyond it', () => {
    // 100 days of returns -0.050, -0.049, ..., +0.049: at 95 % the 5 worst are -50 ... -46 on 1,000.
    const returns = [Float64Array.from({ length: 100 }, (_, day) => (day - 50) / 1000)];
    const oneDay = historicalVar(returns, [1000], { confidence: 0.95 });
    expect(oneDay.var).toBeCloseTo(46, 9);
    expect(oneDay.cvar).toBeCloseTo(48, 9);
    const fourDays = historicalVar(returns, [1000], { confidence: 0.95, horizonDays: 4 });
    expect(fourDays.var).toBeCloseTo(92, 9);
    // A short position loses on the up days.
    expect(historicalVar(returns, [-1000], { confidence: 0.95 }).var).toBeCloseTo(45, 9);
  });

  it('sums instruments day by day (diversification is in the sample)', () => {
    const up = Float64Array.from([0.01, -0.02, 0.03, -0.04]);
    const down = Float64Array.from(up, (value) => -value);
    expect(historicalVar([up, down], [100, 100], { confidence: 0.75 }).var).toBe(-0);
  });

  it('names the bad input', () => {
    expect(() => historicalVar([new Float64Array(10)], [1, 2], { confidence: 0.99 })).toThrow('returns has 1 instruments but exposures has 2');
    expect(() => historicalVar([new Float64Array(10)], [1], { confidence: 99 })).toThrow('confidence must be between 0.5 and 1 (e.g. 0.99), got 99');
  });
});

describe('parametric VaR (EWMA)', () => {
  it('matches z sigma and sigma phi(z) / (1 - c) on a series of constant size', () => {
    const returns = [Float64Array.from({ length: 250 }, (_, day) => (day % 2 === 0 ? 0.01 : -0.01))];
    const result = parametricVar(returns, [1_000_000], { confidence: 0.99 });
    expect(result.var).toBeCloseTo(23263.478740408408, 6);
    expect(result.cvar).toBeCloseTo(26652.14220345808, 6);
  });

  it('from returns equals e^T Sigma e with the EWMA matrix (lambda 0.94)', () => {
    const returns = randomReturns(4, 300, 7);
    const exposures = [1e5, -5e4, 2e5, 3e4];
    const direct = parametricVar(returns, exposures, { confidence: 0.99, horizonDays: 10 });
    const viaMatrix = parametricVarFromCovariance(ewmaCovariance(returns), exposures, { confidence: 0.99, horizonDays: 10 });
    expect(direct.var).toBeCloseTo(viaMatrix.var, 6);
    expect(direct.cvar).toBeCloseTo(viaMatrix.cvar, 6);
  });

  it('weights recent days more with a smaller lambda', () => {
    const calmThenWild = [Float64Array.from({ length: 200 }, (_, day) => (day < 190 ? 0.001 : 0.05) * (day % 2 ? 1 : -1))];
    const fast = parametricVar(calmThenWild, [1], { confidence: 0.99, lambda: 0.8 }).var;
    const slow = parametricVar(calmThenWild, [1], { confidence: 0.99, lambda: 0.97 }).var;
    expect(fast).toBeGreaterThan(slow);
    expect(() => parametricVar(calmThenWild, [1], { confidence: 0.99, lambda: 1 })).toThrow('EWMA lambda must be between 0 and 1 (exclusive), got 1');
  });
});

describe('Monte Carlo VaR', () => {
  const covariance = Float64Array.from([0.0004, 0.0001, 0.00005, 0.0001, 0.0009, 0.0002, 0.00005, 0.0002, 0.0001]);
  const exposures = [1e6, 5e5, -2e5];

  it('converges on the parametric answer for normal returns', () => {
    const exact = parametricVarFromCovariance(covariance, exposures, { confidence: 0.99 });
    const simulated = monteCarloVar({ covariance, exposures, paths: 100_000, seed: 42, confidence: 0.99 });
    expect(Math.abs(simulated.var / exact.var - 1)).toBeLessThan(0.02);
    expect(Math.abs(simulated.cvar / exact.cvar - 1)).toBeLessThan(0.03);
  });

  it('is reproducible from its seed, and any split of blocks gives the same answer', () => {
    const input = { covariance, exposures, paths: 10_000, seed: 9, confidence: 0.99 };
    expect(monteCarloVar(input)).toEqual(monteCarloVar(input));
    expect(monteCarloVar({ ...input, seed: 10 }).var).not.toBe(monteCarloVar(input).var);
    const weights = monteCarloWeights(covariance, exposures);
    const blocks = blockCountFor(input.paths);
    const first = simulatePnlBlocks({ weights, seed: 9, paths: input.paths, firstBlock: 0, blockCount: 1 });
    const rest = simulatePnlBlocks({ weights, seed: 9, paths: input.paths, firstBlock: 1, blockCount: blocks - 1 });
    const joined = new Float64Array(input.paths);
    joined.set(first);
    joined.set(rest, first.length);
    expect(monteCarloVarFromPnl(joined, input)).toEqual(monteCarloVar(input));
  });

  it('refuses a covariance that is not positive definite', () => {
    const bad = Float64Array.from([1, 2, 2, 1]);
    expect(() => monteCarloVar({ covariance: bad, exposures: [1, 1], paths: 1000, seed: 1, confidence: 0.99 })).toThrow(/not positive definite \(pivot 1/);
  });
});

describe('Kupiec proportion-of-failures test', () => {
  it('matches the hand-computed LR and chi-square(1) p-value', () => {
    // T = 250, x = 8, p = 0.01:
    //   null: 242 ln 0.99 + 8 ln 0.01   = -2.432182 - 36.841361 = -39.273543
    //   alt:  242 ln 0.968 + 8 ln 0.032 = -7.870617 - 27.536158 = -35.406775
    //   LR = -2 (null - alt) = 7.733551; p = P(chi2_1 > 7.733551) = erfc(sqrt(LR / 2)) = 0.005420
    const result = kupiecPof(250, 8, 0.99);
    expect(result.lr).toBeCloseTo(7.7335507244945205, 9);
    expect(result.pValue).toBeCloseTo(0.0054204051941277994, 9);
    expect(result.reject).toBe(true);
    expect(result.expectedExceptions).toBeCloseTo(2.5, 12);
  });

  it('handles zero exceptions and accepts a model close to its rate', () => {
    const none = kupiecPof(250, 0, 0.99);
    expect(none.lr).toBeCloseTo(5.025167926750726, 9); // -2 x 250 ln 0.99
    expect(none.pValue).toBeCloseTo(0.02498150305344973, 9);
    const close = kupiecPof(500, 2, 0.99);
    expect(close.lr).toBeCloseTo(2.352982270642155, 9);
    expect(close.pValue).toBeCloseTo(0.12504358446110517, 9);
    expect(close.reject).toBe(false);
  });

  it('counts exceptions from P&L against VaR forecasts', () => {
    const pnl = [-5, -12, 3, -11, 0];
    const forecasts = [10, 10, 10, 10, 10];
    expect(backtestVar(pnl, forecasts, 0.99).exceptions).toBe(2);
    let error: unknown;
    try {
      kupiecPof(10, 11, 0.99);
    } catch (thrown) {
      error = thrown;
    }
    expect(NwsError.is(error, ErrorCode.InvalidArgument) && (error as Error).message).toBe('exceptions must be an integer from 0 to 10, got 11');
  });
});

describe('stress scenarios', () => {
  const positions: StressPosition[] = [
    { instrumentId: 'AAPL.XNAS', exposure: 100_000, sector: 'Technology', factorLoadings: { market: 1.2 } },
    { instrumentId: 'MSFT.XNAS', exposure: 50_000, sector: 'Technology', factorLoadings: { market: 1.0 } },
    { instrumentId: 'XOM.XNYS', exposure: -40_000, sector: 'Energy', factorLoadings: { market: 0.8, oil: 1.5 } },
  ];

  it('applies instrument shocks over sector + factor shocks', () => {
    const result = runStressScenario(positions, {
      name: 'tech crash, oil spike',
      instrumentShocks: { 'AAPL.XNAS': -0.3 },
      sectorShocks: { Technology: -0.1 },
      factorShocks: { market: -0.05, oil: 0.2 },
    });
    // AAPL -30 % -> -30,000; MSFT -10 % + 1.0 x -5 % -> -15 % -> -7,500; XOM 0.8 x -5 % + 1.5 x 20 % = +26 % on a short -> -10,400
    expect(result.byInstrument.map((line) => [line.instrumentId, Number(line.shock.toFixed(6)), Math.round(line.pnl)])).toEqual([
      ['AAPL.XNAS', -0.3, -30_000],
      ['MSFT.XNAS', -0.15, -7_500],
      ['XOM.XNYS', 0.26, -10_400],
    ]);
    expect(result.pnl).toBeCloseTo(-47_900, 6);
    expect(result.bySector).toEqual({ Technology: -37_500, Energy: expect.closeTo(-10_400, 6) });
  });

  it('refuses a shock beyond -100 %', () => {
    expect(() => runStressScenario(positions, { name: 'x', sectorShocks: { Energy: -1.5 } })).toThrow(/sectorShocks.Energy: a return shock must be above -1/);
  });

  it('replays a historical window with today’s exposures', () => {
    const replay = replayHistoricalWindow(positions.slice(0, 2), [
      [100, 90, 80, 95],
      [200, 210, 150, 220],
    ]);
    // day 2: AAPL -20 % on 100k = -20,000; MSFT -25 % on 50k = -12,500
    expect(Array.from(replay.path, (value) => Math.round(value * 1e6) / 1e6)).toEqual([0, -10_000 + 2_500, -32_500, -5_000 + 5_000]);
    expect(replay.worstDay).toBe(2);
    expect(replay.worst).toBeCloseTo(-32_500, 6);
    expect(replay.final).toBeCloseTo(0, 6);
  });
});

describe('Monte Carlo VaR on worker threads', () => {
  it('two real worker threads running the task module give the single-thread answer', async () => {
    const { Worker } = await import('node:worker_threads');
    const { MONTE_CARLO_TASK_MODULE, monteCarloVarParallel } = await import('./monte-carlo.js');
    const covariance = Float64Array.from([0.0004, 0.0001, 0.0001, 0.0009]);
    const input = { covariance, exposures: [1e6, -4e5], paths: 20_000, seed: 77, confidence: 0.975 };
    const workers = [0, 1].map(
      () => new Worker(new URL('../test-fixtures/monte-carlo-worker.mjs', import.meta.url), { workerData: { moduleUrl: MONTE_CARLO_TASK_MODULE.href } }),
    );
    let next = 0;
    try {
      const parallel = await monteCarloVarParallel(
        input,
        (blocks) =>
          new Promise<Float64Array>((resolve, reject) => {
            const worker = workers[next++ % workers.length]!;
            worker.once('message', resolve);
            worker.once('error', reject);
            worker.postMessage(blocks);
          }),
        2,
      );
      expect(parallel).toEqual(monteCarloVar(input));
    } finally {
      await Promise.all(workers.map((worker) => worker.terminate()));
    }
  });
});
