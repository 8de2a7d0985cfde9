/**
 * sma-cross: SMA(fast) and SMA(slow) of close. Flat and fast crosses above slow → market buy
 * `stake` units; long and fast crosses below slow → close the position. With several
 * instruments, each is traded on its own SMAs.
 */
import type { Bar, InstrumentId } from '@nws/core';
import type { Indicator } from '@nws/features';
import { defineStrategy } from '../registry.js';
import { Strategy } from '../strategy.js';
import { CrossDetector } from './cross-detector.js';

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
  private readonly states = new Map<InstrumentId, InstrumentState>();

  override onStart(): void {
    for (const instrumentId of this.ctx.instrumentIds) {
      this.states.set(instrumentId, {
        fastSma: this.indicator('sma', { timeperiod: this.params.fast }),
        slowSma: this.indicator('sma', { timeperiod: this.params.slow }),
        cross: new CrossDetector(),
      });
    }
  }

  override onBar(bar: Bar): void {
    const instrumentId = bar.barType.instrumentId;
    const state = this.states.get(instrumentId);
    if (state === undefined) return;
    const fast = state.fastSma.update(bar.close);
    const slow = state.slowSma.update(bar.close);
    if (fast === null || slow === null) return;
    const crossing = state.cross.update(fast.real!, slow.real!);
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
