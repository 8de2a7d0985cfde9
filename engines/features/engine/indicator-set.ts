/**
 * Indicator sets: several indicators computed together over one bar series. Pure data in and out
 * (typed arrays and plain objects only), so a set runs as well in a worker thread as in process.
 */
import { ErrorCode, NwsError } from '@nws/core';
import { checkedSource, computeWithDefinition, type BatchColumns, type BatchOutputs, type PriceField } from '../batch.js';
import { resolveParams } from '../params.js';
import { getIndicatorDefinition } from '../registry.js';
import type { IndicatorDefinition, IndicatorParams } from '../types.js';

/** One indicator of a set as a caller writes it. */
export interface IndicatorSpec {
  /** Indicator name, any case: `rsi`, `MACD`. */
  name: string;
  /** Parameters by TA-Lib name; omitted ones take their defaults. */
  params?: Readonly<Record<string, unknown>>;
  /** Names the values in storage and on the bus; default from name and parameters, e.g. `rsi_14`. */
  key?: string;
  /** Column read for `real` inputs; default `close`. */
  source?: PriceField;
}

/** A checked spec: canonical name, every parameter resolved, its key. Plain data. */
export interface ResolvedIndicatorSpec {
  readonly key: string;
  readonly name: string;
  readonly params: IndicatorParams;
  readonly source: PriceField;
  readonly outputs: readonly string[];
}

export interface IndicatorSetRequest {
  columns: BatchColumns;
  indicators: readonly IndicatorSpec[];
}

export interface IndicatorSetValues {
  key: string;
  name: string;
  params: IndicatorParams;
  /** Output name → one value per input row, NaN during warm-up. */
  outputs: BatchOutputs;
}

export interface IndicatorSetResult {
  rows: number;
  values: IndicatorSetValues[];
}

const KEY_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** `2` → `2`, `0.02` → `0p02`, `-1.5` → `m1p5`: parameter values as key-safe text. */
function keyPart(value: number): string {
  return String(value).replace('-', 'm').replace('.', 'p');
}

/**
 * The default key of an indicator: its name and resolved parameter values in declaration order
 * (`macd_12_26_9`), plus the source when a single-series indicator reads something else than close.
 */
export function featureKey(definition: IndicatorDefinition, params: IndicatorParams, source: PriceField = 'close'): string {
  const parts = [definition.name, ...definition.params.map((spec) => keyPart(params[spec.name]!))];
  if (source !== 'close' && definition.inputs.includes('real')) parts.push(source);
  return parts.join('_');
}

/**
 * Checks a whole set before anything is computed: every problem (unknown indicator, bad parameter,
 * bad key, duplicate key) is named in one INVALID_ARGUMENT error, prefixed by its position.
 */
export function resolveIndicatorSet(specs: readonly IndicatorSpec[]): ResolvedIndicatorSpec[] {
  if (!Array.isArray(specs) || specs.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'indicators: give at least one { name, params? }');
  const problems: string[] = [];
  const resolved: ResolvedIndicatorSpec[] = [];
  const seen = new Set<string>();
  specs.forEach((spec, index) => {
    try {
      const one = resolveOne(spec);
      if (seen.has(one.key)) throw new NwsError(ErrorCode.InvalidArgument, `key '${one.key}' is used twice; give one of them another key`);
      seen.add(one.key);
      resolved.push(one);
    } catch (error) {
      if (!(error instanceof NwsError)) throw error;
      problems.push(`indicators[${index}]: ${error.message}`);
    }
  });
  if (problems.length > 0) throw new NwsError(ErrorCode.InvalidArgument, problems.join('; '), { problems });
  return resolved;
}

function resolveOne(spec: IndicatorSpec): ResolvedIndicatorSpec {
  if (typeof spec !== 'object' || spec === null) throw new NwsError(ErrorCode.InvalidArgument, 'must be an object { name, params?, key?, source? }');
  const definition = getIndicatorDefinition(spec.name);
  const params = resolveParams(definition, spec.params);
  const source = checkedSource(spec.source);
  const key = spec.key ?? featureKey(definition, params, source);
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new NwsError(ErrorCode.InvalidArgument, `key ${JSON.stringify(key)} must be 1-128 letters, digits, '_' or '-'`);
  }
  return Object.freeze({ key, name: definition.name, params, source, outputs: definition.outputs });
}

/** Computes every indicator of the set over the same columns. */
export function computeIndicatorSet(request: IndicatorSetRequest): IndicatorSetResult {
  if (typeof request !== 'object' || request === null || typeof request.columns !== 'object' || request.columns === null) {
    throw new NwsError(ErrorCode.InvalidArgument, 'computeIndicatorSet: give { columns, indicators }');
  }
  const specs = resolveIndicatorSet(request.indicators);
  const values = specs.map((spec) => ({
    key: spec.key,
    name: spec.name,
    params: spec.params,
    outputs: computeWithDefinition(getIndicatorDefinition(spec.name), spec.params, request.columns, { source: spec.source }),
  }));
  return { rows: rowCount(values), values };
}

function rowCount(values: readonly IndicatorSetValues[]): number {
  const first = values[0] && Object.values(values[0].outputs)[0];
  return first === undefined ? 0 : first.length;
}
