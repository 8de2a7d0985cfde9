// Per-instrument limit utilisation on a real PaperTrading (SQLite in a temp dir, the real bus):
// a filled position, a working limit order and a falling price each show up in their own cell.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageBus, SimulatedClock, defineInstrument, topics } from '@nws/core';
import type { Instrument, InstrumentId } from '@nws/core';
import { StateStore } from '@nws/storage';
import { PaperTrading } from './paper-trading.js';

const AAA = 'AAA.SIM' as InstrumentId;
const BBB = 'BBB.SIM' as InstrumentId;

function simInstrument(symbol: string): Readonly<Instrument> {
  return defineInstrument({ id: `${symbol}.SIM`, symbol, venue: 'SIM', assetClass: 'equity', currency: 'USD', tickSize: 0.01, lotSize: 1, multiplier: 1, pricePrecision: 2 });
}

let dir: string;
let store: StateStore;
let bus: MessageBus;
let clock: SimulatedClock;
let paper: PaperTrading;

function quote(instrumentId: InstrumentId, bid: number, ask: number): void {
  clock.advanceTo(clock.now() + 250);
  bus.publish(topics.quotes(instrumentId), { instrumentId, bid, ask, bidSize: 500, askSize: 500, ts: clock.now() });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nws-utilisation-'));
  clock = new SimulatedClock(Date.UTC(2026, 0, 5, 15, 0, 0));
  store = StateStore.open(join(dir, 'state.sqlite'));
  bus = new MessageBus({ name: 'test' });
  paper = PaperTrading.start({ bus, store, clock, instruments: [simInstrument('BBB'), simInstrument('AAA')] });
});

afterEach(() => {
  paper.stop();
  bus.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function cell(grid: ReturnType<PaperTrading['utilisationByInstrument']>, instrumentId: string, limitType: string): number | null | undefined {
  const row = grid.instruments.indexOf(instrumentId);
  const column = grid.limits.findIndex((limit) => limit.type === limitType);
  return grid.cells[row]?.[column];
}

describe('utilisation by instrument', () => {
  it('labels rows by sorted instrument and columns by the default limits; an idle account is all zero', () => {
    const grid = paper.utilisationByInstrument();
    expect(grid.instruments).toEqual(['AAA.SIM', 'BBB.SIM']);
    // In the order the engine runs them.
    expect(grid.limits.map((limit) => limit.type)).toEqual(['max-order-notional', 'price-band', 'daily-loss', 'max-open-orders']);
    expect(grid.cells).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  it('puts a working order, its distance from the mark and an open loss in the instrument they belong to', () => {
    quote(AAA, 99.9, 100.1);
    quote(BBB, 49.9, 50.1);
    paper.submit({ instrumentId: AAA, type: 'MARKET', side: 'BUY', quantity: 100 }); // fills at 100.1
    paper.submit({ instrumentId: BBB, type: 'LIMIT', side: 'BUY', quantity: 200, price: 47.5 }); // 5 % under the 50 mid
    quote(AAA, 89.9, 90.1); // mark 90: open loss (100.1 - 90) × 100 = 1,010

    const grid = paper.utilisationByInstrument();
    expect(cell(grid, 'BBB.SIM', 'max-open-orders')).toBeCloseTo(1 / 50, 10);
    expect(cell(grid, 'BBB.SIM', 'max-order-notional')).toBeCloseTo((200 * 47.5) / 25_000, 10);
    expect(cell(grid, 'BBB.SIM', 'price-band')).toBeCloseTo(5 / 10, 10);
    expect(cell(grid, 'BBB.SIM', 'daily-loss')).toBe(0);
    expect(cell(grid, 'AAA.SIM', 'max-open-orders')).toBe(0); // the market order is done
    expect(cell(grid, 'AAA.SIM', 'daily-loss')).toBeCloseTo(1_010 / 5_000, 6);
  });
});
