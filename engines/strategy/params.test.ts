import { describe, expect, it } from 'vitest';
import { NwsError } from '@nws/core';
import { declaredRange, parseParamAssignments, resolveStrategyParams } from './params.js';

const declarations = {
  fast: { type: 'int', default: 10, min: 2, max: 50, step: 4, description: 'fast period' },
  ratio: { type: 'number', default: 0.5, min: 0, max: 1, step: 0.25, description: 'a share' },
  long: { type: 'boolean', default: true, description: 'long side' },
  mode: { type: 'enum', values: ['a', 'b'], default: 'a', description: 'mode' },
} as const;

describe('resolveStrategyParams', () => {
  it('fills defaults and parses command-line text to the declared types', () => {
    expect(resolveStrategyParams(declarations, {})).toEqual({ fast: 10, ratio: 0.5, long: true, mode: 'a' });
    expect(resolveStrategyParams(declarations, { fast: '12', ratio: '0.25', long: 'false', mode: 'b' })).toEqual({ fast: 12, ratio: 0.25, long: false, mode: 'b' });
  });

  it('freezes the result', () => {
    expect(Object.isFrozen(resolveStrategyParams(declarations, {}))).toBe(true);
  });

  it('names every bad and unknown parameter in one error', () => {
    let error: unknown;
    try {
      resolveStrategyParams(declarations, { fast: '1.5', ratio: 3, mode: 'c', slow: 4 });
    } catch (caught) {
      error = caught;
    }
    expect(NwsError.is(error, 'INVALID_ARGUMENT')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('fast: must be an integer');
    expect(message).toContain('ratio:');
    expect(message).toContain('mode: must be one of a, b');
    expect(message).toContain('slow');
  });
});

describe('parseParamAssignments', () => {
  it('splits key=value at the first equals sign', () => {
    expect(parseParamAssignments(['fast=10', 'expr=a=b'])).toEqual({ fast: '10', expr: 'a=b' });
  });
  it('refuses text without a key or a repeated key', () => {
    expect(() => parseParamAssignments(['fast'])).toThrow(/must be key=value/);
    expect(() => parseParamAssignments(['fast=1', 'fast=2'])).toThrow(/given twice/);
  });
});

describe('declaredRange', () => {
  it('spans min..max by step for numbers, both booleans and every enum value', () => {
    expect(declaredRange(declarations.fast)).toEqual([2, 6, 10, 14, 18, 22, 26, 30, 34, 38, 42, 46, 50]);
    expect(declaredRange(declarations.ratio)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(declaredRange(declarations.long)).toEqual([false, true]);
    expect(declaredRange(declarations.mode)).toEqual(['a', 'b']);
  });
});
