/**
 * buy-and-hold: on the first bar of each instrument buy `stake` units, or when `stake` is 0 an
 * equal share of `fraction` of the starting cash at that bar's close; hold to the end. A paper
 * run resumed after a Host restart does not buy again what it holds or has a working order for.
 */
import type { Bar, InstrumentId } from '@nws/core';
import { defineStrategy } from '../registry.js';
import { Strategy } from '../strategy.js';

const params = {
  stake: { type: 'number', default: 0, min: 0, max: 1e12, step: 1, description: 'units to buy; 0 sizes by fraction of cash' },
  fraction: { type: 'number', default: 0.95, min: 0.01, max: 1, step: 0.05, description: 'share of starting cash invested when stake is 0' },
} as const;

export interface BuyAndHoldParams {
  readonly stake: number;
  readonly fraction: number;
}

export class BuyAndHold extends Strategy<BuyAndHoldParams> {
  private readonly bought = new Set<InstrumentId>();
  private budgetPerInstrument = 0;

  override onStart(): void {
    this.budgetPerInstrument = (this.ctx.cash() * this.params.fraction) / this.ctx.instrumentIds.length;
    if (this.ctx.resumed !== true) return;
    for (const instrumentId of this.ctx.instrumentIds) {
      if (this.netQty(instrumentId) !== 0 || this.ctx.openOrders(instrumentId).length > 0) this.bought.add(instrumentId);
    }
  }

  override onBar(bar: Bar): void {
    const instrumentId = bar.barType.instrumentId;
    if (this.bought.has(instrumentId)) return;
    this.bought.add(instrumentId);
    const quantity = this.params.stake > 0 ? this.params.stake : Math.floor(this.budgetPerInstrument / bar.close);
    if (quantity > 0) this.buy(instrumentId, quantity);
    else this.log.warn(`buy-and-hold: budget ${this.budgetPerInstrument} buys no unit of ${instrumentId} at ${bar.close}`);
  }
}

export const buyAndHold = defineStrategy({
  name: 'buy-and-hold',
  description: 'buy once on the first bar of each instrument and hold',
  params,
  instruments: { min: 1, max: 1000 },
  create: (values) => new BuyAndHold(values),
});
