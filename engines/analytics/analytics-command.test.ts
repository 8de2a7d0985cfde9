import { describe, expect, it } from 'vitest';
import { NwsError } from '@nws/core';
import { runAnalyticsCommand, toJson } from './analytics-command.js';
import { parseReturnsCsv } from './returns-csv.js';

const RETURNS = 'date,strategy\n2024-01-02,0.01\n2024-01-03,-0.02\n2024-01-04,\n2024-01-05,0.03\n2024-02-01,0.01\n';
const BENCHMARK = 'date,SPY\n2024-01-02,0.005\n2024-01-03,-0.01\n2024-01-05,0.01\n2024-02-01,0.004\n';

describe('nws analytics logic', () => {
  it('computes the metrics from CSV text, matching the benchmark by date', () => {
    const result = runAnalyticsCommand({ returnsCsv: RETURNS, benchmarkCsv: BENCHMARK, periodsPerYear: 252, riskFreeAnnual: 0 });
    expect(result).toMatchObject({ name: 'strategy', benchmarkName: 'SPY', firstDate: '2024-01-02', lastDate: '2024-02-01' });
    expect(result.metrics.totalReturn).toBeCloseTo(1.01 * 0.98 * 1.03 * 1.01 - 1, 12);
    expect(result.metrics.monthly).toHaveLength(2);
    // The 2024-01-04 row is NaN on both sides and is left out of beta.
    expect(result.metrics.benchmark!.beta).toBeCloseTo(2.0, 0);
    const json = JSON.parse(toJson(result)) as { metrics: { sharpe: number | null } };
    expect(typeof json.metrics.sharpe).toBe('number');
  });
  it('names the problem in a bad file', () => {
    expect(() => parseReturnsCsv('date,r\n2024-01-02,abc\n', '--returns')).toThrow(/--returns: line 2: return "abc"/);
    expect(() => parseReturnsCsv('date,r\n2024-01-03,0.1\n2024-01-02,0.1\n', '--returns')).toThrow(/not after/);
    expect(() => parseReturnsCsv('date,a,b\n', '--returns')).toThrow(NwsError);
    expect(() => runAnalyticsCommand({ returnsCsv: RETURNS, riskFreeAnnual: -2 })).toThrow(/--risk-free/);
  });
});
