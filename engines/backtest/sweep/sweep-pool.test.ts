import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NwsError } from '@nws/core';
import type { InstrumentId } from '@nws/core';
import { smaCross } from '@nws/strategy';
import { sliceSeries } from '../data/bar-series.js';
import { genericInstrument } from '../backtest-spec.js';
import { runBacktest } from '../run-backtest.js';
import { randomWalkSeries } from '../test-support/series.js';
import { gridParameterSets } from './parameter-space.js';
import { runSweep } from './run-sweep.js';
import { SweepWorkerPool, shareSeries } from './sweep-pool.js';
import { runWalkForward } from './walk-forward.js';

const walk = randomWalkSeries('WALK.SIM', 1500, 33);
const spec = { strategy: 'sma-cross', startingCash: 10_000, commissionPct: 0.1 };
const parameterSets = gridParameterSets(smaCross.params, { ranges: { fast: [3, 5, 8, 13], slow: [20, 40] }, fixed: { stake: 3 } });

let pool: SweepWorkerPool;
beforeAll(async () => {
  pool = await SweepWorkerPool.start({ threads: 2 });
});
afterAll(async () => {
  await pool.close();
});

describe('shareSeries', () => {
  it('puts every column in shared memory with the same values, and slices of it stay shared', () => {
    const [shared] = shareSeries([walk]);
    for (const column of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) {
      expect(shared![column].buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Array.from(shared![column])).toEqual(Array.from(walk[column]));
    }
    expect(shareSeries([shared!])[0]!.close).toBe(shared!.close); // already shared: not copied again
    const slice = sliceSeries(shared!, walk.ts[100]!, walk.ts[200]!);
    expect(shareSeries([slice])[0]!.close.buffer).toBe(shared!.close.buffer);
    expect(slice.close.length).toBe(100);
  });
});

describe('SweepWorkerPool', () => {
  it('runs sweep after sweep on the same workers, each row equal to a single backtest', async () => {
    const first = await runSweep({ spec, series: [walk], parameterSets, pool });
    const second = await runSweep({ spec, series: [walk], parameterSets: parameterSets.slice(2, 5), pool });
    expect(first.threads).toBe(2);
    expect(second.threads).toBe(2);
    for (const row of first.rows) expect(row.statistics).toEqual(runBacktest({ ...spec, params: row.params }, [walk]).statistics);
    expect(second.rows.map((row) => row.statistics)).toEqual(first.rows.slice(2, 5).map((row) => row.statistics));
  });

  it('gives the same rows from shared columns, copied columns and this thread', async () => {
    const fromShared = await runSweep({ spec, series: shareSeries([walk]), parameterSets, pool });
    const fromCopied = await runSweep({ spec, series: [walk], parameterSets, threads: 2 });
    const inThread = await runSweep({ spec, series: [walk], parameterSets, threads: 0 });
    expect(fromShared.rows).toEqual(inThread.rows);
    expect(fromCopied.rows).toEqual(inThread.rows);
  });

  it('runs sweeps given at the same time one after another, each with its own rows', async () => {
    const other = randomWalkSeries('OTHER.SIM', 900, 4);
    const [onWalk, onOther] = await Promise.all([
      runSweep({ spec, series: [walk], parameterSets, pool }),
      runSweep({ spec, series: [other], parameterSets, pool }),
    ]);
    expect(onWalk.rows[5]!.statistics).toEqual(runBacktest({ ...spec, params: parameterSets[5]! }, [walk]).statistics);
    expect(onOther.rows[5]!.statistics).toEqual(runBacktest({ ...spec, params: parameterSets[5]! }, [other]).statistics);
  });

  it('uses no more workers than it has, nor than there are sets', async () => {
    expect((await runSweep({ spec, series: [walk], parameterSets, pool, threads: 8 })).threads).toBe(2);
    expect((await runSweep({ spec, series: [walk], parameterSets: parameterSets.slice(0, 1), pool })).threads).toBe(1);
  });

  it('cancels mid-sweep with CANCELLED and then serves the next sweep correctly', async () => {
    const long = randomWalkSeries('LONG.SIM', 60_000, 5);
    const controller = new AbortController();
    const started = performance.now();
    const sweep = runSweep({
      spec,
      series: [long],
      parameterSets,
      pool,
      signal: controller.signal,
      onProgress: ({ done }) => {
        if (done === 2) controller.abort();
      },
    });
    const error = await sweep.then(
      () => expect.fail('expected the sweep to be cancelled'),
      (reason: unknown) => reason,
    );
    expect(NwsError.is(error, 'CANCELLED')).toBe(true);
    expect((error as Error).message).toBe('sweep cancelled after 2 of 8 runs');
    expect(performance.now() - started).toBeLessThan(30_000);
    const after = await runSweep({ spec, series: [walk], parameterSets: parameterSets.slice(0, 3), pool });
    expect(after.rows[2]!.statistics).toEqual(runBacktest({ ...spec, params: parameterSets[2]! }, [walk]).statistics);
  });

  it('reports a worker that dies (out of memory) naming the run, does not hang, and starts a fresh worker after', async () => {
    // A summary sma-cross run needs next to no heap any more, so the load is the spec: 40,000
    // instrument definitions (an all-listings universe) fit in a 24 MiB worker heap once, as the
    // sweep's message, but not twice, as run 0 validates its spec — the thread is killed mid-run,
    // as in a real out-of-memory crash. (28k survive; from about 52k the message alone is too big.)
    const tight = await SweepWorkerPool.start({ threads: 1, resourceLimits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 1 } });
    try {
      const universe = Array.from({ length: 40_000 }, (_, index) => ({ ...genericInstrument(`U${index}.SIM` as InstrumentId) }));
      const heavy = { ...spec, instruments: universe };
      const error = await runSweep({ spec: heavy, series: [walk], parameterSets: parameterSets.slice(0, 2), pool: tight }).then(
        () => expect.fail('expected the worker to die'),
        (reason: unknown) => reason,
      );
      expect(NwsError.is(error, 'WORKER_FAILED')).toBe(true);
      expect((error as Error).message).toMatch(/^sweep worker 0 crashed: .*memory.* during sweep run 0 \(\{"stake":3,"fast":3,"slow":20\}\); 0 of 2 runs had finished$/);
      const after = await runSweep({ spec, series: [walk], parameterSets: parameterSets.slice(0, 2), pool: tight });
      expect(after.rows[1]!.statistics).toEqual(runBacktest({ ...spec, params: parameterSets[1]! }, [walk]).statistics);
    } finally {
      await tight.close();
    }
  });

  it('refuses a bad size and work after close', async () => {
    await expect(SweepWorkerPool.start({ threads: 0 })).rejects.toThrow(/a sweep pool needs threads >= 1, got 0/);
    const closed = await SweepWorkerPool.start({ threads: 1 });
    const running = runSweep({ spec, series: [randomWalkSeries('LONG.SIM', 60_000, 5)], parameterSets, pool: closed });
    const outcome = expect(running).rejects.toThrow('sweep cancelled: its pool was closed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await closed.close();
    await outcome;
    await expect(runSweep({ spec, series: [walk], parameterSets, pool: closed })).rejects.toThrow(/the sweep pool is closed/);
  });

  it('checks the bars once itself: a NaN close is refused before any worker runs, and the pool serves on', async () => {
    const bad = { ...walk, close: walk.close.slice() };
    bad.close[700] = Number.NaN;
    const onPool = pool.run({ spec, series: shareSeries([bad]), parameterSets, threads: 2 });
    await expect(onPool).rejects.toThrow('bars of WALK.SIM: row 700 close is NaN');
    const after = await runSweep({ spec, series: [walk], parameterSets: parameterSets.slice(0, 2), pool });
    expect(after.rows[1]!.statistics).toEqual(runBacktest({ ...spec, params: parameterSets[1]! }, [walk]).statistics);
  });

  it('runs walk-forward windows on one pool with the same result as in this thread', async () => {
    const day = 86_400_000;
    const windows = { spec, series: [walk], parameterSets, inSampleMs: 500 * day, outOfSampleMs: 250 * day };
    const onPool = await runWalkForward({ ...windows, pool });
    const inThread = await runWalkForward({ ...windows, threads: 0 });
    expect(onPool.steps.length).toBe(4);
    expect(onPool).toEqual(inThread);
  });
});
