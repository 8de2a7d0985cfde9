import { describe, expect, it } from 'vitest';
import { createStrategyRegistry } from './builtin-strategies.js';
import { defineStrategy } from './registry.js';
import { SmaCross } from './strategies/sma-cross.js';
import { Strategy } from './strategy.js';
import { CrossDetector } from './strategies/cross-detector.js';

describe('StrategyRegistry', () => {
  it('holds the six built-ins by name', () => {
    expect(createStrategyRegistry().names()).toEqual(['bollinger-breakout', 'buy-and-hold', 'donchian-trend', 'pairs', 'rsi-reversion', 'sma-cross']);
  });

  it('builds a strategy with validated, defaulted params', () => {
    const strategy = createStrategyRegistry().create('sma-cross', { fast: '5' });
    expect(strategy).toBeInstanceOf(SmaCross);
    expect(strategy.params).toEqual({ fast: 5, slow: 30, stake: 1 });
  });

  it('refuses an unknown name, listing the known ones', () => {
    expect(() => createStrategyRegistry().get('sma-crosss')).toThrow(/unknown strategy 'sma-crosss'; known: bollinger-breakout/);
  });

  it('refuses the wrong instrument count', () => {
    expect(() => createStrategyRegistry().create('pairs', {}, 1)).toThrow(/trades 2 instrument\(s\), got 1/);
  });

  it('refuses a duplicate or badly named registration', () => {
    const registry = createStrategyRegistry();
    class Idle extends Strategy {}
    const idle = defineStrategy({ name: 'idle', description: 'does nothing', params: {}, instruments: { min: 1, max: 1 }, create: () => new Idle({}) });
    registry.register(idle);
    expect(() => registry.register(idle)).toThrow(/already registered/);
    expect(() => registry.register({ ...idle, name: 'Bad Name' })).toThrow(/kebab-case/);
  });
});

describe('CrossDetector', () => {
  it('crosses only against the last bar where the lines differed', () => {
    const detector = new CrossDetector();
    // a-b: -1, 0, 0, +1 → up (equal bars in between do not reset); +2 → none; -1 → down.
    const seen = [[1, 2], [2, 2], [3, 3], [4, 3], [5, 3], [1, 2]].map(([a, b]) => detector.update(a!, b!));
    expect(seen).toEqual(['none', 'none', 'none', 'up', 'none', 'down']);
  });

  it('NaN on either side neither crosses nor resets the memory', () => {
    const detector = new CrossDetector();
    const seen = [[1, 2], [Number.NaN, 2], [3, Number.NaN], [3, 2]].map(([a, b]) => detector.update(a!, b!));
    expect(seen).toEqual(['none', 'none', 'none', 'up']);
  });

  it('updateSign follows the same rule from the sign of a - b', () => {
    const bySign = new CrossDetector();
    const byValues = new CrossDetector();
    const pairs = [[1, 2], [2, 2], [4, 3], [4, 4], [1, 3], [2, 1], [Number.NaN, 1]] as const;
    for (const [a, b] of pairs) expect(bySign.updateSign(a > b ? 1 : a < b ? -1 : 0)).toBe(byValues.update(a, b));
  });
});
