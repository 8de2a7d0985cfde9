import { describe, expect, it } from 'vitest';
import { checkParams, gridSize, parseSweepRange, type StrategyParamView } from './param-validation.js';

const fast: StrategyParamView = { name: 'fast', type: 'int', default: 10, min: 2, max: 1000, description: 'fast SMA' };
const stake: StrategyParamView = { name: 'stake', type: 'number', default: 1, min: 0.000001, max: 1e12, description: 'units' };
const flag: StrategyParamView = { name: 'short', type: 'boolean', default: false, description: 'allow shorts' };

describe('Backtest Lab parameter checks', () => {
  it('turns good text into typed values and names every bad field', () => {
    expect(checkParams([fast, stake, flag], { fast: '12', stake: '2.5', short: 'true' })).toEqual({ values: { fast: 12, stake: 2.5, short: true }, problems: {} });
    expect(checkParams([fast, stake, flag], { fast: '1', stake: 'lots', short: 'yes' }).problems).toEqual({
      fast: 'must be at least 2',
      stake: 'must be a number',
      short: 'must be true or false',
    });
    expect(checkParams([fast], { fast: '10.5' }).problems).toEqual({ fast: 'must be a whole number' });
  });

  it('reads sweep ranges as min:max:step or a list and counts the grid', () => {
    expect(parseSweepRange(fast, '5:20:5')).toEqual({ range: { min: 5, max: 20, step: 5 } });
    expect(parseSweepRange(fast, '5, 8,13')).toEqual({ range: [5, 8, 13] });
    expect(parseSweepRange(fast, '')).toEqual({});
    expect(parseSweepRange(fast, '20:5:5').problem).toMatch(/min ≤ max/);
    expect(parseSweepRange(fast, '1:5:1').problem).toBe('1 must be at least 2');
    expect(parseSweepRange(flag, 'true,false').problem).toBe('only numeric parameters can be swept');
    expect(gridSize({ fast: { min: 5, max: 20, step: 5 }, slow: [30, 40, 50] })).toBe(12);
  });
});
