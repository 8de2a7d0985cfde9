import { describe, expect, it } from 'vitest';
import {
  MessageBus,
  SimulatedClock,
  instrumentId,
  orderBookDepthSchema,
  patterns,
  quoteTickSchema,
  tradeTickSchema,
  type OrderBookDepth,
  type QuoteTick,
  type TradeTick,
} from '@nws/core';
import { MarketSimulator } from './market-simulator.js';
import type { SimulatedInstrument } from './simulated-book.js';

const instruments: SimulatedInstrument[] = [
  { instrumentId: instrumentId('NOVA', 'SIM'), price: 182.35, tickSize: 0.01, pricePrecision: 2, annualVolatility: 0.3 },
  { instrumentId: instrumentId('GRID', 'SIM'), price: 52.1, tickSize: 0.01, pricePrecision: 2, annualVolatility: 0.15 },
];

function record(bus: MessageBus) {
  const quotes: QuoteTick[] = [];
  const trades: TradeTick[] = [];
  const depths: OrderBookDepth[] = [];
  bus.subscribe(patterns.quotes(), (quote) => void quotes.push(quote));
  bus.subscribe(patterns.trades(), (trade) => void trades.push(trade));
  bus.subscribe(patterns.depth(), (depth) => void depths.push(depth));
  return { quotes, trades, depths };
}

describe('MarketSimulator', () => {
  it('streams valid quotes, trades and 10-level depth on the clock, at the configured rate', () => {
    const bus = new MessageBus();
    const clock = new SimulatedClock(Date.parse('2024-06-03T14:30:00Z'));
    const seen = record(bus);
    const simulator = new MarketSimulator(bus, clock, instruments, { quotesPerSecond: 10, depthEvery: 5 });
    simulator.start();
    clock.advanceTo(clock.now() + 60_000);
    simulator.stop();

    expect(seen.quotes).toHaveLength(2 * 600);
    expect(simulator.counts()).toEqual({ quotes: 1200, trades: seen.trades.length, depthSnapshots: 240 });
    for (const quote of seen.quotes) expect(quoteTickSchema.safeParse(quote).success).toBe(true);
    for (const trade of seen.trades) expect(tradeTickSchema.safeParse(trade).success).toBe(true);
    for (const depth of seen.depths) {
      expect(orderBookDepthSchema.safeParse(depth).success).toBe(true);
      expect(depth.asks).toHaveLength(10);
      expect(depth.bids).toHaveLength(10);
    }
    const spreads = seen.quotes.map((quote) => Math.round((quote.ask - quote.bid) * 100));
    expect(Math.min(...spreads)).toBeGreaterThanOrEqual(1);
    expect(seen.trades.length).toBeGreaterThan(300);
    expect(seen.trades.length).toBeLessThan(560);
    expect(new Set(seen.trades.map((trade) => trade.aggressorSide))).toEqual(new Set(['BUYER', 'SELLER']));
    const times = seen.quotes.map((quote) => quote.ts);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.at(-1)).toBe(clock.now());

    const countAfterStop = seen.quotes.length;
    clock.advanceTo(clock.now() + 10_000);
    expect(seen.quotes.length).toBe(countAfterStop);
  });

  it('trades at the quoted touch: buyers lift the ask, sellers hit the bid', () => {
    const bus = new MessageBus();
    const seen = record(bus);
    const simulator = new MarketSimulator(bus, new SimulatedClock(0), instruments.slice(0, 1), { quotesPerSecond: 100, tradeProbability: 1 });
    let previous: QuoteTick | undefined;
    const checked: boolean[] = [];
    bus.subscribe(patterns.trades(), (trade) => {
      if (previous) checked.push(trade.price === (trade.aggressorSide === 'BUYER' ? previous.ask : previous.bid));
    });
    bus.subscribe(patterns.quotes(), (quote) => void (previous = quote));
    simulator.advanceTo(1_000);
    simulator.advanceTo(11_000);
    expect(seen.trades).toHaveLength(1000);
    expect(checked.every(Boolean)).toBe(true);
  });

  it('is deterministic for a seed and moves prices like its volatility says', () => {
    const run = (seed: string) => {
      const bus = new MessageBus();
      const seen = record(bus);
      const simulator = new MarketSimulator(bus, new SimulatedClock(0), instruments, { seed, quotesPerSecond: 50 });
      simulator.advanceTo(0);
      simulator.advanceTo(600_000);
      return seen.quotes;
    };
    const first = run('a');
    expect(run('a')).toEqual(first);
    expect(run('b')).not.toEqual(first);
    const nova = first.filter((quote) => quote.instrumentId === 'NOVA.SIM').map((quote) => (quote.bid + quote.ask) / 2);
    const returns = nova.slice(1).map((mid, index) => Math.log(mid / nova[index]!));
    const stepVol = Math.sqrt(returns.reduce((sum, value) => sum + value * value, 0) / returns.length);
    const expected = 0.3 / Math.sqrt(50 * 252 * 6.5 * 3600);
    // Tick rounding and spread changes add noise on top of the random walk.
    expect(stepVol).toBeGreaterThan(expected * 0.5);
    expect(stepVol).toBeLessThan(expected * 8);
    expect(Math.abs(nova.at(-1)! / 182.35 - 1)).toBeLessThan(0.05);
  });

  it('refuses bad instruments and config with clear errors', () => {
    const bus = new MessageBus();
    const clock = new SimulatedClock(0);
    expect(() => new MarketSimulator(bus, clock, [])).toThrow(/at least one instrument/);
    expect(() => new MarketSimulator(bus, clock, [{ ...instruments[0]!, price: -1 }])).toThrow(/NOVA\.SIM: price -1 must be positive/);
    expect(() => new MarketSimulator(bus, clock, instruments, { quotesPerSecond: 0, depthLevels: 11 } as never)).toThrow(/quotesPerSecond.*depthLevels/);
    expect(() => new MarketSimulator(bus, clock, instruments, { speed: 2 } as never)).toThrow(/INVALID|Unrecognized|speed/);
  });
});
