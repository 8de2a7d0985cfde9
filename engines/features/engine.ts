/**
 * The indicator engine as one service object, for components that take their dependencies by
 * interface (strategy engine, charts, the Host's worker tasks). Stateless: every call is a pure
 * function of its arguments, so one shared instance serves everyone.
 */
import { computeBatch, type BatchColumns, type BatchOptions, type BatchOutputs } from './batch.js';
import { createIndicator, type Indicator, type IndicatorOptions } from './indicator.js';
import { describeIndicator, indicatorLookback, listIndicators } from './registry.js';
import type { IndicatorInfo } from './types.js';

export interface IndicatorEngine {
  listIndicators(): readonly IndicatorInfo[];
  describeIndicator(name: string): IndicatorInfo;
  lookback(name: string, params?: Readonly<Record<string, unknown>>): number;
  createIndicator(name: string, params?: Readonly<Record<string, unknown>>, options?: IndicatorOptions): Indicator;
  computeBatch(name: string, params: Readonly<Record<string, unknown>> | undefined, columns: BatchColumns, options?: BatchOptions): BatchOutputs;
}

export const IndicatorEngine: IndicatorEngine = Object.freeze({
  listIndicators,
  describeIndicator,
  lookback: indicatorLookback,
  createIndicator,
  computeBatch,
});
