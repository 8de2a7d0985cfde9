import { describe, expect, it } from 'vitest';
import { NwsError } from '@nws/core';
import { sliceSeries } from '../data/bar-series.js';
import { runBacktest } from '../run-backtest.js';
import { randomWalkSeries } from '../test-support/series.js';
import type { QuoteTickSeries } from '../data/tick-series.js';
import { gridParameterSets } from './parameter-space.js';
import { runSweep, sortSweepRows } from './run-sweep.js';
import { runWalkForward, walkForwardWindows } from './walk-forward.js';
import { smaCross } from '@nws/strategy';

const walk = randomWalkSeries('WALK.SIM', 1200, 21);
const spec = { strategy: 'sma-cross', startingCash: 10_000, commissionPct: 0.1 };
const parameterSets = gridParameterSets(smaCross.params, { ranges: { fast: [3, 5, 8], slow: [15, 30] }, fixed: { stake: 5 } });

describe('runSweep', () => {
  it('gives, on two worker threads, exactly the statistics of individual runs', async () => {
    const progress: number[] = [];
    const sweep = await runSweep({ spec, series: [walk], parameterSets, threads: 2, onProgress: ({ done }) => progress.push(done) });
    expect(sweep.threads).toBe(2);
    expect(sweep.rows.map((row) => row.params)).toEqual(parameterSets);
    for (const row of sweep.rows) {
      const single = runBacktest({ ...spec, params: row.params }, [walk]);
      expect(row.statistics).toEqual(single.statistics);
    }
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('runs in this thread with threads 0, with the same rows', async () => {
    const inThread = await runSweep({ spec, series: [walk], parameterSets: parameterSets.slice(0, 2), threads: 0 });
    const single = runBacktest({ ...spec, params: parameterSets[1]! }, [walk]);
    expect(inThread.rows[1]!.statistics).toEqual(single.statistics);
  });

  it('sorts rows by any metric, best first', async () => {
    const sweep = await runSweep({ spec, series: [walk], parameterSets, threads: 0 });
    const byReturn = sortSweepRows(sweep.rows, 'totalReturn');
    for (let index = 1; index < byReturn.length; index++) {
      expect(byReturn[index - 1]!.statistics.totalReturn).toBeGreaterThanOrEqual(byReturn[index]!.statistics.totalReturn);
    }
    const byDrawdown = sortSweepRows(sweep.rows, 'maxDrawdown', 'ascending');
    expect(byDrawdown[0]!.statistics.maxDrawdown).toBe(Math.min(...sweep.rows.map((row) => row.statistics.maxDrawdown)));
  });

  it('stops with CANCELLED when aborted mid-sweep and ends its workers', async () => {
    const controller = new AbortController();
    const many = gridParameterSets(smaCross.params, { ranges: { fast: [2, 3, 4, 5, 6, 7, 8, 9], slow: [20, 25, 30, 35] } });
    let error: unknown;
    const started = performance.now();
    try {
      await runSweep({
        spec,
        series: [walk],
        parameterSets: many,
        threads: 2,
        signal: controller.signal,
        onProgress: ({ done }) => {
          if (done === 3) controller.abort();
        },
      });
    } catch (caught) {
      error = caught;
    }
    expect(NwsError.is(error, 'CANCELLED')).toBe(true);
    expect((error as Error).message).toMatch(/after 3 of 32 runs/);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('refuses bars with a NaN close, naming the row, before any worker runs', async () => {
    // runSweep checks the bars itself and tells the pool they are checked.
    const bad = { ...walk, close: walk.close.slice() };
    bad.close[900] = Number.NaN;
    await expect(runSweep({ spec, series: [bad], parameterSets, threads: 2 })).rejects.toThrow('bars of WALK.SIM: row 900 close is NaN');
    await expect(runSweep({ spec, series: [bad], parameterSets, threads: 0 })).rejects.toThrow('bars of WALK.SIM: row 900 close is NaN');
  });

  it('sweeps quote ticks on workers and in this thread with the statistics of single runs', async () => {
    // The walk's closes as quotes a tenth of a cent either side, one a second.
    const quotes: QuoteTickSeries = {
      kind: 'quotes',
      instrumentId: 'Q.SIM',
      ts: Float64Array.from(walk.close, (_, row) => Date.UTC(2024, 0, 2) + row * 1000),
      bid: walk.close.map((close) => close - 0.001),
      ask: walk.close.map((close) => close + 0.001),
      bidSize: new Float64Array(walk.close.length),
      askSize: new Float64Array(walk.close.length),
    };
    const onWorkers = await runSweep({ spec, series: [quotes], parameterSets, threads: 2 });
    const inThread = await runSweep({ spec, series: [quotes], parameterSets, threads: 0 });
    expect(inThread.rows).toEqual(onWorkers.rows);
    for (const row of onWorkers.rows) expect(row.statistics).toEqual(runBacktest({ ...spec, params: row.params, detail: 'summary' }, [quotes]).statistics);
    expect(onWorkers.rows.some((row) => row.statistics.fills > 0)).toBe(true);
    expect(onWorkers.rows[0]!.statistics.ticks).toBe(walk.close.length);
    // Bars and ticks in one sweep are refused before anything runs.
    await expect(runSweep({ spec, series: [walk, quotes] as never, parameterSets, threads: 2 })).rejects.toThrow('a sweep runs on bars or on ticks, not both');
  });

  it('reports a failing parameter set with its parameters', async () => {
    await expect(runSweep({ spec, series: [walk], parameterSets: [{ fast: 5, slow: 1 }], threads: 1 })).rejects.toThrow(/sweep run 0 .*slow/);
  });
});

describe('walk-forward', () => {
  it('builds rolling windows that step by the out-of-sample length', () => {
    expect(walkForwardWindows(0, 100, 40, 20)).toEqual([
      { inSampleStartMs: 0, outOfSampleStartMs: 40, endMs: 60 },
      { inSampleStartMs: 20, outOfSampleStartMs: 60, endMs: 80 },
      { inSampleStartMs: 40, outOfSampleStartMs: 80, endMs: 100 },
      { inSampleStartMs: 60, outOfSampleStartMs: 100, endMs: 100 },
    ].slice(0, 3));
  });

  it('picks the in-sample best and tests it on the next window', async () => {
    const day = 86_400_000;
    const result = await runWalkForward({ spec, series: [walk], parameterSets, inSampleMs: 400 * day, outOfSampleMs: 200 * day, threads: 0 });
    expect(result.steps).toHaveLength(4);
    for (const step of result.steps) {
      const inSample = await runSweep({ spec, series: [sliceSeries(walk, step.window.inSampleStartMs, step.window.outOfSampleStartMs)], parameterSets, threads: 0 });
      expect(step.bestParams).toEqual(sortSweepRows(inSample.rows, 'totalReturn')[0]!.params);
      const outOfSample = runBacktest({ ...spec, params: step.bestParams }, [sliceSeries(walk, step.window.outOfSampleStartMs, step.window.endMs)]);
      expect(step.outOfSample).toEqual(outOfSample.statistics);
      expect(step.outOfSample.bars).toBe(200);
    }
    const compounded = result.steps.reduce((growth, step) => growth * (1 + step.outOfSample.totalReturn), 1) - 1;
    expect(result.compoundedOutOfSampleReturn).toBeCloseTo(compounded, 12);
  });
});
