// Strategy parameters typed into the Lab's form, checked against the declarations the Host sent
// (`backtest.strategies`): every bad field is named before anything is sent.
import type { MethodResult } from '@nws/core';

export type StrategyParamView = MethodResult<'backtest.strategies'>['strategies'][number]['params'][number];

export type ParamText = Record<string, string>;
export type ParamValue = number | boolean | string;

export interface ParamCheck {
  values: Record<string, ParamValue>;
  /** Field name → what is wrong with it; empty when every value is good. */
  problems: Record<string, string>;
}

export function defaultParamText(declarations: readonly StrategyParamView[]): ParamText {
  return Object.fromEntries(declarations.map((declaration) => [declaration.name, String(declaration.default)]));
}

export function checkParam(declaration: StrategyParamView, text: string): { value?: ParamValue; problem?: string } {
  const trimmed = text.trim();
  switch (declaration.type) {
    case 'boolean':
      return trimmed === 'true' || trimmed === 'false' ? { value: trimmed === 'true' } : { problem: 'must be true or false' };
    case 'enum':
      return declaration.values?.includes(trimmed) ? { value: trimmed } : { problem: `must be one of ${(declaration.values ?? []).join(', ')}` };
    case 'int':
    case 'number': {
      const value = Number(trimmed);
      if (trimmed === '' || !Number.isFinite(value)) return { problem: 'must be a number' };
      if (declaration.type === 'int' && !Number.isInteger(value)) return { problem: 'must be a whole number' };
      if (declaration.min !== undefined && value < declaration.min) return { problem: `must be at least ${declaration.min}` };
      if (declaration.max !== undefined && value > declaration.max) return { problem: `must be at most ${declaration.max}` };
      return { value };
    }
  }
}

export function checkParams(declarations: readonly StrategyParamView[], text: ParamText): ParamCheck {
  const values: Record<string, ParamValue> = {};
  const problems: Record<string, string> = {};
  for (const declaration of declarations) {
    const result = checkParam(declaration, text[declaration.name] ?? String(declaration.default));
    if (result.problem !== undefined) problems[declaration.name] = result.problem;
    else values[declaration.name] = result.value!;
  }
  return { values, problems };
}

/** A sweep axis typed as `min:max:step` or a list `5,10,20`; undefined for an empty field (not swept). */
export function parseSweepRange(declaration: StrategyParamView, text: string): { range?: { min: number; max: number; step: number } | number[]; problem?: string } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (declaration.type !== 'int' && declaration.type !== 'number') return { problem: 'only numeric parameters can be swept' };
  const stepped = /^(-?[\d.]+)\s*:\s*(-?[\d.]+)\s*:\s*([\d.]+)$/.exec(trimmed);
  if (stepped !== null) {
    const [min, max, step] = [Number(stepped[1]), Number(stepped[2]), Number(stepped[3])];
    if (!(step > 0) || max < min) return { problem: 'write min:max:step with min ≤ max and step > 0' };
    for (const bound of [min, max]) {
      const check = checkParam(declaration, String(bound));
      if (check.problem !== undefined) return { problem: `${bound} ${check.problem}` };
    }
    return { range: { min, max, step } };
  }
  const list = trimmed.split(',').map((part) => part.trim());
  const values: number[] = [];
  for (const part of list) {
    const check = checkParam(declaration, part);
    if (check.problem !== undefined) return { problem: `${part === '' ? '(empty)' : part} ${check.problem}` };
    values.push(check.value as number);
  }
  return { range: values };
}

/** How many runs a grid over these axes makes. */
export function gridSize(ranges: Record<string, { min: number; max: number; step: number } | number[]>): number {
  return Object.values(ranges).reduce((product, range) => {
    const count = Array.isArray(range) ? range.length : Math.floor((range.max - range.min) / range.step + 1e-9) + 1;
    return product * count;
  }, 1);
}
