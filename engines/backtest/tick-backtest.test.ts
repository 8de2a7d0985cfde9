import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '@nws/core';
import type { InstrumentId, Price, QuoteTick, TradeTick } from '@nws/core';
import { TimeSeriesStore } from '@nws/storage';
import { Strategy } from '@nws/strategy';
import { runBacktestCommand } from './cli/backtest-command.js';
import { csvDataKind, loadTickSeriesFromStore, tickSeriesFromCsv } from './data/tick-series.js';
import type { QuoteTickSeries, TickSeries, TradeTickSeries } from './data/tick-series.js';
import { runBacktest } from './run-backtest.js';

const TICK = 'TICK.SIM' as InstrumentId;

function quotes(instrumentId: string, rows: ReadonlyArray<[ts: number, bid: number, ask: number, bidSize: number, askSize: number]>): QuoteTickSeries {
  return {
    kind: 'quotes',
    instrumentId,
    ts: Float64Array.from(rows, (row) => row[0]),
    bid: Float64Array.from(rows, (row) => row[1]),
    ask: Float64Array.from(rows, (row) => row[2]),
    bidSize: Float64Array.from(rows, (row) => row[3]),
    askSize: Float64Array.from(rows, (row) => row[4]),
  };
}

function trades(instrumentId: string, rows: ReadonlyArray<[ts: number, price: number, size: number]>): TradeTickSeries {
  return {
    kind: 'trades',
    instrumentId,
    ts: Float64Array.from(rows, (row) => row[0]),
    price: Float64Array.from(rows, (row) => row[1]),
    size: Float64Array.from(rows, (row) => row[2]),
  };
}

/** On the first quote: a market buy of 10 and a limit buy of 5 at 99.80. Records what it sees. */
class FirstQuoteBuyer extends Strategy {
  readonly seen: string[] = [];
  private sent = false;

  override onQuote(quote: QuoteTick): void {
    this.seen.push(`quote ${quote.ts} ${quote.bid}/${quote.ask}`);
    if (this.sent) return;
    this.sent = true;
    this.ctx.submit({ type: 'MARKET', instrumentId: TICK, side: 'BUY', quantity: 10 });
    this.ctx.submit({ type: 'LIMIT', instrumentId: TICK, side: 'BUY', quantity: 5, price: 99.8 as Price });
  }

  override onTrade(trade: TradeTick): void {
    this.seen.push(`trade ${trade.ts} ${trade.size}@${trade.price}`);
  }
}

describe('runBacktest over ticks', () => {
  const data: TickSeries[] = [
    quotes(TICK, [
      [1000, 99.9, 100.1, 300, 200],
      [2000, 99.8, 100.0, 400, 250],
      [5000, 99.7, 99.9, 100, 100],
      [6000, 99.6, 99.8, 100, 100],
    ]),
    trades(TICK, [
      [3000, 99.8, 100],
      [4000, 99.75, 2],
    ]),
  ];

  it('fills a market order at the ask and a limit buy only when the market trades through it (hand-computed)', () => {
    const strategy = new FirstQuoteBuyer({});
    const result = runBacktest({ strategy: 'custom' }, data, { strategy });

    expect(strategy.seen).toEqual([
      'quote 1000 99.9/100.1',
      'quote 2000 99.8/100',
      'trade 3000 100@99.8',
      'trade 4000 2@99.75',
      'quote 5000 99.7/99.9',
      'quote 6000 99.6/99.8',
    ]);
    // 1000: the market buy meets the ask at once. The limit rests below the bid.
    // 2000: the bid reaches 99.80 (limit joins behind 400); the ask 100.00 is still above it.
    // 3000: a trade AT 99.80 only eats the queue ahead (400 -> 300): no fill.
    // 4000: a trade THROUGH it at 99.75 fills 2 at the limit price.
    // 5000: ask 99.90 still above the limit: nothing.
    // 6000: the ask comes down to 99.80: the remaining 3 fill at the ask.
    expect(result.fills.map((fill) => [fill.ts, fill.qty, fill.price, fill.liquidity])).toEqual([
      [1000, 10, 100.1, 'taker'],
      [4000, 2, 99.8, 'maker'],
      [6000, 3, 99.8, 'taker'],
    ]);
    expect(result.orders.map((order) => [order.type, order.status, order.filledQty])).toEqual([
      ['MARKET', 'FILLED', 10],
      ['LIMIT', 'FILLED', 5],
    ]);
    // Cash: 100000 - 10 x 100.1 - 2 x 99.8 - 3 x 99.8 = 98500; 15 held.
    expect(result.cash).toBeCloseTo(98_500, 9);
    // Equity once per tick time: quotes mark at the mid, trades at their price.
    const expectedEquity = [
      98_999 + 10 * 100.0,
      98_999 + 10 * 99.9,
      98_999 + 10 * 99.8,
      98_799.4 + 12 * 99.75,
      98_799.4 + 12 * 99.8,
      98_500 + 15 * 99.7,
    ];
    expect(Array.from(result.equity.ts)).toEqual([1000, 2000, 3000, 4000, 5000, 6000]);
    Array.from(result.equity.equity).forEach((value, index) => expect(value).toBeCloseTo(expectedEquity[index]!, 9));
    expect(result.statistics.ticks).toBe(6);
    expect(result.statistics.bars).toBe(0);
    expect(result.statistics.finalValue).toBeCloseTo(99_995.5, 9);
    expect(result.performance).toBeUndefined();
  });

  it('takes performance over days of ticks from daily returns, and none from a shorter run', () => {
    // A quote every ten minutes for four days: a ramp, so the daily returns are known.
    const rows: Array<[number, number, number, number, number]> = [];
    for (let row = 0; row < 4 * 144; row++) {
      const mid = 100 + row * 0.05;
      rows.push([Date.UTC(2024, 0, 2) + row * 600_000, Number((mid - 0.01).toFixed(2)), Number((mid + 0.01).toFixed(2)), 100, 100]);
    }
    const result = runBacktest({ strategy: 'buy-and-hold', params: { stake: 100 } }, [quotes('RAMP.SIM', rows)]);
    const days = [0, 1, 2, 3].map((day) => Date.UTC(2024, 0, 2 + day) + 143 * 600_000);
    const equityAt = (ts: number) => result.equity.equity[Array.from(result.equity.ts).indexOf(ts)]!;
    const expected = days.map((ts, index) => equityAt(ts) / (index === 0 ? result.equity.equity[0]! : equityAt(days[index - 1]!)) - 1);
    expect(result.performance?.periods).toBe(4);
    expect(result.performance!.annualReturn).toBeCloseTo(Math.pow(expected.reduce((growth, value) => growth * (1 + value), 1), 252 / 4) - 1, 9);
    const oneDay = runBacktest({ strategy: 'buy-and-hold', params: { stake: 100 } }, [quotes('RAMP.SIM', rows.slice(0, 144))]);
    expect(oneDay.performance).toBeUndefined();
  });

  it('gives identical results when run twice', () => {
    const series = randomTicks('RW.SIM', 6_000, 11);
    const spec = { strategy: 'sma-cross', params: { fast: 5, slow: 20, stake: 3 } };
    const first = runBacktest(spec, series);
    const second = runBacktest(spec, series);
    expect(first.statistics.fills).toBeGreaterThan(20);
    expect(second).toEqual(first);
  });

  it('refuses bars and ticks in one run, and the same tick kind twice', () => {
    const bars = { instrumentId: 'B.SIM', barSpec: '1m', ts: new Float64Array(1), open: new Float64Array(1), high: new Float64Array(1), low: new Float64Array(1), close: new Float64Array(1), volume: new Float64Array(1) };
    expect(() => runBacktest({ strategy: 'sma-cross' }, [bars, data[0]!] as never)).toThrow(/bars or on ticks, not both/);
    expect(() => runBacktest({ strategy: 'sma-cross' }, [data[0]!, data[0]!])).toThrow('quotes of TICK.SIM are given twice');
  });
});

/** A seeded random walk of quotes (one a second) with a trade after every third quote. */
function randomTicks(instrumentId: string, count: number, seed: number): TickSeries[] {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const quoteRows: Array<[number, number, number, number, number]> = [];
  const tradeRows: Array<[number, number, number]> = [];
  let mid = 50;
  for (let row = 0; row < count; row++) {
    mid = Math.max(1, mid + (random() - 0.5) * 0.1);
    const half = 0.01 + Math.round(random() * 3) / 100;
    const ts = Date.UTC(2024, 0, 2, 14, 30) + row * 1000;
    quoteRows.push([ts, Number((mid - half).toFixed(2)), Number((mid + half).toFixed(2)), 100 + Math.floor(random() * 900), 100 + Math.floor(random() * 900)]);
    if (row % 3 === 2) tradeRows.push([ts + 500, Number((mid + (random() - 0.5) * 0.04).toFixed(2)), 1 + Math.floor(random() * 300)]);
  }
  return [quotes(instrumentId, quoteRows), trades(instrumentId, tradeRows)];
}

describe('tick CSV files', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nws-ticks-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('tells quotes, trades and bars apart by the header', () => {
    expect(csvDataKind('ts,bid,ask,bid_size,ask_size\n1,1,2,3,4\n')).toBe('quotes');
    expect(csvDataKind('Timestamp,Bid,Ask\n')).toBe('quotes');
    expect(csvDataKind('ts,price,size\n')).toBe('trades');
    expect(csvDataKind('Date,Open,High,Low,Close,Volume\n')).toBe('bars');
  });

  it('reads quotes with and without sizes, and trades, from epoch or ISO times', () => {
    const withSizes = tickSeriesFromCsv('ts,bid,ask,bid_size,ask_size\n1700000000000,10,10.5,3,4\n1700000000500,10.1,10.4,5,6\n', 'Q.SIM');
    expect(withSizes).toEqual(quotes('Q.SIM', [[1_700_000_000_000, 10, 10.5, 3, 4], [1_700_000_000_500, 10.1, 10.4, 5, 6]]));
    const noSizes = tickSeriesFromCsv('time,bid,ask\n2024-01-02T14:30:00.250Z,10,10.5\n', 'Q.SIM');
    expect(noSizes).toEqual(quotes('Q.SIM', [[Date.UTC(2024, 0, 2, 14, 30, 0, 250), 10, 10.5, 0, 0]]));
    const tradeTicks = tickSeriesFromCsv('ts,price,size\n1700000000,10.25,100\n', 'T.SIM');
    expect(tradeTicks).toEqual(trades('T.SIM', [[1_700_000_000_000, 10.25, 100]]));
  });

  it('names the bad row of a crossed quote or an empty trade', () => {
    expect(() => tickSeriesFromCsv('ts,bid,ask\n1000,10,11\n2000,11.5,11\n', 'Q.SIM')).toThrow('quotes of Q.SIM: row 1 bid 11.5 is above ask 11 (a crossed quote)');
    expect(() => tickSeriesFromCsv('ts,price,size\n1000,10,0\n', 'T.SIM')).toThrow('trades of T.SIM: row 0 size 0 must be a positive number');
    expect(() => tickSeriesFromCsv('ts,bid,ask\n2000,10,11\n1000,10,11\n', 'Q.SIM')).toThrow(/row 1 time .* is before the row before/);
  });

  it('nws backtest --data ticks.csv runs a tick-driven backtest', async () => {
    const [quoteSeries] = randomTicks('X.SIM', 3_000, 5) as [QuoteTickSeries];
    const rows = Array.from(quoteSeries.ts, (ts, row) => [ts, quoteSeries.bid[row], quoteSeries.ask[row], quoteSeries.bidSize[row], quoteSeries.askSize[row]].join(','));
    const path = join(folder, 'es-ticks.csv');
    writeFileSync(path, `ts,bid,ask,bid_size,ask_size\n${rows.join('\n')}\n`);
    const json = JSON.parse(await runBacktestCommand({ data: path, strategy: 'sma-cross', param: ['fast=5', 'slow=20', 'stake=2'], json: true })) as Record<string, unknown>;
    const direct = runBacktest({ strategy: 'sma-cross', params: { fast: 5, slow: 20, stake: 2 } }, [{ ...quoteSeries, instrumentId: 'ES-TICKS.SIM' }]);
    expect(json.ticks).toBe(3_000);
    expect(json.bars).toBe(0);
    expect(json.orders).toBe(direct.statistics.orders);
    expect(json.orders as number).toBeGreaterThan(10);
    expect(json.final_value).toBeCloseTo(direct.statistics.finalValue, 9);
    expect(json.equity).toHaveLength(3_000);
  });

  it('refuses a mix of tick and bar files', async () => {
    const bars = join(folder, 'bars.csv');
    writeFileSync(bars, 'Date,Open,High,Low,Close,Volume\n2024-01-02,1,1,1,1,1\n');
    const ticks = join(folder, 'ticks.csv');
    writeFileSync(ticks, 'ts,price,size\n1000,1,1\n');
    await expect(runBacktestCommand({ data: `${ticks},${bars}`, strategy: 'sma-cross' })).rejects.toThrow(`--data mixes tick files and bar files (${bars})`);
  });
});

describe('ticks from the DuckDB store', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nws-stored-ticks-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** Epoch ms as stored µs, 250 µs into the millisecond: a backtest sees the millisecond. */
  const micros = (ts: Float64Array) => BigInt64Array.from(ts, (ms) => BigInt(ms) * 1000n + 250n);

  it('runs sma-cross on stored quotes and trades exactly as on the same ticks in memory', async () => {
    const [quoteSeries, tradeSeries] = randomTicks('RW.XNYS', 6_000, 23) as [QuoteTickSeries, TradeTickSeries];
    const store = await TimeSeriesStore.open(join(folder, 'timeseries.duckdb'), { threads: 1 });
    try {
      await store.ingestTicks(
        { instrumentId: 'RW.XNYS', kind: 'quotes' },
        { kind: 'quotes', tsUs: micros(quoteSeries.ts), bid: quoteSeries.bid, ask: quoteSeries.ask, bidSize: quoteSeries.bidSize, askSize: quoteSeries.askSize },
      );
      await store.ingestTicks({ instrumentId: 'RW.XNYS', kind: 'trades' }, { kind: 'trades', tsUs: micros(tradeSeries.ts), price: tradeSeries.price, size: tradeSeries.size });
      const loaded = await loadTickSeriesFromStore(store, [
        { instrumentId: 'RW.XNYS', kind: 'quotes' },
        { instrumentId: 'RW.XNYS', kind: 'trades' },
      ]);
      expect(loaded).toEqual([quoteSeries, tradeSeries]);
      const spec = { strategy: 'sma-cross', params: { fast: 5, slow: 20, stake: 3 } };
      const fromStore = runBacktest(spec, loaded);
      expect(fromStore.statistics.fills).toBeGreaterThan(20);
      expect(fromStore).toEqual(runBacktest(spec, [quoteSeries, tradeSeries]));

      // [fromMs, toMs): the second hour of quotes only.
      const fromMs = quoteSeries.ts[3_600]!;
      const [hour] = await loadTickSeriesFromStore(store, [{ instrumentId: 'RW.XNYS', kind: 'quotes', fromMs, toMs: fromMs + 3_600_000 }]);
      expect(Array.from(hour!.ts)).toEqual(Array.from(quoteSeries.ts.subarray(3_600, 6_000)));

      await expect(loadTickSeriesFromStore(store, [{ instrumentId: 'NONE.XNYS', kind: 'trades' }])).rejects.toMatchObject({
        code: ErrorCode.NotFound,
        message: expect.stringContaining('no ticks stored for NONE.XNYS trades'),
      });
    } finally {
      await store.close();
    }
  });
});
