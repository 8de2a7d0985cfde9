/**
 * Strategy parameters declared once (type, default, range) and used three ways: to validate a
 * run's parameters, to parse `--param k=v` from the command line, and to span sweep grids.
 */
import { z } from 'zod';
import { ErrorCode, NwsError, describeIssues } from '@nws/core';

interface NumericParam<T extends 'int' | 'number'> {
  type: T;
  default: number;
  /** Smallest value accepted (inclusive). */
  min: number;
  /** Largest value accepted (inclusive). */
  max: number;
  /** Grid step for sweeps; defaults to 1 for int, (max - min) / 10 for number. */
  step?: number;
  description: string;
}
export type IntParam = NumericParam<'int'>;
export type NumberParam = NumericParam<'number'>;
export interface BooleanParam {
  type: 'boolean';
  default: boolean;
  description: string;
}
export interface EnumParam<V extends string = string> {
  type: 'enum';
  values: readonly V[];
  default: V;
  description: string;
}
export type ParamDeclaration = IntParam | NumberParam | BooleanParam | EnumParam;
export type ParamDeclarations = Readonly<Record<string, ParamDeclaration>>;

/** The value type each declaration yields. */
export type ParamValue<D extends ParamDeclaration> = D extends BooleanParam ? boolean : D extends EnumParam<infer V> ? V : number;
export type ParamValues<D extends ParamDeclarations> = { readonly [K in keyof D]: ParamValue<D[K]> };
/** Parameters as they travel (JSON, worker messages, sweep rows). */
export type RawParams = Readonly<Record<string, number | boolean | string>>;

/** Text from the command line (`"10"`, `"true"`) as the declared type; anything else is passed as is. */
function coerce(declaration: ParamDeclaration, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (declaration.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : value;
  if (declaration.type === 'int' || declaration.type === 'number') return text === '' ? value : Number(text);
  return text;
}

function valueSchema(declaration: ParamDeclaration): z.ZodType {
  switch (declaration.type) {
    case 'int':
      return z.number({ error: 'must be an integer' }).int('must be an integer').min(declaration.min).max(declaration.max);
    case 'number':
      return z.number({ error: 'must be a finite number' }).min(declaration.min).max(declaration.max);
    case 'boolean':
      return z.boolean({ error: 'must be true or false' });
    case 'enum':
      return z.enum(declaration.values as [string, ...string[]], { error: `must be one of ${declaration.values.join(', ')}` });
  }
}

/** A strict zod schema for the declared parameters: defaults filled, unknown keys refused. */
export function paramsSchema(declarations: ParamDeclarations): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, declaration] of Object.entries(declarations)) {
    shape[name] = z.preprocess((value) => coerce(declaration, value), valueSchema(declaration).optional()).default(declaration.default as never);
  }
  return z.strictObject(shape);
}

/**
 * Validates `input` against the declarations and fills defaults. Throws INVALID_ARGUMENT naming
 * every bad or unknown parameter at once. The result is frozen.
 */
export function resolveStrategyParams<D extends ParamDeclarations>(declarations: D, input: Readonly<Record<string, unknown>> = {}): ParamValues<D> {
  const result = paramsSchema(declarations).safeParse(input);
  if (!result.success) {
    throw new NwsError(ErrorCode.InvalidArgument, `invalid strategy parameters: ${describeIssues(result.error.issues)}`, result.error.issues);
  }
  return Object.freeze(result.data) as ParamValues<D>;
}

/** `['fast=10', 'slow=30']` → `{ fast: '10', slow: '30' }`; refuses text without `=` or a repeated key. */
export function parseParamAssignments(assignments: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const assignment of assignments) {
    const equals = assignment.indexOf('=');
    if (equals <= 0) throw new NwsError(ErrorCode.InvalidArgument, `--param '${assignment}' must be key=value, e.g. fast=10`);
    const key = assignment.slice(0, equals).trim();
    if (key in params) throw new NwsError(ErrorCode.InvalidArgument, `--param ${key} is given twice`);
    params[key] = assignment.slice(equals + 1);
  }
  return params;
}

/** A declared range longer than this is not a sweep axis (e.g. a stake up to 1e12). */
const MAX_RANGE_VALUES = 100_000;

/** Every value a declaration spans in a grid: min..max by step, both booleans, every enum value. */
export function declaredRange(declaration: ParamDeclaration): Array<number | boolean | string> {
  switch (declaration.type) {
    case 'boolean':
      return [false, true];
    case 'enum':
      return [...declaration.values];
    case 'int':
    case 'number': {
      const step = declaration.step ?? (declaration.type === 'int' ? 1 : (declaration.max - declaration.min) / 10);
      if (!(step > 0)) return [declaration.min];
      const count = Math.floor((declaration.max - declaration.min) / step + 1e-9);
      if (count >= MAX_RANGE_VALUES) {
        throw new NwsError(ErrorCode.InvalidArgument, `the declared range ${declaration.min}..${declaration.max} by ${step} has ${count + 1} values; narrow the range for a sweep`);
      }
      const values: number[] = [];
      for (let i = 0; i <= count; i++) values.push(declaration.type === 'int' ? Math.round(declaration.min + i * step) : declaration.min + i * step);
      return values;
    }
  }
}

/** Human-readable one-line summary of a declaration, for `--help` and `nws backtest --list`. */
export function describeParam(name: string, declaration: ParamDeclaration): string {
  const range =
    declaration.type === 'int' || declaration.type === 'number'
      ? ` ${declaration.type} in [${declaration.min}, ${declaration.max}]`
      : declaration.type === 'enum'
        ? ` one of ${declaration.values.join('|')}`
        : ' boolean';
  return `${name}:${range}, default ${String(declaration.default)} — ${declaration.description}`;
}
