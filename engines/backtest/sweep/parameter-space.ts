/**
 * The parameter sets a sweep runs: the full grid over declared (or narrowed) ranges, or a
 * seeded random sample of it. Values a run does not vary stay at `fixed` or the default.
 */
import { ErrorCode, NwsError } from '@nws/core';
import { declaredRange } from '@nws/strategy';
import type { ParamDeclaration, ParamDeclarations, RawParams } from '@nws/strategy';

type ParamScalar = number | boolean | string;

/** Narrows one parameter: explicit values, or a numeric range with a step. */
export type ParamRange = readonly ParamScalar[] | { min: number; max: number; step: number };

export interface ParameterSpaceOptions {
  /** Parameters to vary and how; when absent every int/number/boolean/enum parameter with a declared range varies. */
  ranges?: Readonly<Record<string, ParamRange>>;
  /** Values for parameters that do not vary (default: declared defaults). */
  fixed?: RawParams;
  /** Keeps only sets this accepts (e.g. `(p) => p.fast < p.slow`). */
  accept?: (params: RawParams) => boolean;
}

/** Refuse runaway grids: beyond this the user should narrow ranges or sample randomly. */
export const MAX_GRID_SIZE = 1_000_000;

function valuesOf(name: string, declaration: ParamDeclaration | undefined, range: ParamRange | undefined): ParamScalar[] {
  if (declaration === undefined) throw new NwsError(ErrorCode.InvalidArgument, `sweep range for '${name}': the strategy declares no such parameter`);
  if (range === undefined) return declaredRange(declaration);
  if (Array.isArray(range)) {
    if (range.length === 0) throw new NwsError(ErrorCode.InvalidArgument, `sweep range for '${name}' has no values`);
    return [...range];
  }
  const { min, max, step } = range as { min: number; max: number; step: number };
  if (![min, max, step].every(Number.isFinite) || step <= 0 || max < min) {
    throw new NwsError(ErrorCode.InvalidArgument, `sweep range for '${name}' must have min <= max and a positive step, got ${min}..${max} by ${step}`);
  }
  const values: number[] = [];
  for (let index = 0; min + index * step <= max + 1e-9 * Math.max(1, Math.abs(max)); index++) {
    values.push(Number((min + index * step).toPrecision(12)));
  }
  return values;
}

function axesOf(declarations: ParamDeclarations, options: ParameterSpaceOptions): Array<[string, ParamScalar[]]> {
  const names = options.ranges === undefined ? Object.keys(declarations) : Object.keys(options.ranges);
  return names.map((name) => [name, valuesOf(name, declarations[name], options.ranges?.[name])]);
}

/** Every combination, first parameter varying slowest; deterministic order. */
export function gridParameterSets(declarations: ParamDeclarations, options: ParameterSpaceOptions = {}): RawParams[] {
  const axes = axesOf(declarations, options);
  const size = axes.reduce((product, [, values]) => product * values.length, 1);
  if (size > MAX_GRID_SIZE) {
    throw new NwsError(ErrorCode.InvalidArgument, `the grid has ${size} parameter sets (more than ${MAX_GRID_SIZE}); narrow the ranges or use a random search`);
  }
  const sets: RawParams[] = [];
  const current: Record<string, ParamScalar> = { ...(options.fixed ?? {}) };
  const visit = (axis: number): void => {
    if (axis === axes.length) {
      const params = Object.freeze({ ...current });
      if (options.accept === undefined || options.accept(params)) sets.push(params);
      return;
    }
    const [name, values] = axes[axis]!;
    for (const value of values) {
      current[name] = value;
      visit(axis + 1);
    }
  };
  visit(0);
  return sets;
}

/** Mulberry32: small, fast, seedable; the same seed gives the same sample on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `count` distinct sets drawn uniformly from the grid (fewer when the grid, after `accept`, is
 * smaller). Seeded: the same seed gives the same sets.
 */
export function randomParameterSets(declarations: ParamDeclarations, count: number, seed = 1, options: ParameterSpaceOptions = {}): RawParams[] {
  if (!Number.isSafeInteger(count) || count < 1) throw new NwsError(ErrorCode.InvalidArgument, `random search count ${count} must be a positive integer`);
  const axes = axesOf(declarations, options);
  const random = seededRandom(seed);
  const seen = new Set<string>();
  const sets: RawParams[] = [];
  // Give up after many misses, so a small or mostly rejected space cannot loop forever.
  for (let attempts = 0; sets.length < count && attempts < count * 50; attempts++) {
    const params: Record<string, ParamScalar> = { ...(options.fixed ?? {}) };
    for (const [name, values] of axes) params[name] = values[Math.floor(random() * values.length)]!;
    const key = JSON.stringify(params);
    if (seen.has(key)) continue;
    seen.add(key);
    if (options.accept !== undefined && !options.accept(params)) continue;
    sets.push(Object.freeze(params));
  }
  return sets;
}
