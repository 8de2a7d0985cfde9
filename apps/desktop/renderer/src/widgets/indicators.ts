// Chart indicators, computed in the renderer by the features engine's own definitions
// (@nws/features is isomorphic, and its batch kernels reproduce TA-Lib), so an overlay here shows
// exactly the numbers `nws indicators` and the Host's live features give for the same bars.
import { computeBatch } from '@nws/features';
import type { ChartIndicator } from '../dashboard/layout-schema.js';

export const INDICATOR_LABELS: Readonly<Record<ChartIndicator, string>> = {
  sma20: 'SMA 20',
  sma50: 'SMA 50',
  ema20: 'EMA 20',
  bbands20: 'Bollinger 20, 2σ',
  rsi14: 'RSI 14 (pane)',
  macd: 'MACD 12/26/9 (pane)',
};

/** One line to draw: which pane (0 = over the candles), its colour and its values (NaN = warm-up). */
export interface IndicatorLine {
  key: string;
  pane: 'price' | 'rsi' | 'macd';
  color: string;
  style: 'line' | 'histogram';
  values: Float64Array;
}

interface Spec {
  name: string;
  params: Record<string, number>;
  pane: IndicatorLine['pane'];
  outputs: ReadonlyArray<{ output: string; color: string; style?: IndicatorLine['style'] }>;
}

const SPECS: Readonly<Record<ChartIndicator, Spec>> = {
  sma20: { name: 'SMA', params: { timeperiod: 20 }, pane: 'price', outputs: [{ output: 'real', color: '#f5a623' }] },
  sma50: { name: 'SMA', params: { timeperiod: 50 }, pane: 'price', outputs: [{ output: 'real', color: '#b26bf5' }] },
  ema20: { name: 'EMA', params: { timeperiod: 20 }, pane: 'price', outputs: [{ output: 'real', color: '#29b6f6' }] },
  bbands20: {
    name: 'BBANDS',
    params: { timeperiod: 20, nbdevup: 2, nbdevdn: 2 },
    pane: 'price',
    outputs: [
      { output: 'upperband', color: '#8d99ae' },
      { output: 'middleband', color: '#6c7a89' },
      { output: 'lowerband', color: '#8d99ae' },
    ],
  },
  rsi14: { name: 'RSI', params: { timeperiod: 14 }, pane: 'rsi', outputs: [{ output: 'real', color: '#e0a42e' }] },
  macd: {
    name: 'MACD',
    params: { fastperiod: 12, slowperiod: 26, signalperiod: 9 },
    pane: 'macd',
    outputs: [
      { output: 'macdhist', color: '#7d8ea3', style: 'histogram' },
      { output: 'macd', color: '#3fa7f5' },
      { output: 'macdsignal', color: '#f0524f' },
    ],
  },
};

/** The lines of `indicators` over the close column. */
export function indicatorLines(indicators: readonly ChartIndicator[], close: ArrayLike<number>): IndicatorLine[] {
  const lines: IndicatorLine[] = [];
  for (const indicator of indicators) {
    const spec = SPECS[indicator];
    const outputs = computeBatch(spec.name, spec.params, { close });
    for (const { output, color, style } of spec.outputs) {
      const values = outputs[output];
      if (values !== undefined) lines.push({ key: `${indicator}.${output}`, pane: spec.pane, color, style: style ?? 'line', values });
    }
  }
  return lines;
}
