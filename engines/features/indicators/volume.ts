/** Volume indicators: OBV, Chaikin A/D line and oscillator, session-anchored VWAP. */
import { periodToK } from '../kernels/stage.js';
import { integerParam, periodParam } from '../params.js';
import type { IndicatorDefinition, IndicatorKernel, IndicatorParams } from '../types.js';
import { defineIndicator } from './define.js';

/** OBV starts from the first bar's volume, as TA-Lib does. */
class ObvKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private started = false;
  private previous = 0;
  private obv = 0;

  step(x: number, volume: number): boolean {
    if (!this.started) {
      this.started = true;
      this.obv = volume;
    } else if (x > this.previous) {
      this.obv += volume;
    } else if (x < this.previous) {
      this.obv -= volume;
    }
    this.previous = x;
    this.out[0] = this.obv;
    return true;
  }

  reset(): void {
    this.started = false;
    this.previous = 0;
    this.obv = 0;
  }
}

export const obv = defineIndicator({
  name: 'obv',
  talib: 'OBV',
  group: 'volume',
  description: 'On Balance Volume',
  inputs: ['real', 'volume'],
  params: [],
  outputs: ['real'],
  lookback: () => 0,
  createKernel: () => new ObvKernel(),
});

/** Money flow multiplier × volume, accumulated; bars with no range add nothing. */
function accumulate(ad: number, high: number, low: number, close: number, volume: number): number {
  const range = high - low;
  return range > 0.0 ? ad + ((close - low - (high - close)) / range) * volume : ad;
}

class AdKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private ad = 0;

  step(high: number, low: number, close: number, volume: number): boolean {
    this.ad = accumulate(this.ad, high, low, close, volume);
    this.out[0] = this.ad;
    return true;
  }

  reset(): void {
    this.ad = 0;
  }
}

export const ad = defineIndicator({
  name: 'ad',
  talib: 'AD',
  group: 'volume',
  description: 'Chaikin A/D Line',
  inputs: ['high', 'low', 'close', 'volume'],
  params: [],
  outputs: ['real'],
  lookback: () => 0,
  createKernel: () => new AdKernel(),
});

/** Chaikin oscillator: fast EMA − slow EMA of the A/D line, both seeded with the first A/D value. */
class AdoscKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly fastK: number;
  private readonly slowK: number;
  private readonly lookback: number;
  private bar = -1;
  private ad = 0;
  private fastEma = 0;
  private slowEma = 0;

  constructor(params: IndicatorParams) {
    this.fastK = periodToK(params.fastperiod);
    this.slowK = periodToK(params.slowperiod);
    this.lookback = Math.max(params.fastperiod, params.slowperiod) - 1;
  }

  step(high: number, low: number, close: number, volume: number): boolean {
    const bar = ++this.bar;
    this.ad = accumulate(this.ad, high, low, close, volume);
    if (bar === 0) {
      this.fastEma = this.ad;
      this.slowEma = this.ad;
    } else {
      this.fastEma = this.fastK * this.ad + (1.0 - this.fastK) * this.fastEma;
      this.slowEma = this.slowK * this.ad + (1.0 - this.slowK) * this.slowEma;
    }
    if (bar < this.lookback) return false;
    this.out[0] = this.fastEma - this.slowEma;
    return true;
  }

  reset(): void {
    this.bar = -1;
    this.ad = 0;
    this.fastEma = 0;
    this.slowEma = 0;
  }
}

export const adosc = defineIndicator({
  name: 'adosc',
  talib: 'ADOSC',
  group: 'volume',
  description: 'Chaikin A/D Oscillator',
  inputs: ['high', 'low', 'close', 'volume'],
  params: [periodParam('fastperiod', 3, 2, 'Number of period for the fast MA'), periodParam('slowperiod', 10, 2, 'Number of period for the slow MA')],
  outputs: ['real'],
  lookback: (params) => Math.max(params.fastperiod, params.slowperiod) - 1,
  createKernel: (params) => new AdoscKernel(params),
});

const MINUTE_MS = 60_000;

/**
 * VWAP anchored to sessions: Σ(typical × volume) / Σ volume since the session began. A session
 * is a fixed-length bucket of `anchor_minutes` starting at 00:00 UTC + `offset_minutes`; while the
 * session has no volume yet the typical price stands in.
 */
class VwapKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly anchorMs: number;
  private readonly offsetMs: number;
  private session = NaN;
  private priceVolume = 0;
  private volume = 0;

  constructor(params: IndicatorParams) {
    this.anchorMs = params.anchor_minutes * MINUTE_MS;
    this.offsetMs = params.offset_minutes * MINUTE_MS;
  }

  step(high: number, low: number, close: number, volume: number, ts: number): boolean {
    const session = Math.floor((ts - this.offsetMs) / this.anchorMs);
    if (session !== this.session) {
      this.session = session;
      this.priceVolume = 0;
      this.volume = 0;
    }
    const typical = (high + low + close) / 3;
    this.priceVolume += typical * volume;
    this.volume += volume;
    this.out[0] = this.volume !== 0 ? this.priceVolume / this.volume : typical;
    return true;
  }

  reset(): void {
    this.session = NaN;
    this.priceVolume = 0;
    this.volume = 0;
  }
}

export const vwap = defineIndicator({
  name: 'vwap',
  group: 'volume',
  description: 'Volume-Weighted Average Price, anchored to sessions (daily UTC by default)',
  inputs: ['high', 'low', 'close', 'volume', 'ts'],
  params: [
    integerParam('anchor_minutes', 1440, 1, 527040, 'Session length in minutes (1440 = daily, 10080 = weekly)'),
    integerParam('offset_minutes', 0, -1440, 1440, 'Session start as minutes after 00:00 UTC'),
  ],
  outputs: ['real'],
  lookback: () => 0,
  createKernel: (params) => new VwapKernel(params),
});

export const volumeIndicators: readonly IndicatorDefinition[] = [obv, ad, adosc, vwap];
