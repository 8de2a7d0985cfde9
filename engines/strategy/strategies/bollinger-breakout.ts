/**
 * bollinger-breakout: Bollinger Bands(period, deviations) of close. Flat and close above the
 * upper band → buy `stake`; long and close below the middle band → close. One instrument.
 */
import type { Bar } from '@nws/core';
import type { Indicator } from '@nws/features';
import { defineStrategy } from '../registry.js';
import { Strategy } from '../strategy.js';

const params = {
  period: { type: 'int', default: 20, min: 2, max: 1000, description: 'band period' },
  deviations: { type: 'number', default: 2, min: 0.1, max: 10, step: 0.5, description: 'band width in standard deviations' },
  stake: { type: 'number', default: 1, min: 0.000001, max: 1e12, step: 1, description: 'units bought on each entry' },
} as const;

export interface BollingerBreakoutParams {
  readonly period: number;
  readonly deviations: number;
  readonly stake: number;
}

export class BollingerBreakout extends Strategy<BollingerBreakoutParams> {
  private bands!: Indicator;

  override onStart(): void {
    const { period, deviations } = this.params;
    this.bands = this.indicator('bbands', { timeperiod: period, nbdevup: deviations, nbdevdn: deviations });
  }

  override onBar(bar: Bar): void {
    const bands = this.bands.update(bar.close);
    if (bands === null) return;
    const instrumentId = bar.barType.instrumentId;
    const position = this.netQty(instrumentId);
    if (position === 0 && bar.close > bands.upperband!) this.buy(instrumentId, this.params.stake);
    else if (position > 0 && bar.close < bands.middleband!) this.close(instrumentId);
  }
}

export const bollingerBreakout = defineStrategy({
  name: 'bollinger-breakout',
  description: 'buy a close above the upper Bollinger band, exit on a close below the middle band',
  params,
  instruments: { min: 1, max: 1 },
  create: (values) => new BollingerBreakout(values),
});
