import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, NwsError } from '@nws/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TimeSeriesStore } from './time-series-store.js';
import type { BarColumns } from './bar-columns.js';

const MINUTE_US = 60_000_000n;
const START_US = 1_704_205_800_000_000n; // 2024-01-02 14:30 UTC
const ES_1M = { instrumentId: 'ESZ24.XCME', barType: '1m' } as const;
/** Volume carries the bar's minute (which may be negative) shifted to stay a valid volume. */
const VOLUME_BASE = 1000;

let dir: string;
let store: TimeSeriesStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nws-ingest-stream-'));
  store = await TimeSeriesStore.open(join(dir, 'timeseries.duckdb'));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `count` one-minute bars from minute `firstMinute` after START_US; close = 100 + minute / 100, volume = minute + VOLUME_BASE. */
function minuteBars(firstMinute: number, count: number): BarColumns {
  const columns: BarColumns = {
    tsUs: new BigInt64Array(count),
    open: new Float64Array(count),
    high: new Float64Array(count),
    low: new Float64Array(count),
    close: new Float64Array(count),
    volume: new Float64Array(count),
  };
  for (let i = 0; i < count; i++) {
    const minute = firstMinute + i;
    const price = 100 + minute / 100;
    columns.tsUs[i] = START_US + BigInt(minute) * MINUTE_US;
    columns.open[i] = price;
    columns.high[i] = price + 0.5;
    columns.low[i] = price - 0.5;
    columns.close[i] = price;
    columns.volume[i] = minute + VOLUME_BASE;
  }
  return columns;
}

/** Five blocks of 3000 bars (bigger than one 2048-row append slice), minute 0 to 14,999. */
function fiveBlocks(): BarColumns[] {
  return Array.from({ length: 5 }, (_, block) => minuteBars(block * 3000, 3000));
}

/** Yields the blocks one at a time with a macrotask between, like blocks arriving from a parser thread. */
async function* arriving(blocks: BarColumns[], failAt?: { block: number; error: Error }): AsyncGenerator<BarColumns> {
  for (const [index, block] of blocks.entries()) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (failAt?.block === index) throw failAt.error;
    yield block;
  }
}

async function storedMinutes(): Promise<number[]> {
  const bars = await store.readBars(ES_1M);
  return Array.from(bars.volume, (volume) => volume - VOLUME_BASE);
}

describe('TimeSeriesStore.ingestBarStream', () => {
  it('writes every block of the stream in one transaction', async () => {
    const result = await store.ingestBarStream(ES_1M, arriving(fiveBlocks()));
    expect(result).toEqual({ instrumentId: 'ESZ24.XCME', barType: '1m', rows: 15_000, replaced: 0 });
    const minutes = await storedMinutes();
    expect(minutes).toHaveLength(15_000);
    expect(minutes[0]).toBe(0);
    expect(minutes[14_999]).toBe(14_999);
    expect(minutes.every((minute, index) => minute === index)).toBe(true);
    expect(await store.listSeries()).toEqual([{ instrumentId: 'ESZ24.XCME', barType: '1m', rows: 15_000, firstUs: START_US, lastUs: START_US + 14_999n * MINUTE_US }]);
  });

  it('leaves the store exactly as before when the source fails at block 3 of 5', async () => {
    await store.ingestBars(ES_1M, minuteBars(-100, 50));
    const before = await store.listSeries();
    const failure = new NwsError(ErrorCode.InvalidValue, 'quality checks failed after block 2');
    await expect(store.ingestBarStream(ES_1M, arriving(fiveBlocks(), { block: 2, error: failure }))).rejects.toBe(failure);
    expect(await store.listSeries()).toEqual(before);
    expect(await storedMinutes()).toEqual(Array.from({ length: 50 }, (_, i) => i - 100));
  });

  it('writes nothing, not even the series, when block 3 of 5 has a bad value', async () => {
    const blocks = fiveBlocks();
    blocks[2]!.close[1234] = Number.NaN;
    await expect(store.ingestBarStream(ES_1M, arriving(blocks))).rejects.toMatchObject({ code: ErrorCode.InvalidValue, message: 'close[1234] = NaN is not a finite number' });
    expect(await store.listSeries()).toEqual([]);
    await expect(store.readBars(ES_1M)).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('refuses a block that does not continue after the one before, naming the row in the stream', async () => {
    const blocks = [minuteBars(0, 3000), minuteBars(2999, 10)];
    await expect(store.ingestBarStream(ES_1M, blocks)).rejects.toMatchObject({
      code: ErrorCode.InvalidValue,
      message: expect.stringMatching(/^tsUs\[3000\] = \d+ \(first bar of a block\) repeats tsUs\[2999\]/),
    });
    expect(await store.listSeries()).toEqual([]);
  });

  it('keeps readers out until the stream commits: a read during the stream sees all of it', async () => {
    await store.ingestBars(ES_1M, minuteBars(-10, 10));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* heldOpen(): AsyncGenerator<BarColumns> {
      yield minuteBars(0, 3000);
      await gate;
      yield minuteBars(3000, 3000);
    }
    const writing = store.ingestBarStream(ES_1M, heldOpen());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reading = store.readBars(ES_1M).then((bars) => bars.volume.length);
    const listing = store.listSeries().then((series) => series[0]!.rows);
    release();
    expect((await writing).rows).toBe(6000);
    expect(await reading).toBe(6010);
    expect(await listing).toBe(6010);
  });

  it('a reader queued during a stream that rolls back sees the store as before', async () => {
    await store.ingestBars(ES_1M, minuteBars(-10, 10));
    let fail!: (error: Error) => void;
    const gate = new Promise<void>((_, reject) => (fail = reject));
    async function* failing(): AsyncGenerator<BarColumns> {
      yield minuteBars(0, 3000);
      await gate;
    }
    const writing = store.ingestBarStream(ES_1M, failing());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reading = storedMinutes();
    fail(new Error('parser died'));
    await expect(writing).rejects.toMatchObject({ code: ErrorCode.StorageError, message: expect.stringContaining('parser died') });
    expect(await reading).toEqual(Array.from({ length: 10 }, (_, i) => i - 10));
  });

  it('replaces stored bars inside the span of the whole stream and keeps those after it, in time order', async () => {
    await store.ingestBars(ES_1M, minuteBars(0, 20_000));
    const replacement = [minuteBars(5000, 3000), minuteBars(8000, 3000)];
    replacement.forEach((block) => block.close.fill(1));
    const result = await store.ingestBarStream(ES_1M, arriving(replacement));
    expect(result).toMatchObject({ rows: 6000, replaced: 6000 });
    const bars = await store.readBars(ES_1M);
    expect((await storedMinutes()).every((minute, index) => minute === index)).toBe(true);
    expect(bars.close[4999]).toBe(100 + 4999 / 100);
    expect(bars.close[5000]).toBe(1);
    expect(bars.close[10_999]).toBe(1);
    expect(bars.close[11_000]).toBe(100 + 11_000 / 100);
    expect((await store.listSeries())[0]!.rows).toBe(20_000);
    const [counts] = await store.query('SELECT count(*) AS total, count(DISTINCT (series_id, ts)) AS distinct_keys FROM bar_data');
    expect(counts).toEqual({ total: 20_000n, distinct_keys: 20_000n });
  });

  it("refuses with CONFLICT under 'reject' when a stored bar falls inside the stream's span, writing nothing", async () => {
    await store.ingestBars(ES_1M, minuteBars(7000, 1));
    await expect(store.ingestBarStream(ES_1M, arriving(fiveBlocks()), { onOverlap: 'reject' })).rejects.toMatchObject({
      code: ErrorCode.Conflict,
      message: expect.stringContaining('already has 1 bars'),
    });
    expect(await storedMinutes()).toEqual([7000]);
  });

  it('appends on one DuckDB thread and gives the store its threads back after a commit and after a rollback', async () => {
    const threaded = await TimeSeriesStore.open(join(dir, 'threaded.duckdb'), { threads: 3 });
    const threads = async () => Number((await threaded.query(`SELECT current_setting('threads') AS threads`))[0]!.threads);
    // Inside the stream the store is held, so its own connection is asked directly (before the first block, no appender is open yet).
    const connection = threaded['connection'];
    const seen: number[] = [];
    async function* observed(blocks: BarColumns[], failure?: Error): AsyncGenerator<BarColumns> {
      seen.push(Number((await connection.runAndReadAll(`SELECT current_setting('threads')`)).getRows()[0]![0]));
      yield* blocks;
      if (failure) throw failure;
    }
    try {
      expect(await threads()).toBe(3);
      expect((await threaded.ingestBarStream(ES_1M, observed([minuteBars(0, 3000)]))).rows).toBe(3000);
      expect(await threads()).toBe(3);
      await expect(threaded.ingestBarStream(ES_1M, observed([minuteBars(3000, 3000)], new Error('checks failed')))).rejects.toMatchObject({ message: expect.stringContaining('checks failed') });
      expect(await threads()).toBe(3);
      expect(seen).toEqual([1, 1]);
      expect((await threaded.listSeries())[0]!.rows).toBe(3000);
    } finally {
      await threaded.close();
    }
  });

  it('an empty stream writes nothing', async () => {
    expect(await store.ingestBarStream(ES_1M, arriving([]))).toEqual({ instrumentId: 'ESZ24.XCME', barType: '1m', rows: 0, replaced: 0 });
    expect(await store.listSeries()).toEqual([]);
  });
});
