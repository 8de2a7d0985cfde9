/**
 * sma-cross: SMA(fast) and SMA(slow) of close. Flat and fast crosses above slow → market buy
 * `stake` units; long and fast crosses below slow → close the position. With several
 * instruments, each is traded on its own SMAs. On a run that steps on ticks, each quote's mid
 * price and each trade's price is one observation in place of a bar's close; on a run that steps
 * on bars, the quotes and trades a live feed also delivers are not observations (the periods
 * count bars, as in a backtest on the same bars).
 */
import type { Bar, InstrumentId, QuoteTick, TradeTick } from '@nws/core';
import type { Indicator } from '@nws/features';
import { defineStrategy } from '../registry.js';
import { Strategy } from '../strategy.js';
import { CrossDetector } from './cross-detector.js';
import { InstrumentStates } from './instrument-states.js';

const params = {
  fast: { type: 'int', default: 10, min: 2, max: 1000, description: 'period of the fast SMA' },
  slow: { type: 'int', default: 30, min: 2, max: 5000, description: 'period of the slow SMA' },
  stake: { type: 'number', default: 1, min: 0.000001, max: 1e12, step: 1, description: 'units bought on each entry' },
} as const;

export interface SmaCrossParams {
  readonly fast: number;
  readonly slow: number;
  readonly stake: number;
}

interface InstrumentState {
  fastSma: Indicator;
  slowSma: Indicator;
  cross: CrossDetector;
}

export class SmaCross extends Strategy<SmaCrossParams> {
  private readonly states = new InstrumentStates<InstrumentState>();
  /** Whether quotes and trades are the run's observations (it steps on ticks). */
  private onTicks = false;

  override onStart(): void {
    this.onTicks = this.ctx.stepsOn === 'ticks';
    for (const instrumentId of this.ctx.instrumentIds) {
      this.states.set(instrumentId, {
        fastSma: this.indicator('sma', { timeperiod: this.params.fast }),
        slowSma: this.indicator('sma', { timeperiod: this.params.slow }),
        cross: new CrossDetector(),
      });
    }
  }

  override onBar(bar: Bar): void {
    this.observe(bar.barType.instrumentId, bar.close);
  }

  override onQuote(quote: QuoteTick): void {
    if (this.onTicks) this.observe(quote.instrumentId, (quote.bid + quote.ask) / 2);
  }

  override onTrade(trade: TradeTick): void {
    if (this.onTicks) this.observe(trade.instrumentId, trade.price);
  }

  private observe(instrumentId: InstrumentId, price: number): void {
    const state = this.states.get(instrumentId);
    if (state === undefined) return;
    // `next` rather than `update`: the same SMA values without an outputs object per bar.
    const fast = state.fastSma.next(price);
    const slow = state.slowSma.next(price);
    if (Number.isNaN(fast) || Number.isNaN(slow)) return;
    const crossing = state.cross.updateSign(fast > slow ? 1 : fast < slow ? -1 : 0);
    // Most bars do not cross: ask for the position only when the answer matters.
    if (crossing === 'none') return;
    const position = this.netQty(instrumentId);
    if (position === 0 && crossing === 'up') this.buy(instrumentId, this.params.stake);
    else if (position > 0 && crossing === 'down') this.close(instrumentId);
  }
}

export const smaCross = defineStrategy({
  name: 'sma-cross',
  description: 'long when SMA(fast) crosses above SMA(slow) of close, flat when it crosses below',
  params,
  instruments: { min: 1, max: 1000 },
  create: (values) => new SmaCross(values),
});
