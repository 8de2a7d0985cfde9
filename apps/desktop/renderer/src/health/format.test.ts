import { describe, expect, it } from 'vitest';
import { formatUtcTimestamp, formatUptime, toneOfState } from './format.js';

describe('health formatting', () => {
  it('formats uptime from the largest non-zero unit down to seconds', () => {
    expect(formatUptime(0)).toBe('0s');
    expect(formatUptime(59_999)).toBe('59s');
    expect(formatUptime(61_000)).toBe('1m 1s');
    expect(formatUptime(3_600_000)).toBe('1h 0m 0s');
    expect(formatUptime(93_784_000)).toBe('1d 2h 3m 4s');
    expect(formatUptime(-5)).toBe('0s');
  });

  it('formats epoch ms as UTC', () => {
    expect(formatUtcTimestamp(Date.UTC(2024, 4, 1, 14, 3, 7, 250))).toBe('2024-05-01 14:03:07');
  });

  it('maps lifecycle states to tones', () => {
    expect(toneOfState('running')).toBe('good');
    expect(toneOfState('degraded')).toBe('warn');
    expect(toneOfState('faulted')).toBe('bad');
    expect(toneOfState('stopped')).toBe('neutral');
  });
});
