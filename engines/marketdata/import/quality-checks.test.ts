import { describe, expect, it } from 'vitest';
import { parseCsvBars } from './csv-parser.js';
import { checkBars, isGap } from './quality-checks.js';

const header = 'Date,Open,High,Low,Close,Volume';
const check = (rows: string[], spec?: { step: number; unit: 'm' | 'd' | 'w' }) => {
  const parsed = parseCsvBars([header, ...rows].join('\n'), { source: 'x' });
  return checkBars(parsed.bars, spec ? { spec } : {});
};

describe('checkBars', () => {
  it('passes a sound file and infers its step', () => {
    const result = check(['2024-01-02,1,2,0.5,1.5,10', '2024-01-03,1.5,2,1,1.8,0', '2024-01-04,1.8,1.8,1.8,1.8,5']);
    expect(result.report).toEqual({ issues: [], counts: {}, errors: 0, warnings: 0 });
    expect(result.spec).toEqual({ step: 1, unit: 'd' });
  });

  it('names row, column, value and rule for each bad value', () => {
    const result = check([
      '2024-01-02,NaN,2,0.5,1.5,10',
      '2024-01-03,1,2,-0.5,1.5,10',
      '2024-01-04,1,0.5,2,1.5,10',
      '2024-01-05,3,2,0.5,1.5,10',
      '2024-01-08,1,2,0.5,0.4,10',
      '2024-01-09,1,2,0.5,1.5,-1',
      '2024-01-10,1,2,0.5,1.5,',
    ]);
    expect(result.report.issues.map(({ row, column, value, rule }) => [row, column, value, rule])).toEqual([
      [2, 'Open', 'NaN', 'nan-price'],
      [3, 'Low', '-0.5', 'negative-price'],
      [4, 'High', '0.5', 'high-below-low'],
      [5, 'Open', '3', 'open-outside-range'],
      [6, 'Close', '0.4', 'close-outside-range'],
      [7, 'Volume', '-1', 'negative-volume'],
      [8, 'Volume', 'NaN', 'nan-volume'],
    ]);
    expect(result.report.errors).toBe(7);
  });

  it('reports duplicates and out-of-order rows, even far apart', () => {
    const result = check(['2024-01-02,1,1,1,1,1', '2024-01-03,1,1,1,1,1', '2024-01-03,1,1,1,1,1', '2024-01-04,1,1,1,1,1', '2024-01-02,1,1,1,1,1']);
    expect(result.report.issues.map((issue) => [issue.row, issue.rule])).toEqual([
      [4, 'duplicate-timestamp'],
      [6, 'out-of-order'],
      [6, 'duplicate-timestamp'],
    ]);
  });

  it('warns about gaps longer than the step but not about weekends or nights', () => {
    const daily = check(['2024-01-04,1,1,1,1,1', '2024-01-05,1,1,1,1,1', '2024-01-08,1,1,1,1,1', '2024-01-10,1,1,1,1,1']);
    expect(daily.report.issues).toEqual([{ row: 5, column: 'Date', value: '2024-01-10T00:00:00.000Z (previous 2024-01-08T00:00:00.000Z)', rule: 'gap', severity: 'warning' }]);
    expect(daily.report.errors).toBe(0);
    const minute = { step: 1, unit: 'm' } as const;
    const us = (iso: string) => Date.parse(iso) * 1000;
    expect(isGap(us('2024-01-02T15:59:00Z'), us('2024-01-02T16:00:00Z'), minute)).toBe(false);
    expect(isGap(us('2024-01-02T15:58:00Z'), us('2024-01-02T16:00:00Z'), minute)).toBe(true);
    expect(isGap(us('2024-01-02T21:00:00Z'), us('2024-01-03T14:30:00Z'), minute)).toBe(false);
    const weekly = { step: 1, unit: 'w' } as const;
    expect(isGap(us('2024-01-05T00:00:00Z'), us('2024-01-11T00:00:00Z'), weekly)).toBe(false);
    expect(isGap(us('2024-01-05T00:00:00Z'), us('2024-01-19T00:00:00Z'), weekly)).toBe(true);
  });

  it('keeps every count but only the first issues when there are many', () => {
    const rows = Array.from({ length: 50 }, (_, day) => `2024-02-${String(day % 28 + 1).padStart(2, '0')},1,1,1,1,-1`);
    const parsed = parseCsvBars([header, ...rows].join('\n'), { source: 'x' });
    const result = checkBars(parsed.bars, { maxIssues: 10 });
    expect(result.report.issues).toHaveLength(10);
    expect(result.report.counts['negative-volume']).toBe(50);
    expect(result.report.counts['out-of-order']).toBe(22);
  });
});
