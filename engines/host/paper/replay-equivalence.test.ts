// Backtest ≡ paper on a replay of the same bars. The same stored bars go through runBacktest (the
// venue settings paper uses: cash account, $100,000, no commission or slippage, market orders at the
// next bar's open) and through a real Workstation: sma-cross started over the protocol on the paper
// account, driven by a replay at `max` speed, with the risk engine and the SQLite journal in the
// path. Fills (side, quantity, price, time) and the final position and cash must be identical.
// Likewise on ticks: stored quotes and trades through a tick backtest and through a tick replay.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fill, ProtocolClient } from '@nws/core';
import { runBacktest } from '@nws/backtest';
import type { BacktestResult, BarSeries, TickSeries } from '@nws/backtest';
import { Workstation } from '../workstation.js';
import { DEFAULT_PAPER_VENUE } from './config.js';
import { MINUTE_MS, simInstrument, swingBars, swingTicks, writeReplayData, writeReplayTicks } from './replay-fixtures.js';
import type { SwingTicks } from './replay-fixtures.js';

// 20:00 UTC: the 700 bars run past midnight, so both runs cross an intraday session boundary.
const START = Date.UTC(2025, 2, 3, 20, 0);
const PARAMS = { fast: 5, slow: 20, stake: 25 };

let home: string;
let workstation: Workstation | undefined;
let client: ProtocolClient | undefined;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'nws-replay-equivalence-'));
});

afterEach(async () => {
  client?.close();
  await workstation?.stop();
  client = undefined;
  workstation = undefined;
  rmSync(home, { recursive: true, force: true });
});

interface FillFacts {
  instrumentId: string;
  side: string;
  qty: number;
  price: number;
  ts: number;
}

const facts = (fill: Fill): FillFacts => ({ instrumentId: fill.instrumentId, side: fill.side, qty: fill.qty, price: fill.price, ts: fill.ts });

/** The backtest with the paper account's venue settings (checked against DEFAULT_PAPER_VENUE). */
function backtest(series: BarSeries[] | TickSeries[]): BacktestResult {
  expect(DEFAULT_PAPER_VENUE).toMatchObject({ accountType: 'cash', startingCash: 100_000, commission: { model: 'none' }, slippage: { model: 'none' } });
  expect((DEFAULT_PAPER_VENUE as { fillMode?: string }).fillMode ?? 'next-open').toBe('next-open');
  return runBacktest(
    {
      strategy: 'sma-cross',
      params: PARAMS,
      accountType: 'cash',
      startingCash: 100_000,
      commissionPct: 0,
      fill: 'next-open',
      instruments: [...new Set(series.map((one) => one.instrumentId))].map((id) => simInstrument(id.split('.')[0]!)),
    },
    series,
  );
}

/** Starts a Host on the data, runs sma-cross on a `max`-speed replay; answers the fills it published and the account. */
async function paperReplay(series: BarSeries[]) {
  await writeReplayData(home, series.map((one) => simInstrument(one.instrumentId.split('.')[0]!)), series);
  return paperRun(series.map((one) => one.instrumentId), { barType: '1m' });
}

/** Starts a Host on the data already in `home`, runs sma-cross on a `max`-speed replay of bars or ticks. */
async function paperRun(instrumentIds: string[], data: { barType: string } | { ticks: Array<'quotes' | 'trades'> }) {
  workstation = await Workstation.start({ home, workers: { maxThreads: 1 }, market: { demo: false } });
  client = workstation.connect();
  const fills: Fill[] = [];
  await client.subscribe('fills.>', (event) => fills.push(event.data as Fill));
  const started = await client.call('strategies.start', {
    strategy: 'sma-cross',
    params: PARAMS,
    instrumentIds,
    ...data,
    source: 'replay',
    replay: { speed: 'max' },
  });
  expect(started.run).toMatchObject({ status: 'running', source: 'replay', strategy: 'sma-cross', params: PARAMS });
  const run = await waitForRun(client, started.strategyRunId);
  const positions = (await client.call('positions.list', {})).positions;
  const account = await client.call('account.get', {});
  return { run, fills, positions, account, strategyRunId: started.strategyRunId };
}

async function waitForRun(protocol: ProtocolClient, strategyRunId: string) {
  for (let attempt = 0; attempt < 600; attempt++) {
    const run = (await protocol.call('strategies.list', {})).runs.find((one) => one.strategyRunId === strategyRunId);
    if (run !== undefined && run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`strategy run ${strategyRunId} did not finish in 30 s`);
}

function netQtyFrom(fills: readonly FillFacts[], instrumentId: string): number {
  return fills.filter((fill) => fill.instrumentId === instrumentId).reduce((sum, fill) => sum + (fill.side === 'BUY' ? fill.qty : -fill.qty), 0);
}

/** AAA and BBB both trade (four fills each at least); the paper run has the backtest's fills, in order, its cash and positions. */
function expectSameTwoInstrumentRuns(expected: BacktestResult, paper: Awaited<ReturnType<typeof paperRun>>): void {
  const backtestFills = expected.fills.map(facts);
  for (const instrumentId of ['AAA.SIM', 'BBB.SIM']) expect(backtestFills.filter((fill) => fill.instrumentId === instrumentId).length).toBeGreaterThanOrEqual(4);
  expect(paper.fills.map(facts)).toEqual(backtestFills);
  expect(paper.account.cash).toBeCloseTo(expected.cash, 9);
  for (const instrumentId of ['AAA.SIM', 'BBB.SIM']) {
    expect(paper.positions.find((one) => one.instrumentId === instrumentId)!.netQty).toBe(netQtyFrom(backtestFills, instrumentId));
  }
}

describe('backtest ≡ paper on a replay of the same bars', () => {
  it('one instrument: identical fills, position and cash', async () => {
    const series = [swingBars('AAA.SIM', { start: START, count: 700, base: 100, seed: 7 })];
    const expected = backtest(series);
    const paper = await paperReplay(series);

    const backtestFills = expected.fills.map(facts);
    expect(backtestFills.length).toBeGreaterThanOrEqual(6); // the data must make the strategy trade
    expect(paper.fills.map(facts)).toEqual(backtestFills);
    expect(paper.fills.every((fill) => fill.strategyId === paper.strategyRunId)).toBe(true);
    // Fill times are bar times (the replay's clock), not wall time.
    expect(paper.fills.every((fill) => fill.ts >= START && fill.ts < START + 700 * MINUTE_MS)).toBe(true);

    expect(paper.account.cash).toBeCloseTo(expected.cash, 9);
    const position = paper.positions.find((one) => one.instrumentId === 'AAA.SIM')!;
    expect(position.netQty).toBe(netQtyFrom(backtestFills, 'AAA.SIM'));
    expect(paper.account.equity).toBeCloseTo(expected.equity.equity.at(-1)!, 9);
    expect(paper.run).toMatchObject({ status: 'finished', bars: 700, fills: backtestFills.length, orders: expected.orders.length });
    expect(paper.run.realizedPnl).toBeCloseTo(expected.trades.reduce((sum, trade) => sum + trade.pnl, 0), 6);
  });

  it('two instruments: identical fills in the same order, positions and cash', async () => {
    // BBB starts 30 minutes later and has its own swing: merged steps hold one or both instruments.
    const series = [
      swingBars('AAA.SIM', { start: START, count: 500, base: 100, seed: 11 }),
      swingBars('BBB.SIM', { start: START + 30 * MINUTE_MS, count: 500, base: 40, seed: 23 }),
    ];
    const expected = backtest(series);
    const paper = await paperReplay(series);

    expectSameTwoInstrumentRuns(expected, paper);
    expect(paper.account.equity).toBeCloseTo(expected.equity.equity.at(-1)!, 9);
    expect(paper.run).toMatchObject({ status: 'finished', bars: 1_000 });
  });
});

describe('backtest ≡ paper on a replay of the same ticks', () => {
  /** Writes the ticks, backtests them as read back from the store, then replays them on a Host. */
  async function bothRuns(ticks: SwingTicks[]) {
    const series = await writeReplayTicks(home, ticks.map((one) => simInstrument(one.instrumentId.split('.')[0]!)), ticks);
    const expected = backtest(series);
    const paper = await paperRun(ticks.map((one) => one.instrumentId), { ticks: ['quotes', 'trades'] });
    return { expected, paper, tickCount: series.reduce((sum, one) => sum + one.ts.length, 0) };
  }

  it('one instrument, quotes and trades: identical fills at the bid/ask, position and cash', async () => {
    const start = Date.UTC(2025, 2, 3, 14, 30);
    const { expected, paper, tickCount } = await bothRuns([swingTicks('AAA.SIM', { start, count: 1_500, base: 100, seed: 5 })]);

    const backtestFills = expected.fills.map(facts);
    expect(backtestFills.length).toBeGreaterThanOrEqual(6);
    expect(paper.fills.map(facts)).toEqual(backtestFills);
    // Market orders on quotes fill at the quote: prices in cents, at tick times (the replay's clock).
    expect(paper.fills.every((fill) => Math.round(fill.price * 100) === fill.price * 100 && fill.ts >= start)).toBe(true);
    expect(paper.account.cash).toBeCloseTo(expected.cash, 9);
    expect(paper.positions.find((one) => one.instrumentId === 'AAA.SIM')!.netQty).toBe(netQtyFrom(backtestFills, 'AAA.SIM'));
    expect(paper.run).toMatchObject({ status: 'finished', barType: 'ticks', ticks: ['quotes', 'trades'], bars: 0, ticksSeen: tickCount, fills: backtestFills.length, orders: expected.orders.length });
    expect(tickCount).toBe(1_500 + 500);
    expect(paper.run.realizedPnl).toBeCloseTo(expected.trades.reduce((sum, trade) => sum + trade.pnl, 0), 6);
  });

  it('two instruments: identical fills in the same order, positions and cash', async () => {
    const start = Date.UTC(2025, 2, 3, 14, 30);
    const { expected, paper } = await bothRuns([
      swingTicks('AAA.SIM', { start, count: 900, base: 100, seed: 13 }),
      swingTicks('BBB.SIM', { start: start + 150, count: 900, base: 40, seed: 29 }),
    ]);

    expectSameTwoInstrumentRuns(expected, paper);
    expect(paper.run).toMatchObject({ status: 'finished', ticksSeen: 2 * (900 + 300) });
  });

  it('a resting limit fills on replayed trades through its price (none on a quotes-only replay)', async () => {
    const start = Date.UTC(2025, 2, 3, 14, 30);
    // Quotes at 100.00/100.01 all along: the ask never reaches the limit at 90. Trades at 89.50
    // (30), 95 (500, above the limit) and 89.90 (40) cross it.
    const quoteUs = [0, 1_000_000, 2_000_000, 3_000_000].map((offset) => BigInt(start) * 1000n + BigInt(offset));
    const ticks: SwingTicks = {
      instrumentId: 'AAA.SIM',
      quotes: { kind: 'quotes', tsUs: BigInt64Array.from(quoteUs), bid: new Float64Array(4).fill(100), ask: new Float64Array(4).fill(100.01), bidSize: new Float64Array(4).fill(500), askSize: new Float64Array(4).fill(500) },
      trades: { kind: 'trades', tsUs: BigInt64Array.from([500_000n, 1_500_000n, 2_500_000n], (offset) => BigInt(start) * 1000n + offset), price: Float64Array.from([89.5, 95, 89.9]), size: Float64Array.from([30, 500, 40]) },
    };
    await writeReplayTicks(home, [simInstrument('AAA')], [ticks]);
    workstation = await Workstation.start({ home, workers: { maxThreads: 1 }, market: { demo: false } });
    client = workstation.connect();
    const fills: Fill[] = [];
    await client.subscribe('fills.>', (event) => fills.push(event.data as Fill));
    const replayUntilDone = async (kinds: Array<'quotes' | 'trades'>) => {
      const started = await client!.call('replay.start', { instrumentIds: ['AAA.SIM'], ticks: kinds, speed: 'max' });
      expect(started).toMatchObject({ barType: 'ticks', ticks: kinds });
      for (let attempt = 0; attempt < 200; attempt++) {
        const status = (await client!.call('replay.status', {})).replays.find((one) => one.replayId === started.replayId)!;
        if (status.state !== 'running') return status;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('the replay did not finish');
    };
    const order = await client.call('orders.submit', { instrumentId: 'AAA.SIM', type: 'LIMIT', side: 'BUY', quantity: 50, price: 90, timeInForce: 'GTC' });

    expect(await replayUntilDone(['quotes'])).toMatchObject({ state: 'done', published: 4 });
    expect(fills).toEqual([]);

    expect(await replayUntilDone(['quotes', 'trades'])).toMatchObject({ state: 'done', published: 7 });
    expect(fills.map(facts)).toEqual([
      { instrumentId: 'AAA.SIM', side: 'BUY', qty: 30, price: 90, ts: start + 500 },
      { instrumentId: 'AAA.SIM', side: 'BUY', qty: 20, price: 90, ts: start + 2_500 },
    ]);
    expect(fills.every((fill) => fill.clientOrderId === order.clientOrderId)).toBe(true);
  });
});
