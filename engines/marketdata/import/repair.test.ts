import { describe, expect, it } from 'vitest';
import { parseCsvBars } from './csv-parser.js';
import { checkBars } from './quality-checks.js';
import { repairBars } from './repair.js';

describe('repairBars', () => {
  it('drops, fixes and reorders so the checks pass, and says what it did per row', () => {
    const text = [
      'Date,Open,High,Low,Close,Volume',
      '2024-01-03,1,2,0.5,1.5,10', // 2 fine
      '2024-01-02,1,0.5,2,1.5,10', // 3 high/low swapped, out of order
      '2024-01-04,NaN,2,0.5,1.5,10', // 4 dropped
      '2024-01-05,3,2,0.5,1.5,', // 5 high raised, volume set to 0
      '2024-01-05,1,2,0.5,1.5,10', // 6 duplicate of 5: dropped
      '2024-01-08,1,2,0.5,1.5,-5', // 7 dropped
      '2024-01-09,x,2,0.5,1.5,1', // 8 unparseable
    ].join('\n');
    const parsed = parseCsvBars(text, { source: 'x' });
    const { bars, summary } = repairBars(parsed.bars, { issues: parsed.report.issues, count: parsed.report.errors });
    expect([...bars.row]).toEqual([3, 2, 5]);
    expect([...bars.high]).toEqual([2, 2, 3]);
    expect([...bars.low]).toEqual([0.5, 0.5, 0.5]);
    expect([...bars.volume]).toEqual([10, 10, 0]);
    expect(summary.actions.map(({ row, rule, action }) => [row, rule, action])).toEqual([
      [3, 'high-below-low', 'fixed'],
      [3, 'out-of-order', 'fixed'],
      [4, 'nan-price', 'dropped'],
      [5, 'nan-volume', 'fixed'],
      [5, 'open-outside-range', 'fixed'],
      [6, 'duplicate-timestamp', 'dropped'],
      [7, 'negative-volume', 'dropped'],
      [8, 'unparseable', 'dropped'],
    ]);
    expect(summary).toMatchObject({ dropped: 4, fixed: 4 });
    expect(checkBars(bars).report.errors).toBe(0);
  });

  it('changes nothing in a sound file', () => {
    const parsed = parseCsvBars('Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n2024-01-03,1,2,0.5,1.5', { source: 'x' });
    const { bars, summary } = repairBars(parsed.bars);
    expect(bars).toEqual(parsed.bars);
    expect(summary).toEqual({ actions: [], dropped: 0, fixed: 0 });
  });
});
