import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode, NwsError } from '@nws/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TIME_SERIES_MIGRATIONS } from './migrations.js';
import { TimeSeriesStore } from './time-series-store.js';
import type { BarColumns } from './bar-columns.js';

const MINUTE_US = 60_000_000n;
const START_US = 1_704_205_800_000_000n; // 2024-01-02 14:30 UTC
const AAPL_1M = { instrumentId: 'AAPL.XNAS', barType: '1m' } as const;

let dir: string;
let store: TimeSeriesStore | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nws-timeseries-'));
});

afterEach(async () => {
  await store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function openStore(): Promise<TimeSeriesStore> {
  store = await TimeSeriesStore.open(join(dir, 'data', 'timeseries.duckdb'));
  return store;
}

/** `count` one-minute bars from `startUs`, prices following a deterministic zig-zag in cents. */
function minuteBars(count: number, startUs = START_US, base = 100): BarColumns {
  const columns: BarColumns = {
    tsUs: new BigInt64Array(count),
    open: new Float64Array(count),
    high: new Float64Array(count),
    low: new Float64Array(count),
    close: new Float64Array(count),
    volume: new Float64Array(count),
  };
  for (let i = 0; i < count; i++) {
    const price = base + ((i * 37) % 200) / 100;
    columns.tsUs[i] = startUs + BigInt(i) * MINUTE_US;
    columns.open[i] = price;
    columns.high[i] = price + 0.05;
    columns.low[i] = price - 0.05;
    columns.close[i] = price + 0.01;
    columns.volume[i] = 100 + i;
  }
  return columns;
}

function bytesOf(array: BigInt64Array | Float64Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** Same length and the same bytes: -0, NaN payloads and the last bit of every double included. */
function expectBitExact(actual: BigInt64Array | Float64Array | undefined, expected: BigInt64Array | Float64Array): void {
  expect(actual).toBeDefined();
  expect(actual!.length).toBe(expected.length);
  const actualBytes = bytesOf(actual!);
  const expectedBytes = bytesOf(expected);
  const firstDifference = actualBytes.findIndex((byte, index) => byte !== expectedBytes[index]);
  expect(firstDifference === -1 ? 'identical' : `differs at element ${Math.floor(firstDifference / 8)}`).toBe('identical');
}

function slice(columns: BarColumns, start: number, end: number): BarColumns {
  const result: BarColumns = {
    tsUs: columns.tsUs.slice(start, end),
    open: columns.open.slice(start, end),
    high: columns.high.slice(start, end),
    low: columns.low.slice(start, end),
    close: columns.close.slice(start, end),
    volume: columns.volume.slice(start, end),
  };
  if (columns.openInterest) result.openInterest = columns.openInterest.slice(start, end);
  if (columns.adjClose) result.adjClose = columns.adjClose.slice(start, end);
  return result;
}

async function rejection(promise: Promise<unknown>): Promise<NwsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NwsError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject with an NwsError');
}

describe('TimeSeriesStore', () => {
  it('round-trips timestamps and doubles bit for bit, across several 2048-row chunks', async () => {
    const ts = await openStore();
    const count = 5000;
    const bars = minuteBars(count, -86_400_000_000n * 365n * 50n); // starts in 1920: negative epoch µs
    const awkward = [0, -0, 5e-324, -5e-324, 0.1 + 0.2, Number.MAX_VALUE, -Number.MAX_VALUE, Math.PI, 2 ** 53 + 2, 1e-300];
    for (let i = 0; i < count; i++) bars.close[i] = awkward[i % awkward.length];
    // Open interest: NULLs scattered in the first chunk, none in the second, only NULLs in the third.
    bars.openInterest = new Float64Array(count);
    for (let i = 0; i < count; i++) bars.openInterest[i] = i < 2048 ? (i % 3 === 0 ? NaN : i) : i < 4096 ? i * 0.5 : NaN;

    await ts.ingestBars(AAPL_1M, bars);
    const read = await ts.readBars(AAPL_1M);

    expectBitExact(read.tsUs, bars.tsUs);
    for (const column of ['open', 'high', 'low', 'close', 'volume'] as const) expectBitExact(read[column], bars[column]);
    expect(Object.is(read.close[1], -0)).toBe(true);
    expectBitExact(read.openInterest, bars.openInterest);
  });

  it('leaves openInterest out of a read when no bar in it has one', async () => {
    const ts = await openStore();
    await ts.ingestBars(AAPL_1M, minuteBars(10));
    const read = await ts.readBars(AAPL_1M);
    expect(read.openInterest).toBeUndefined();
    expect(read.adjClose).toBeUndefined();
    expect(read.tsUs.length).toBe(10);
  });

  it('stores adjusted close beside open interest, each with its own NULLs, bit for bit', async () => {
    const ts = await openStore();
    const count = 5000;
    const bars = minuteBars(count);
    // The NULL patterns differ per column and per 2048-row slice, so one column's mask must
    // never leak into the other's or into the next slice.
    bars.openInterest = new Float64Array(count).map((_, i) => (i < 2048 ? NaN : i));
    bars.adjClose = new Float64Array(count).map((_, i) => (i < 2048 ? bars.close[i]! * 0.97 : i < 4096 ? (i % 5 === 0 ? NaN : -0) : NaN));
    await ts.ingestBars(AAPL_1M, bars);
    const read = await ts.readBars(AAPL_1M);
    expectBitExact(read.openInterest, bars.openInterest);
    expectBitExact(read.adjClose, bars.adjClose);
    // A range with no adjusted close leaves the column out.
    expect((await ts.readBars({ ...AAPL_1M, fromUs: bars.tsUs[4096] })).adjClose).toBeUndefined();
    expect((await ts.query('SELECT count(adj_close) AS n FROM bars'))[0]!.n).toBe(2048n + 2048n - 410n);
  });

  it('refuses an infinite or negative adjusted close and writes nothing', async () => {
    const ts = await openStore();
    const bars = minuteBars(10);
    bars.adjClose = new Float64Array(10).fill(1.5);
    bars.adjClose[7] = -2;
    const error = await rejection(ts.ingestBars(AAPL_1M, bars));
    expect(error.code).toBe(ErrorCode.InvalidValue);
    expect(error.message).toContain('adjClose[7] = -2 is negative');
    bars.adjClose[7] = Infinity;
    expect((await rejection(ts.ingestBars(AAPL_1M, bars))).message).toContain('adjClose[7] = Infinity is not finite');
    expect(await ts.listSeries()).toEqual([]);
  });

  it('queryBars turns a GROUP BY over the bars view into columns, in time order', async () => {
    const ts = await openStore();
    const bars = minuteBars(300, START_US - 30n * MINUTE_US); // from 14:00, a whole hour
    bars.adjClose = new Float64Array(300).map((_, i) => (i === 299 ? NaN : i));
    await ts.ingestBars(AAPL_1M, bars);
    const hourly = await ts.queryBars(
      `SELECT time_bucket(INTERVAL '1 hour', ts) AS ts, arg_min(open, ts) AS open, max(high) AS high, min(low) AS low,
         arg_max(close, ts) AS close, sum(volume) AS volume, NULL::DOUBLE AS open_interest, arg_max_null(adj_close, ts) AS adj_close
       FROM bars WHERE instrument_id = $1 GROUP BY 1 ORDER BY 1`,
      ['AAPL.XNAS'],
    );
    expect(hourly.tsUs.length).toBe(5);
    expect(Array.from(hourly.tsUs)).toEqual([0, 60, 120, 180, 240].map((i) => bars.tsUs[i]!));
    expect(hourly.open[1]).toBe(bars.open[60]);
    expect(hourly.close[1]).toBe(bars.close[119]);
    expect(hourly.volume[0]).toBe(bars.volume.slice(0, 60).reduce((sum, value) => sum + value, 0));
    expect(hourly.openInterest).toBeUndefined();
    // The last bar's adjusted close, even when it is none.
    expect(Array.from(hourly.adjClose!)).toEqual([59, 119, 179, 239, NaN]);
    expect((await rejection(ts.queryBars('SELECT 1 AS ts'))).code).toBe(ErrorCode.StorageError);
  });

  it('reads [fromUs, toUs): inclusive start, exclusive end, open bounds, and limits from either end', async () => {
    const ts = await openStore();
    const bars = minuteBars(100);
    await ts.ingestBars(AAPL_1M, bars);
    const at = (index: number) => bars.tsUs[index];

    const middle = await ts.readBars({ ...AAPL_1M, fromUs: at(10), toUs: at(20) });
    expect(Array.from(middle.tsUs)).toEqual(Array.from(bars.tsUs.slice(10, 20)));
    expect((await ts.readBars({ ...AAPL_1M, fromUs: at(95) })).tsUs.length).toBe(5);
    expect((await ts.readBars({ ...AAPL_1M, toUs: at(3) })).tsUs.length).toBe(3);
    expect((await ts.readBars({ ...AAPL_1M, fromUs: at(5), toUs: at(5) })).tsUs.length).toBe(0);
    // Bounds between bars: 30 s after bar 10 up to 30 s after bar 12 holds bars 11 and 12.
    const between = await ts.readBars({ ...AAPL_1M, fromUs: at(10) + 30_000_000n, toUs: at(12) + 30_000_000n });
    expect(Array.from(between.tsUs)).toEqual([at(11), at(12)]);

    const firstThree = await ts.readBars({ ...AAPL_1M, fromUs: at(40), limit: 3 });
    expect(Array.from(firstThree.tsUs)).toEqual([at(40), at(41), at(42)]);
    const lastThree = await ts.readBars({ ...AAPL_1M, toUs: at(40), limit: 3, fromEnd: true });
    expect(Array.from(lastThree.tsUs)).toEqual([at(37), at(38), at(39)]);
    expect(Array.from(lastThree.close)).toEqual(Array.from(bars.close.slice(37, 40)));
    expect((await ts.readBars({ ...AAPL_1M, limit: 1000 })).tsUs.length).toBe(100);

    const backwards = await rejection(ts.readBars({ ...AAPL_1M, fromUs: at(5), toUs: at(4) }));
    expect(backwards.code).toBe(ErrorCode.InvalidArgument);
    expect((await rejection(ts.readBars({ ...AAPL_1M, limit: 0 }))).code).toBe(ErrorCode.InvalidArgument);
  });

  it('says NOT_FOUND for a series it does not have', async () => {
    const ts = await openStore();
    const error = await rejection(ts.readBars({ instrumentId: 'MSFT.XNAS', barType: '1d' }));
    expect(error.code).toBe(ErrorCode.NotFound);
    expect(error.message).toBe('no bars stored for MSFT.XNAS 1d');
  });

  it('replaces stored bars inside a new batch\u2019s span and keeps (series, ts) unique and in time order', async () => {
    const ts = await openStore();
    const original = minuteBars(5000);
    await ts.ingestBars(AAPL_1M, original);
    // A corrected download of minutes 1000..1999 that lacks minute 1500 and has different prices.
    const correctionAll = minuteBars(1000, original.tsUs[1000], 200);
    const keep = Array.from({ length: 1000 }, (_, i) => i).filter((i) => i !== 500);
    const correction: BarColumns = {
      tsUs: BigInt64Array.from(keep, (i) => correctionAll.tsUs[i]),
      open: Float64Array.from(keep, (i) => correctionAll.open[i]),
      high: Float64Array.from(keep, (i) => correctionAll.high[i]),
      low: Float64Array.from(keep, (i) => correctionAll.low[i]),
      close: Float64Array.from(keep, (i) => correctionAll.close[i]),
      volume: Float64Array.from(keep, (i) => correctionAll.volume[i]),
    };

    const result = await ts.ingestBars(AAPL_1M, correction);
    expect(result).toEqual({ instrumentId: 'AAPL.XNAS', barType: '1m', rows: 999, replaced: 1000 });

    const read = await ts.readBars(AAPL_1M);
    expect(read.tsUs.length).toBe(4999);
    expect(read.open[999]).toBe(original.open[999]);
    expect(read.open[1000]).toBe(correction.open[0]);
    expect(read.tsUs.includes(original.tsUs[1500])).toBe(false);
    expect(read.open[1999]).toBe(original.open[2000]);
    for (let i = 1; i < read.tsUs.length; i++) expect(read.tsUs[i] > read.tsUs[i - 1]).toBe(true);

    const [duplicates] = await ts.query('SELECT count(*) - count(DISTINCT (series_id, ts)) AS duplicates FROM bar_data');
    expect(duplicates).toEqual({ duplicates: 0n });
    expect(await ts.listSeries()).toEqual([
      { instrumentId: 'AAPL.XNAS', barType: '1m', rows: 4999, firstUs: original.tsUs[0], lastUs: original.tsUs[4999] },
    ]);
  });

  it('keeps a series in time order after a backfill of older bars', async () => {
    const ts = await openStore();
    const history = minuteBars(6000);
    await ts.ingestBars(AAPL_1M, slice(history, 3000, 6000));
    await ts.ingestBars(AAPL_1M, slice(history, 0, 3000));
    const read = await ts.readBars(AAPL_1M);
    expectBitExact(read.tsUs, history.tsUs);
    expectBitExact(read.close, history.close);
  });

  it("refuses an overlapping batch with CONFLICT under onOverlap: 'reject' and writes nothing", async () => {
    const ts = await openStore();
    const bars = minuteBars(100);
    await ts.ingestBars(AAPL_1M, slice(bars, 0, 60));
    const error = await rejection(ts.ingestBars(AAPL_1M, slice(bars, 50, 100), { onOverlap: 'reject' }));
    expect(error.code).toBe(ErrorCode.Conflict);
    expect(error.message).toContain('already has 10 bars');
    expect((await ts.readBars(AAPL_1M)).tsUs.length).toBe(60);
    // A batch after the stored span is fine under 'reject'.
    await ts.ingestBars(AAPL_1M, slice(bars, 60, 100), { onOverlap: 'reject' });
    expect((await ts.readBars(AAPL_1M)).tsUs.length).toBe(100);
  });

  it('writes nothing when a batch fails part-way: stored bars, deleted overlap and series list stay as they were', async () => {
    const ts = await openStore();
    const bars = minuteBars(3000);
    await ts.ingestBars(AAPL_1M, slice(bars, 0, 3000));
    const before = await ts.readBars(AAPL_1M);

    // Overlaps bars 1000.. (would replace them) and breaks only at its very last row, after
    // two full chunks were appended inside the transaction.
    const bad = minuteBars(5000, bars.tsUs[1000], 500);
    bad.close[4999] = NaN;
    const error = await rejection(ts.ingestBars(AAPL_1M, bad));
    expect(error.code).toBe(ErrorCode.InvalidValue);
    expect(error.message).toBe('close[4999] = NaN is not a finite number');

    const after = await ts.readBars(AAPL_1M);
    expectBitExact(after.tsUs, before.tsUs);
    expectBitExact(after.close, before.close);
    expect((await ts.listSeries())[0]!.rows).toBe(3000);

    // A new series whose batch fails leaves no trace either.
    const unsorted = minuteBars(10);
    unsorted.tsUs[9] = unsorted.tsUs[0];
    expect((await rejection(ts.ingestBars({ instrumentId: 'MSFT.XNAS', barType: '1m' }, unsorted))).code).toBe(ErrorCode.InvalidValue);
    expect((await ts.listSeries()).map((series) => series.instrumentId)).toEqual(['AAPL.XNAS']);
    const [counts] = await ts.query('SELECT count(*) AS series FROM bar_series');
    expect(counts).toEqual({ series: 1n });
  });

  it('gives DuckDB its threads back after a large batch, also one refused at its last row', async () => {
    store = await TimeSeriesStore.open(join(dir, 'data', 'timeseries.duckdb'), { threads: 3 });
    const threads = async () => (await store!.query(`SELECT current_setting('threads') AS threads`))[0]!.threads;
    // Big enough to append on the calling thread alone (see TimeSeriesStore.onCallingThread).
    const bad = minuteBars(120_000);
    bad.volume[119_999] = -1;
    expect((await rejection(store.ingestBars(AAPL_1M, bad))).message).toBe('volume[119999] = -1 is negative');
    expect(await threads()).toBe(3n);
    expect((await store.ingestBars(AAPL_1M, minuteBars(120_000))).rows).toBe(120_000);
    expect(await threads()).toBe(3n);
    expect((await store.listSeries())[0]!.rows).toBe(120_000);
  });

  it('persists across close and reopen', async () => {
    const ts = await openStore();
    const bars = minuteBars(2500);
    await ts.ingestBars(AAPL_1M, bars);
    await ts.ingestBars({ instrumentId: 'ESZ24.XCME', barType: '5m' }, minuteBars(7));
    await ts.close();

    const reopened = await openStore();
    expect(reopened.schemaVersion).toBe(TIME_SERIES_MIGRATIONS.length);
    expect((await reopened.listSeries()).map(({ instrumentId, barType, rows }) => ({ instrumentId, barType, rows }))).toEqual([
      { instrumentId: 'AAPL.XNAS', barType: '1m', rows: 2500 },
      { instrumentId: 'ESZ24.XCME', barType: '5m', rows: 7 },
    ]);
    expectBitExact((await reopened.readBars(AAPL_1M)).close, bars.close);
  });

  it('reads each series correctly when live appends interleave series, before and after compact()', async () => {
    const ts = await openStore();
    const aapl = minuteBars(150, START_US, 100);
    const es = minuteBars(150, START_US, 4000);
    for (let start = 0; start < 150; start += 3) {
      await ts.ingestBars(AAPL_1M, slice(aapl, start, start + 3));
      await ts.ingestBars({ instrumentId: 'ESZ24.XCME', barType: '1m' }, slice(es, start, start + 3));
    }
    const check = async () => {
      expectBitExact((await ts.readBars(AAPL_1M)).close, aapl.close);
      expectBitExact((await ts.readBars({ instrumentId: 'ESZ24.XCME', barType: '1m' })).close, es.close);
    };
    await check();
    await ts.compact();
    await check();
  });

  it('still reads in time order when rows were written out of order behind its back, and reports a broken key', async () => {
    const ts = await openStore();
    await ts.ingestBars(AAPL_1M, minuteBars(3, START_US + 10n * MINUTE_US));
    // Another engine appends older bars straight into bar_data through query(), bypassing ingest.
    await ts.query(
      `INSERT INTO bar_data SELECT s.series_id, make_timestamp($1::BIGINT + i * 60000000), 1, 2, 0.5, 1.5, 10, NULL, NULL
       FROM bar_series s, range(3) r(i) WHERE s.instrument_id = 'AAPL.XNAS'`,
      [START_US],
    );
    const read = await ts.readBars(AAPL_1M);
    expect(Array.from(read.tsUs, (tsUs) => Number((tsUs - START_US) / MINUTE_US))).toEqual([0, 1, 2, 10, 11, 12]);

    await ts.query(`INSERT INTO bar_data SELECT series_id, make_timestamp($1::BIGINT), 1, 2, 0.5, 1.5, 10, NULL, NULL FROM bar_series`, [START_US]);
    const error = await rejection(ts.readBars(AAPL_1M));
    expect(error.code).toBe(ErrorCode.Internal);
    expect(error.message).toContain('key is broken');
  });

  it('deletes a series and reports how many bars went', async () => {
    const ts = await openStore();
    await ts.ingestBars(AAPL_1M, minuteBars(42));
    expect(await ts.deleteSeries(AAPL_1M)).toBe(42);
    expect(await ts.deleteSeries(AAPL_1M)).toBe(0);
    expect(await ts.listSeries()).toEqual([]);
    expect((await rejection(ts.readBars(AAPL_1M))).code).toBe(ErrorCode.NotFound);
  });

  it('runs parameterised queries for other engines, including over the bars view', async () => {
    const ts = await openStore();
    await ts.ingestBars(AAPL_1M, minuteBars(10));
    const rows = await ts.query('SELECT count(*) AS n, max(close) AS top FROM bars WHERE instrument_id = $1 AND bar_type = $2 AND volume >= $3', [
      'AAPL.XNAS',
      '1m',
      105,
    ]);
    expect(rows).toEqual([{ n: 5n, top: minuteBars(10).close.slice(5).reduce((a, b) => Math.max(a, b)) }]);
    // A value that looks like SQL stays a value.
    expect(await ts.query('SELECT count(*) AS n FROM bars WHERE instrument_id = ?', ["x' OR '1'='1"])).toEqual([{ n: 0n }]);
    expect((await rejection(ts.query('SELECT * FROM no_such_table'))).code).toBe(ErrorCode.StorageError);
    expect((await rejection(ts.query('SELECT ?', [NaN]))).message).toContain('params[0]');
  });

  it('serialises concurrent calls so a read never sees half a batch', async () => {
    const ts = await openStore();
    const bars = minuteBars(4000);
    const writes = [ts.ingestBars(AAPL_1M, slice(bars, 0, 2000)), ts.ingestBars(AAPL_1M, slice(bars, 2000, 4000))];
    const reads = [ts.readBars(AAPL_1M).catch(() => undefined), ts.readBars(AAPL_1M)];
    await Promise.all(writes);
    const lengths = (await Promise.all(reads)).map((read) => read?.tsUs.length);
    expect(lengths[1]).toBe(4000);
    expect([undefined, 2000, 4000]).toContain(lengths[0]);
  });

  it('says LOCKED when another process holds the file', async () => {
    const file = join(dir, 'held.duckdb');
    const child = spawn(process.execPath, ['--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'hold-open-child.ts'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (data: Buffer) => data.toString().includes('open') && resolve());
        child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
      });
      const error = await rejection(TimeSeriesStore.open(file));
      expect(error.code).toBe(ErrorCode.Locked);
      expect(error.message).toBe(`time-series file ${file} is in use by another process`);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses calls after close', async () => {
    const ts = await openStore();
    await ts.close();
    expect((await rejection(ts.listSeries())).message).toContain('is closed');
  });

  it('refuses invalid options naming the field', async () => {
    const error = await rejection(TimeSeriesStore.open(join(dir, 'x.duckdb'), { threads: 0 }));
    expect(error.code).toBe(ErrorCode.InvalidConfig);
    expect(error.message).toContain('threads');
  });
});
