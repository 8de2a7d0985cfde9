import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, NwsError } from '@nws/core';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TimeSeriesStore } from './time-series-store.js';
import type { QuoteTickColumns, TradeTickColumns } from './tick-data.js';

let dir: string;
let file: string;
let store: TimeSeriesStore;
const ES_QUOTES = { instrumentId: 'ES.XCME', kind: 'quotes' } as const;
const ES_TRADES = { instrumentId: 'ES.XCME', kind: 'trades' } as const;
const START_US = 1_704_205_800_000_000n; // 2024-01-02 14:30 UTC

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nws-ticks-'));
  file = join(dir, 'timeseries.duckdb');
  store = await TimeSeriesStore.open(file, { threads: 2 });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `count` quotes from `first`, three per millisecond (so times repeat), bid/ask a tick apart. */
function quotes(first: number, count: number, priceOffset = 0): QuoteTickColumns {
  const index = (i: number) => first + i;
  return {
    kind: 'quotes',
    tsUs: BigInt64Array.from({ length: count }, (_, i) => START_US + BigInt(Math.floor(index(i) / 3)) * 1000n),
    bid: Float64Array.from({ length: count }, (_, i) => 4_700 + ((index(i) * 7) % 13) * 0.25 + priceOffset),
    ask: Float64Array.from({ length: count }, (_, i) => 4_700.25 + ((index(i) * 7) % 13) * 0.25 + priceOffset),
    bidSize: Float64Array.from({ length: count }, (_, i) => (index(i) * 31) % 50),
    askSize: Float64Array.from({ length: count }, (_, i) => (index(i) * 17) % 40 + 1),
  };
}

function trades(times: readonly number[], prices: readonly number[], sizes: readonly number[]): TradeTickColumns {
  return { kind: 'trades', tsUs: BigInt64Array.from(times, (ms) => START_US + BigInt(ms) * 1000n), price: Float64Array.from(prices), size: Float64Array.from(sizes) };
}

async function caught(promise: Promise<unknown>): Promise<NwsError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof NwsError) return error;
  throw new Error(`expected an NwsError, got ${String(error)}`);
}

describe('tick storage', () => {
  it('round-trips 10,000 quotes (times shared by three ticks) in arrival order, across reopen', async () => {
    const written = quotes(0, 10_000);
    expect(await store.ingestTicks(ES_QUOTES, written)).toEqual({ ...ES_QUOTES, rows: 10_000, replaced: 0 });
    await store.close();
    store = await TimeSeriesStore.open(file, { threads: 2 });
    const read = await store.readTicks(ES_QUOTES);
    expect(read).toEqual(written);
    expect(await store.listTickSeries()).toEqual([{ ...ES_QUOTES, rows: 10_000, firstUs: START_US, lastUs: START_US + 3333n * 1000n }]);
  });

  it('keeps trades of one instant in the order they were written, and quotes apart from trades', async () => {
    // Three trades in one microsecond, prices not sorted: only arrival order tells them apart.
    const written = trades([0, 0, 0, 5], [101.5, 100.25, 100.75, 99], [3, 1, 2, 10]);
    await store.ingestTicks(ES_TRADES, written);
    await store.ingestTicks(ES_QUOTES, quotes(0, 6));
    const read = (await store.readTicks(ES_TRADES)) as TradeTickColumns;
    expect(Array.from(read.price)).toEqual([101.5, 100.25, 100.75, 99]);
    expect(Array.from(read.size)).toEqual([3, 1, 2, 10]);
    expect((await store.listTickSeries()).map((series) => [series.kind, series.rows])).toEqual([
      ['quotes', 6],
      ['trades', 4],
    ]);
  });

  it('appends later batches and reads a half-open range [fromUs, toUs)', async () => {
    await store.ingestTicks(ES_TRADES, trades([0, 1, 2], [100, 101, 102], [1, 1, 1]));
    await store.ingestTicks(ES_TRADES, trades([2_000, 2_000, 3_000], [103, 104, 105], [2, 2, 2]));
    const all = (await store.readTicks(ES_TRADES)) as TradeTickColumns;
    expect(Array.from(all.price)).toEqual([100, 101, 102, 103, 104, 105]);
    const part = (await store.readTicks({ ...ES_TRADES, fromUs: START_US + 1_000n, toUs: START_US + 3_000_000n })) as TradeTickColumns;
    expect(Array.from(part.price)).toEqual([101, 102, 103, 104]);
  });

  it('replaces the stored ticks inside a new batch span, keeping arrival order around it', async () => {
    await store.ingestTicks(ES_TRADES, trades([0, 1, 2, 3, 4], [100, 101, 102, 103, 104], [1, 1, 1, 1, 1]));
    const result = await store.ingestTicks(ES_TRADES, trades([1, 1, 3], [201, 202, 203], [5, 5, 5]));
    expect(result.replaced).toBe(3);
    const read = (await store.readTicks(ES_TRADES)) as TradeTickColumns;
    expect(Array.from(read.price)).toEqual([100, 201, 202, 203, 104]);
    expect((await store.listTickSeries())[0]!.rows).toBe(5);
    // The table itself stays in time order, so reads need no sort.
    expect((await store.query('SELECT price FROM trade_tick_data')).map((row) => row['price'])).toEqual([100, 201, 202, 203, 104]);
  });

  it('reads, after any sequence of appends and overlapping batches, what a list model of replace gives', async () => {
    let next = 0;
    const batch = fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 12 }).map((times) => [...times].sort((a, b) => a - b));
    await fc.assert(
      fc.asyncProperty(fc.array(batch, { minLength: 1, maxLength: 6 }), async (batches) => {
        const instrumentId = `P${++next}.XCME`;
        let model: Array<[number, number]> = [];
        for (const times of batches) {
          const prices = times.map(() => ++next);
          await store.ingestTicks({ instrumentId, kind: 'trades' }, trades(times, prices, times.map(() => 1)));
          const first = times[0]!;
          const last = times[times.length - 1]!;
          const fresh = times.map((ms, index): [number, number] => [ms, prices[index]!]);
          model = [...model.filter(([ms]) => ms < first), ...fresh, ...model.filter(([ms]) => ms > last)];
          const read = (await store.readTicks({ instrumentId, kind: 'trades' })) as TradeTickColumns;
          expect(Array.from(read.price)).toEqual(model.map(([, price]) => price));
          expect(Array.from(read.tsUs)).toEqual(model.map(([ms]) => START_US + BigInt(ms) * 1000n));
        }
        expect((await store.listTickSeries()).find((series) => series.instrumentId === instrumentId)?.rows).toBe(model.length);
      }),
      { numRuns: 25 },
    );
  });

  it('still reads in (time, arrival) order when the table is not in that order', async () => {
    await store.ingestTicks(ES_TRADES, trades([0, 1, 2], [100, 101, 102], [1, 1, 1]));
    // A row written behind the others out of order (not something ingest does): the read sorts.
    await store.query("INSERT INTO trade_tick_data SELECT series_id, ts - INTERVAL 500 MICROSECONDS, 50, 100.5, 7 FROM trade_tick_data WHERE price = 102");
    await store.query("INSERT INTO trade_tick_data SELECT series_id, ts, 40, 101.5, 7 FROM trade_tick_data WHERE price = 101");
    const read = (await store.readTicks(ES_TRADES)) as TradeTickColumns;
    expect(Array.from(read.price)).toEqual([100, 101, 101.5, 100.5, 102]);
  });

  it("refuses an overlapping batch with CONFLICT under 'reject' and writes nothing", async () => {
    await store.ingestTicks(ES_TRADES, trades([0, 1, 2], [100, 101, 102], [1, 1, 1]));
    const error = await caught(store.ingestTicks(ES_TRADES, trades([2, 3], [300, 301], [1, 1]), { onOverlap: 'reject' }));
    expect(error.code).toBe(ErrorCode.Conflict);
    expect(error.message).toContain('already has 1 ticks');
    expect(Array.from(((await store.readTicks(ES_TRADES)) as TradeTickColumns).price)).toEqual([100, 101, 102]);
    // Nothing of the refused write is left behind: the next overlapping write works.
    expect(await store.ingestTicks(ES_TRADES, trades([2, 3], [400, 401], [1, 1]))).toMatchObject({ rows: 2, replaced: 1 });
    expect(Array.from(((await store.readTicks(ES_TRADES)) as TradeTickColumns).price)).toEqual([100, 101, 400, 401]);
  });

  it('refuses bad ticks naming the column and row, and changes nothing', async () => {
    await store.ingestTicks(ES_QUOTES, quotes(0, 3));
    const crossed = quotes(3, 5);
    crossed.bid[3] = crossed.ask[3]! + 0.25;
    const nanPrice = quotes(3, 5);
    nanPrice.ask[4] = Number.NaN;
    const backwards = quotes(3, 5);
    backwards.tsUs[2] = START_US - 1n;
    const negativeSize = quotes(3, 5);
    negativeSize.askSize[1] = -1;
    const cases: Array<[QuoteTickColumns, string]> = [
      [crossed, `bid[3] = ${crossed.bid[3]} is above ask ${crossed.ask[3]} (a crossed quote)`],
      [nanPrice, 'ask[4] = NaN is not a finite number'],
      [backwards, `tsUs[2] = ${START_US - 1n} is before tsUs[1]`],
      [negativeSize, 'askSize[1] = -1 is negative'],
    ];
    for (const [columns, message] of cases) {
      const error = await caught(store.ingestTicks(ES_QUOTES, columns));
      expect(error.code).toBe(ErrorCode.InvalidValue);
      expect(error.message).toContain(message);
    }
    const zeroSize = await caught(store.ingestTicks(ES_TRADES, trades([0, 1], [100, 100], [1, 0])));
    expect(zeroSize.message).toContain('size[1] = 0 must be positive');
    const nanos = await caught(store.ingestTicks(ES_TRADES, { kind: 'trades', tsUs: BigInt64Array.of(1_704_205_800_000_000_000n), price: Float64Array.of(1), size: Float64Array.of(1) }));
    expect(nanos.message).toContain('epoch MICROseconds');
    const mismatch = await caught(store.ingestTicks(ES_TRADES, quotes(0, 2)));
    expect(mismatch.message).toContain('columns hold quotes but the series is ES.XCME trades');
    const shortColumn = await caught(store.ingestTicks(ES_TRADES, { kind: 'trades', tsUs: BigInt64Array.of(START_US), price: Float64Array.of(1, 2), size: Float64Array.of(1) }));
    expect(shortColumn.message).toContain('price has 2 values but tsUs has 1');
    const badKind = await caught(store.ingestTicks({ instrumentId: 'ES.XCME', kind: 'bars' as 'quotes' }, quotes(0, 1)));
    expect(badKind.message).toContain("tick kind must be 'quotes' or 'trades'");
    expect(await store.listTickSeries()).toEqual([{ ...ES_QUOTES, rows: 3, firstUs: START_US, lastUs: START_US }]);
    expect(await store.readTicks(ES_QUOTES)).toEqual(quotes(0, 3));
  });

  it('rolls back a long batch whose bad value comes after slices were appended, restoring what it would replace', async () => {
    await store.ingestTicks(ES_QUOTES, quotes(0, 30_000));
    const before = await store.readTicks(ES_QUOTES);
    // Overlaps the stored span (so stored quotes are deleted first) and fails in its last slices.
    const batch = quotes(29_000, 20_000, 1);
    batch.ask[19_500] = Number.POSITIVE_INFINITY;
    const error = await caught(store.ingestTicks(ES_QUOTES, batch));
    expect(error.message).toBe('ask[19500] = Infinity is not a finite number');
    expect(await store.readTicks(ES_QUOTES)).toEqual(before);
    expect(await store.listTickSeries()).toEqual([{ ...ES_QUOTES, rows: 30_000, firstUs: START_US, lastUs: START_US + 9_999n * 1000n }]);
    batch.ask[19_500] = batch.bid[19_500]! + 0.25;
    expect(await store.ingestTicks(ES_QUOTES, batch)).toMatchObject({ rows: 20_000, replaced: 1_002 });
  });

  it('answers NOT_FOUND for a series never stored, and deletes a series with its ticks', async () => {
    expect((await caught(store.readTicks(ES_TRADES))).code).toBe(ErrorCode.NotFound);
    await store.ingestTicks(ES_TRADES, trades([0, 1], [100, 101], [1, 1]));
    await store.ingestTicks(ES_QUOTES, quotes(0, 4));
    expect(await store.deleteTickSeries(ES_TRADES)).toBe(2);
    expect(await store.deleteTickSeries(ES_TRADES)).toBe(0);
    expect((await caught(store.readTicks(ES_TRADES))).code).toBe(ErrorCode.NotFound);
    expect((await store.readTicks(ES_QUOTES)).tsUs.length).toBe(4);
    const counted = await store.query('SELECT count(*)::INTEGER AS n FROM trade_ticks');
    expect(counted).toEqual([{ n: 0 }]);
  });
});
