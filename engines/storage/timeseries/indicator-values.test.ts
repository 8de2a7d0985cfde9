import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, NwsError } from '@nws/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TimeSeriesStore } from './time-series-store.js';
import type { IndicatorValueSet } from './indicator-values.js';

let dir: string;
let store: TimeSeriesStore;
const AAPL_1M = { instrumentId: 'AAPL.XNAS', barType: '1m' };
const START_US = 1_704_205_800_000_000n; // 2024-01-02 14:30 UTC
const MINUTE_US = 60_000_000n;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nws-indicator-values-'));
  store = await TimeSeriesStore.open(join(dir, 'timeseries.duckdb'), { threads: 1 });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function minutes(first: number, count: number): BigInt64Array {
  return BigInt64Array.from({ length: count }, (_, i) => START_US + BigInt(first + i) * MINUTE_US);
}

/** A MACD-shaped set: three outputs, NaN warm-up, varied values. */
function macdSet(first: number, count: number, warmUp = 3): IndicatorValueSet {
  const column = (scale: number) => Float64Array.from({ length: count }, (_, i) => (first + i < warmUp ? NaN : Math.sin(first + i) * scale + 1 / 3));
  return { key: 'macd_12_26_9', indicator: 'macd', params: { fastperiod: 12, slowperiod: 26, signalperiod: 9 }, outputs: { macd: column(1), macdsignal: column(2), macdhist: column(3) } };
}

async function caught(promise: Promise<unknown>): Promise<NwsError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof NwsError) return error;
  throw new Error(`expected an NwsError, got ${String(error)}`);
}

describe('indicator values in the time-series store', () => {
  it('round-trips every output bit for bit across more than one chunk, NaN warm-up included', async () => {
    const rows = 5000;
    const set = macdSet(0, rows);
    const written = await store.writeIndicatorValues(AAPL_1M, minutes(0, rows), [set, { key: 'sma_3', indicator: 'sma', params: { timeperiod: 3 }, outputs: { real: new Float64Array(rows).fill(2.5) } }]);
    expect(written).toEqual({ rows: 4 * rows, replaced: 0 });
    const read = await store.readIndicatorValues({ ...AAPL_1M, key: 'macd_12_26_9' });
    expect(read.indicator).toBe('macd');
    expect(read.params).toEqual({ fastperiod: 12, signalperiod: 9, slowperiod: 26 });
    expect(read.tsUs).toEqual(minutes(0, rows));
    expect(Object.keys(read.outputs).sort()).toEqual(['macd', 'macdhist', 'macdsignal']);
    for (const name of ['macd', 'macdsignal', 'macdhist']) expect(read.outputs[name]).toEqual(set.outputs[name]);
    expect(Number.isNaN(read.outputs.macd![2])).toBe(true);
    expect((await store.readIndicatorValues({ ...AAPL_1M, key: 'sma_3' })).outputs.real).toEqual(new Float64Array(rows).fill(2.5));
  });

  it('stores warm-up as SQL NULL, visible through the indicator_values view', async () => {
    await store.writeIndicatorValues(AAPL_1M, minutes(0, 5), [macdSet(0, 5)]);
    const rows = await store.query("SELECT count(*) AS n, count(value) AS defined FROM indicator_values WHERE indicator_key = 'macd_12_26_9' AND output = 'macd'");
    expect(rows).toEqual([{ n: 5n, defined: 2n }]);
  });

  it('reads a half-open [fromUs, toUs) range', async () => {
    await store.writeIndicatorValues(AAPL_1M, minutes(0, 10), [macdSet(0, 10)]);
    const read = await store.readIndicatorValues({ ...AAPL_1M, key: 'macd_12_26_9', fromUs: START_US + 4n * MINUTE_US, toUs: START_US + 7n * MINUTE_US });
    expect(read.tsUs).toEqual(minutes(4, 3));
    expect(read.outputs.macdhist).toEqual(macdSet(4, 3).outputs.macdhist);
  });

  it('appends later batches and replaces rows a batch covers again, keeping time order', async () => {
    await store.writeIndicatorValues(AAPL_1M, minutes(0, 10), [macdSet(0, 10)]);
    await store.writeIndicatorValues(AAPL_1M, minutes(10, 5), [macdSet(10, 5)]);
    const rewrite = macdSet(3, 4);
    rewrite.outputs.macd![0] = 99;
    const result = await store.writeIndicatorValues(AAPL_1M, minutes(3, 4), [rewrite]);
    expect(result).toEqual({ rows: 12, replaced: 12 });
    const read = await store.readIndicatorValues({ ...AAPL_1M, key: 'macd_12_26_9' });
    expect(read.tsUs).toEqual(minutes(0, 15));
    const expected = macdSet(0, 15).outputs.macd!;
    expected[3] = 99;
    expect(read.outputs.macd).toEqual(expected);
    const [info] = await store.listIndicatorValues(AAPL_1M);
    expect(info).toEqual({
      instrumentId: 'AAPL.XNAS',
      barType: '1m',
      key: 'macd_12_26_9',
      indicator: 'macd',
      params: { fastperiod: 12, signalperiod: 9, slowperiod: 26 },
      outputs: ['macd', 'macdsignal', 'macdhist'],
      rows: 15,
      firstUs: START_US,
      lastUs: START_US + 14n * MINUTE_US,
    });
  });

  it('writes nothing when any column of the batch is bad, and names it', async () => {
    const bad = macdSet(0, 4);
    bad.outputs.macdhist![3] = Infinity;
    const error = await caught(store.writeIndicatorValues(AAPL_1M, minutes(0, 4), [{ key: 'sma_3', indicator: 'sma', params: { timeperiod: 3 }, outputs: { real: new Float64Array(4) } }, bad]));
    expect(error.code).toBe(ErrorCode.InvalidValue);
    expect(error.message).toBe('macd_12_26_9.macdhist[3] = Infinity is not finite (NaN marks no value)');
    expect(await store.listIndicatorValues()).toEqual([]);
    const short = await caught(store.writeIndicatorValues(AAPL_1M, minutes(0, 3), [macdSet(0, 4)]));
    expect(short.message).toBe('macd_12_26_9.macd has 4 values but tsUs has 3');
    const badKey = await caught(store.writeIndicatorValues(AAPL_1M, minutes(0, 4), [{ ...macdSet(0, 4), key: 'macd.12' }]));
    expect(badKey.message).toContain(`indicator key "macd.12" must be`);
  });

  it('refuses a key stored with other parameters and rolls the whole write back', async () => {
    await store.writeIndicatorValues(AAPL_1M, minutes(0, 4), [macdSet(0, 4)]);
    const other = { ...macdSet(4, 2), params: { fastperiod: 5, slowperiod: 26, signalperiod: 9 } };
    const fresh: IndicatorValueSet = { key: 'rsi_14', indicator: 'rsi', params: { timeperiod: 14 }, outputs: { real: new Float64Array(2) } };
    const error = await caught(store.writeIndicatorValues(AAPL_1M, minutes(4, 2), [fresh, other]));
    expect(error.code).toBe(ErrorCode.Conflict);
    expect(error.message).toContain("key 'macd_12_26_9' is stored as macd");
    expect((await store.listIndicatorValues()).map((info) => info.key)).toEqual(['macd_12_26_9']);
    expect(await store.deleteIndicatorValues({ ...AAPL_1M, key: 'macd_12_26_9' })).toBe(12);
    const missing = await caught(store.readIndicatorValues({ ...AAPL_1M, key: 'macd_12_26_9' }));
    expect(missing.code).toBe(ErrorCode.NotFound);
  });
});
