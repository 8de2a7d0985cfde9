import { describe, expect, it } from 'vitest';
import { parseBarSpec } from '@nws/core';
import { canResample, inferBarSpec, isCalendarSpec } from './bar-step.js';

const can = (source: string, target: string) => canResample(parseBarSpec(source), parseBarSpec(target));

describe('bar steps', () => {
  it('allows coarser targets that hold whole source bars', () => {
    expect([can('1m', '5m'), can('1m', '1h'), can('5m', '1h'), can('1m', '1d'), can('1h', '1w'), can('1d', '1w'), can('1d', '1M'), can('1m', '1m')]).toEqual([true, true, true, true, true, true, true, true]);
    expect([can('5m', '7m'), can('1h', '1m'), can('7m', '1d'), can('1w', '1M'), can('1d', '1h'), can('2d', '1w')]).toEqual([false, false, false, false, false, false]);
  });

  it('infers the usual step nearest a spacing', () => {
    expect([60_000, 290_000, 3_600_000, 86_400_000, 7 * 86_400_000, 30 * 86_400_000].map((ms) => inferBarSpec(ms))).toEqual(
      ['1m', '5m', '1h', '1d', '1w', '1M'].map(parseBarSpec),
    );
    expect(isCalendarSpec(parseBarSpec('1w'))).toBe(true);
    expect(isCalendarSpec(parseBarSpec('4h'))).toBe(false);
  });
});
