import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempStores, type TempStores } from '../test-fixtures/temp-stores.js';
import { resampleBars, resampleQuery } from './resample.js';

let stores: TempStores;
let seriesCounter = 0;

beforeAll(async () => {
  stores = await openTempStores('resample');
});
afterAll(async () => stores.close());

const MINUTE_US = 60_000_000n;

interface MinuteBar {
  tsUs: bigint;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

async function storeBars(bars: MinuteBar[], barType = '1m'): Promise<string> {
  const instrumentId = `R${++seriesCounter}.SIM`;
  await stores.timeSeries.ingestBars(
    { instrumentId, barType },
    {
      tsUs: BigInt64Array.from(bars, (bar) => bar.tsUs),
      open: Float64Array.from(bars, (bar) => bar.open),
      high: Float64Array.from(bars, (bar) => bar.high),
      low: Float64Array.from(bars, (bar) => bar.low),
      close: Float64Array.from(bars, (bar) => bar.close),
      volume: Float64Array.from(bars, (bar) => bar.volume),
    },
  );
  return instrumentId;
}

/** The reference: OHLCV aggregation in plain JavaScript over fixed-length buckets. */
function aggregate(bars: MinuteBar[], bucketUs: bigint): MinuteBar[] {
  const buckets = new Map<bigint, MinuteBar>();
  for (const bar of bars) {
    const start = bar.tsUs - (((bar.tsUs % bucketUs) + bucketUs) % bucketUs);
    const bucket = buckets.get(start);
    if (bucket === undefined) buckets.set(start, { ...bar, tsUs: start });
    else {
      bucket.high = Math.max(bucket.high, bar.high);
      bucket.low = Math.min(bucket.low, bar.low);
      bucket.close = bar.close;
      bucket.volume += bar.volume;
    }
  }
  return [...buckets.values()];
}

const minuteBarsArbitrary = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 90 }), price: fc.integer({ min: 100, max: 100_000 }), range: fc.integer({ min: 0, max: 500 }), volume: fc.integer({ min: 0, max: 10_000 }) }), { minLength: 1, maxLength: 300 })
  .map((steps) => {
    let tsUs = BigInt(Date.UTC(2024, 2, 8, 13)) * 1000n;
    return steps.map(({ gap, price, range, volume }) => {
      tsUs += BigInt(gap) * MINUTE_US;
      const low = price / 100;
      return { tsUs, open: low + range / 300, high: low + range / 100, low, close: low + range / 200, volume };
    });
  });

function rows(columns: { tsUs: BigInt64Array; open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array; volume: Float64Array }): MinuteBar[] {
  return Array.from(columns.tsUs, (tsUs, index) => ({
    tsUs,
    open: columns.open[index]!,
    high: columns.high[index]!,
    low: columns.low[index]!,
    close: columns.close[index]!,
    volume: columns.volume[index]!,
  }));
}

describe('resampleBars', () => {
  it('aggregates 1m bars into 5m, 15m and 1h exactly as a reference does', async () => {
    await fc.assert(
      fc.asyncProperty(minuteBarsArbitrary, fc.constantFrom(['5m', 5n], ['15m', 15n], ['1h', 60n]), async (bars, [target, minutes]) => {
        const instrumentId = await storeBars(bars);
        const resampled = await resampleBars(stores.timeSeries, { instrumentId, source: '1m', target: target as string });
        expect(rows(resampled)).toEqual(aggregate(bars, (minutes as bigint) * MINUTE_US));
      }),
      { numRuns: 25 },
    );
  });

  it('puts clock buckets where time_bucket does, before 1970 and with an offset day start, for steps that do not divide a day', async () => {
    const bars: MinuteBar[] = Array.from({ length: 600 }, (_, index) => {
      const low = 50 + (index % 13);
      return { tsUs: BigInt(Date.UTC(1969, 11, 31, 22)) * 1000n + BigInt(index) * MINUTE_US, open: low + 0.5, high: low + 1, low, close: low + 0.25, volume: index };
    });
    const instrumentId = await storeBars(bars);
    for (const [target, dayStartsAt] of [['7m', '00:00'], ['7m', '00:15'], ['1h', '09:30']] as const) {
      const resampled = await resampleBars(stores.timeSeries, { instrumentId, source: '1m', target, session: { dayStartsAt } });
      const reference = await stores.timeSeries.query(
        `SELECT epoch_us(time_bucket(INTERVAL '${target === '7m' ? '7 minutes' : '1 hour'}', ts, TIMESTAMP '2000-01-03 ${dayStartsAt}:00')) AS ts_us, sum(volume) AS volume
         FROM bars WHERE instrument_id = $1 GROUP BY 1 ORDER BY 1`,
        [instrumentId],
      );
      expect(Array.from(resampled.tsUs), `${target} from ${dayStartsAt}`).toEqual(reference.map((row) => row.ts_us));
      expect(Array.from(resampled.volume)).toEqual(reference.map((row) => row.volume));
    }
  });

  it('builds New York trading days across a DST change, stamped 00:00 UTC of the trading date', async () => {
    // Friday 2024-03-08 (EST, UTC-5) and Monday 2024-03-11 (EDT, UTC-4): 09:30 to 15:59 local.
    const session = (date: string, offsetHours: number) =>
      Array.from({ length: 390 }, (_, minute) => {
        const tsUs = (BigInt(Date.parse(`${date}T09:30:00Z`)) + BigInt(offsetHours * 3_600_000 + minute * 60_000)) * 1000n;
        return { tsUs, open: 100 + minute, high: 101 + minute, low: 99 + minute, close: 100.5 + minute, volume: 10 };
      });
    const instrumentId = await storeBars([...session('2024-03-08', 5), ...session('2024-03-11', 4)]);
    const daily = await resampleBars(stores.timeSeries, { instrumentId, source: '1m', target: '1d', session: { timeZone: 'America/New_York' } });
    expect(rows(daily)).toEqual([
      { tsUs: BigInt(Date.UTC(2024, 2, 8)) * 1000n, open: 100, high: 490, low: 99, close: 489.5, volume: 3900 },
      { tsUs: BigInt(Date.UTC(2024, 2, 11)) * 1000n, open: 100, high: 490, low: 99, close: 489.5, volume: 3900 },
    ]);
    // In UTC the same bars are still one day each (the session ends before midnight UTC).
    expect((await resampleBars(stores.timeSeries, { instrumentId, source: '1m', target: '1d' })).tsUs).toHaveLength(2);
    // Hourly bars aligned to the 09:30 open: 7 a day (the last one 15:30-16:00), in UTC times.
    const hourly = await resampleBars(stores.timeSeries, { instrumentId, source: '1m', target: '1h', session: { timeZone: 'America/New_York', dayStartsAt: '09:30' } });
    expect(hourly.tsUs).toHaveLength(14);
    expect(new Date(Number(hourly.tsUs[0]! / 1000n)).toISOString()).toBe('2024-03-08T14:30:00.000Z');
    expect(new Date(Number(hourly.tsUs[7]! / 1000n)).toISOString()).toBe('2024-03-11T13:30:00.000Z');
    expect(hourly.open[0]).toBe(100);
    expect(hourly.close[0]).toBe(159.5);
  });

  it('counts an evening session toward the next trading day with dayStartsAt', async () => {
    // Sunday 18:00 to Monday 16:59 New York is Monday's futures session.
    const sundayEvening = BigInt(Date.parse('2024-06-09T22:00:00Z')) * 1000n;
    const bars = Array.from({ length: 23 * 60 }, (_, minute) => ({ tsUs: sundayEvening + BigInt(minute) * MINUTE_US, open: 1, high: 2, low: 0.5, close: 1.5, volume: 1 }));
    const instrumentId = await storeBars(bars);
    const daily = await resampleBars(stores.timeSeries, { instrumentId, source: '1m', target: '1d', session: { timeZone: 'America/New_York', dayStartsAt: '18:00' } });
    expect(rows(daily)).toEqual([{ tsUs: BigInt(Date.UTC(2024, 5, 10)) * 1000n, open: 1, high: 2, low: 0.5, close: 1.5, volume: 1380 }]);
  });

  it('builds ISO weeks (from Monday) and months from daily bars', async () => {
    const days = ['2024-01-29', '2024-01-30', '2024-01-31', '2024-02-01', '2024-02-02', '2024-02-05'];
    const bars = days.map((day, index) => ({ tsUs: BigInt(Date.parse(`${day}T00:00:00Z`)) * 1000n, open: 10 + index, high: 20 + index, low: 5 + index, close: 11 + index, volume: 100 }));
    const instrumentId = await storeBars(bars, '1d');
    const weekly = await resampleBars(stores.timeSeries, { instrumentId, source: '1d', target: '1w' });
    expect(rows(weekly)).toEqual([
      { tsUs: BigInt(Date.UTC(2024, 0, 29)) * 1000n, open: 10, high: 24, low: 5, close: 15, volume: 500 },
      { tsUs: BigInt(Date.UTC(2024, 1, 5)) * 1000n, open: 15, high: 25, low: 10, close: 16, volume: 100 },
    ]);
    const monthly = await resampleBars(stores.timeSeries, { instrumentId, source: '1d', target: '1M' });
    expect(rows(monthly).map((bar) => [new Date(Number(bar.tsUs / 1000n)).toISOString().slice(0, 10), bar.open, bar.close])).toEqual([
      ['2024-01-01', 10, 13],
      ['2024-02-01', 13, 16],
    ]);
  });

  it('refuses targets that cannot be built and bad sessions, naming the problem', () => {
    expect(() => resampleQuery({ instrumentId: 'X.SIM', source: '5m', target: '7m' })).toThrow(/cannot build 7m bars from 5m bars/);
    expect(() => resampleQuery({ instrumentId: 'X.SIM', source: '1h', target: '1m' })).toThrow(/cannot build 1m bars from 1h/);
    expect(() => resampleQuery({ instrumentId: 'X.SIM', source: '1m', target: '1d', session: { dayStartsAt: '25:00' } })).toThrow(/dayStartsAt "25:00"/);
    expect(() => resampleQuery({ instrumentId: 'X.SIM', source: '1m', target: '1d', session: { timeZone: 'Nowhere/City' } })).toThrow(/not a known IANA zone/);
  });
});
