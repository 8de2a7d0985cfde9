/**
 * rsi-reversion: mean reversion on RSI(period) of close. Flat and RSI below `lower` → buy
 * `stake`; long and RSI above `upper` → close. One instrument.
 */
import type { Bar } from '@nws/core';
import type { Indicator } from '@nws/features';
import { defineStrategy } from '../registry.js';
import { Strategy } from '../strategy.js';

const params = {
  period: { type: 'int', default: 14, min: 2, max: 1000, description: 'RSI period' },
  lower: { type: 'number', default: 30, min: 0, max: 100, step: 5, description: 'buy when RSI falls below this' },
  upper: { type: 'number', default: 70, min: 0, max: 100, step: 5, description: 'exit when RSI rises above this' },
  stake: { type: 'number', default: 1, min: 0.000001, max: 1e12, step: 1, description: 'units bought on each entry' },
} as const;

export interface RsiReversionParams {
  readonly period: number;
  readonly lower: number;
  readonly upper: number;
  readonly stake: number;
}

export class RsiReversion extends Strategy<RsiReversionParams> {
  private rsi!: Indicator;

  override onStart(): void {
    this.rsi = this.indicator('rsi', { timeperiod: this.params.period });
  }

  override onBar(bar: Bar): void {
    const value = this.rsi.update(bar.close)?.real;
    if (value === undefined) return;
    const instrumentId = bar.barType.instrumentId;
    const position = this.netQty(instrumentId);
    if (position === 0 && value < this.params.lower) this.buy(instrumentId, this.params.stake);
    else if (position > 0 && value > this.params.upper) this.close(instrumentId);
  }
}

export const rsiReversion = defineStrategy({
  name: 'rsi-reversion',
  description: 'buy when RSI is oversold (below lower), exit when overbought (above upper)',
  params,
  instruments: { min: 1, max: 1 },
  create: (values) => new RsiReversion(values),
});
