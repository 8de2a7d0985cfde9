/**
 * donchian-trend: turtle-style channel breakout. Flat and close above the highest high of the
 * previous `entry` bars → buy `stake`; long and close below the lowest low of the previous
 * `exit` bars → close. The current bar is not part of its own channel. One instrument.
 */
import type { Bar } from '@nws/core';
import type { Indicator } from '@nws/features';
import { defineStrategy } from '../registry.js';
import { Strategy } from '../strategy.js';

const params = {
  entry: { type: 'int', default: 20, min: 2, max: 1000, description: 'bars in the breakout channel' },
  exit: { type: 'int', default: 10, min: 2, max: 1000, description: 'bars in the exit channel' },
  stake: { type: 'number', default: 1, min: 0.000001, max: 1e12, step: 1, description: 'units bought on each entry' },
} as const;

export interface DonchianTrendParams {
  readonly entry: number;
  readonly exit: number;
  readonly stake: number;
}

export class DonchianTrend extends Strategy<DonchianTrendParams> {
  private highest!: Indicator;
  private lowest!: Indicator;

  override onStart(): void {
    this.highest = this.indicator('max', { timeperiod: this.params.entry }, { source: 'high' });
    this.lowest = this.indicator('min', { timeperiod: this.params.exit }, { source: 'low' });
  }

  override onBar(bar: Bar): void {
    // The channel of the bars BEFORE this one: read, then update.
    const channelHigh = this.highest.value?.real;
    const channelLow = this.lowest.value?.real;
    this.highest.update(bar);
    this.lowest.update(bar);
    const instrumentId = bar.barType.instrumentId;
    const position = this.netQty(instrumentId);
    if (position === 0 && channelHigh !== undefined && bar.close > channelHigh) this.buy(instrumentId, this.params.stake);
    else if (position > 0 && channelLow !== undefined && bar.close < channelLow) this.close(instrumentId);
  }
}

export const donchianTrend = defineStrategy({
  name: 'donchian-trend',
  description: 'buy a close above the prior N-bar high, exit on a close below the prior M-bar low',
  params,
  instruments: { min: 1, max: 1 },
  create: (values) => new DonchianTrend(values),
});
