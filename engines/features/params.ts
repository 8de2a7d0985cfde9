/**
 * Parameter specs and validation. Names, defaults and ranges follow TA-Lib (its optIn names
 * lower-cased without the prefix, as ta-lib-python spells them); validation reports every bad
 * parameter at once and lists what is accepted.
 */
import { ErrorCode, NwsError } from '@nws/core';
import { maTypeNames } from './kernels/moving-averages.js';
import type { IndicatorDefinition, IndicatorParams, ParamSpec } from './types.js';

/** TA-Lib's TA_INTEGER_MAX-style bound on periods. */
export const MAX_PERIOD = 100000;
/** TA_REAL_MIN / TA_REAL_MAX. */
export const REAL_MIN = -3e37;
export const REAL_MAX = 3e37;

export function integerParam(name: string, defaultValue: number, min: number, max: number, description: string): ParamSpec {
  return Object.freeze({ name, type: 'integer', default: defaultValue, min, max, description });
}

export function realParam(name: string, defaultValue: number, min: number, max: number, description: string): ParamSpec {
  return Object.freeze({ name, type: 'real', default: defaultValue, min, max, description });
}

export function maTypeParam(name: string, defaultValue: number, description: string): ParamSpec {
  return Object.freeze({ name, type: 'matype', default: defaultValue, min: 0, max: 8, description });
}

export function periodParam(name: string, defaultValue: number, min: number, description = 'Number of period'): ParamSpec {
  return integerParam(name, defaultValue, min, MAX_PERIOD, description);
}

/** Human form of a spec's accepted values, used in error messages. */
export function describeAccepted(spec: ParamSpec): string {
  if (spec.type === 'matype') return `${spec.name} (matype 0..8: ${maTypeNames.map((label, code) => `${code}=${label}`).join(', ')}; default ${spec.default})`;
  const bound = (value: number) => (value === REAL_MIN ? '-3e37' : value === REAL_MAX ? '3e37' : String(value));
  return `${spec.name} (${spec.type} ${bound(spec.min)}..${bound(spec.max)}, default ${spec.default})`;
}

function problemWith(spec: ParamSpec, value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${spec.name} must be a finite number, got ${JSON.stringify(value)}`;
  if (spec.type !== 'real' && !Number.isInteger(value)) return `${spec.name} must be an integer, got ${value}`;
  if (value < spec.min || value > spec.max) return `${spec.name}=${value} is out of range; accepted: ${describeAccepted(spec)}`;
  return undefined;
}

/**
 * Fills defaults and validates. Throws INVALID_ARGUMENT naming every unknown or bad parameter
 * and listing the accepted ones; returns frozen params otherwise.
 */
export function resolveParams(definition: IndicatorDefinition, raw: Readonly<Record<string, unknown>> = {}): IndicatorParams {
  const known = new Map(definition.params.map((spec) => [spec.name, spec]));
  const problems: string[] = [];
  for (const name of Object.keys(raw)) {
    if (!known.has(name)) problems.push(`unknown parameter '${name}'`);
  }
  const resolved: Record<string, number> = {};
  for (const spec of definition.params) {
    const value = raw[spec.name] === undefined ? spec.default : raw[spec.name];
    const problem = problemWith(spec, value);
    if (problem !== undefined) problems.push(problem);
    else resolved[spec.name] = value as number;
  }
  if (problems.length > 0) {
    const accepted = definition.params.length > 0 ? definition.params.map(describeAccepted).join('; ') : 'none';
    throw new NwsError(ErrorCode.InvalidArgument, `${definition.name}: ${problems.join('; ')}. Accepted parameters: ${accepted}`, {
      indicator: definition.name,
      problems,
      accepted: definition.params,
    });
  }
  return Object.freeze(resolved);
}

/**
 * Reads a parameter value typed as text (command line, URL): numbers, and for matype parameters
 * also the type name (`EMA`, case-insensitive). Returns the text unchanged when it is neither, so
 * resolveParams reports it with the others.
 */
export function parseParamText(spec: ParamSpec | undefined, text: string): number | string {
  const trimmed = text.trim();
  if (spec?.type === 'matype') {
    const code = maTypeNames.indexOf(trimmed.toUpperCase());
    if (code >= 0) return code;
  }
  if (trimmed === '') return text;
  const value = Number(trimmed);
  return Number.isNaN(value) ? text : value;
}
