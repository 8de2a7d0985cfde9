/**
 * pairs: statistical arbitrage on two instruments A and B (in the order given). The spread is
 * the price ratio A/B; its z-score over `period` bars drives the trade: z above `entry` → sell
 * A and buy B (the ratio should fall), z below -entry → buy A and sell B, |z| below `exit` →
 * flatten both. Acts only when both instruments have a bar at the same time.
 */
import type { Bar, InstrumentId } from '@nws/core';
import type { Indicator } from '@nws/features';
import { defineStrategy } from '../registry.js';
import { Strategy } from '../strategy.js';

const params = {
  period: { type: 'int', default: 20, min: 2, max: 1000, description: 'bars in the z-score window' },
  entry: { type: 'number', default: 2, min: 0.1, max: 10, step: 0.5, description: 'open when |z| exceeds this' },
  exit: { type: 'number', default: 0.5, min: 0, max: 10, step: 0.25, description: 'flatten when |z| falls below this' },
  stake: { type: 'number', default: 1, min: 0.000001, max: 1e12, step: 1, description: 'units of A per trade (B sized to equal value)' },
} as const;

export interface PairsParams {
  readonly period: number;
  readonly entry: number;
  readonly exit: number;
  readonly stake: number;
}

export class Pairs extends Strategy<PairsParams> {
  private ratioMean!: Indicator;
  private ratioDeviation!: Indicator;
  private legA!: InstrumentId;
  private legB!: InstrumentId;
  private readonly lastBar = new Map<InstrumentId, Bar>();

  override onStart(): void {
    [this.legA, this.legB] = this.ctx.instrumentIds as [InstrumentId, InstrumentId];
    this.ratioMean = this.indicator('sma', { timeperiod: this.params.period });
    this.ratioDeviation = this.indicator('stddev', { timeperiod: this.params.period, nbdev: 1 });
  }

  override onBar(bar: Bar): void {
    this.lastBar.set(bar.barType.instrumentId, bar);
    const barA = this.lastBar.get(this.legA);
    const barB = this.lastBar.get(this.legB);
    // Wait for the second leg of this timestamp.
    if (barA === undefined || barB === undefined || barA.ts !== bar.ts || barB.ts !== bar.ts) return;
    const ratio = barA.close / barB.close;
    const mean = this.ratioMean.update(ratio)?.real;
    const deviation = this.ratioDeviation.update(ratio)?.real;
    if (mean === undefined || deviation === undefined || deviation === 0) return;
    this.trade((ratio - mean) / deviation, barA, barB);
  }

  private trade(zScore: number, barA: Bar, barB: Bar): void {
    const positionA = this.netQty(this.legA);
    const { entry, exit, stake } = this.params;
    if (positionA === 0) {
      if (Math.abs(zScore) <= entry || this.ctx.openOrders().length > 0) return;
      const quantityB = Math.max(1, Math.round((stake * barA.close) / barB.close));
      const shortA = zScore > entry;
      this.submit({ type: 'MARKET', instrumentId: this.legA, side: shortA ? 'SELL' : 'BUY', quantity: stake });
      this.submit({ type: 'MARKET', instrumentId: this.legB, side: shortA ? 'BUY' : 'SELL', quantity: quantityB });
    } else if (Math.abs(zScore) < exit) {
      this.close(this.legA);
      this.close(this.legB);
    }
  }
}

export const pairs = defineStrategy({
  name: 'pairs',
  description: 'trade the z-score of the price ratio of two instruments back to its mean',
  params,
  instruments: { min: 2, max: 2 },
  create: (values) => new Pairs(values),
});
