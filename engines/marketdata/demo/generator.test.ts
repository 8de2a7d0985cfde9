import { describe, expect, it } from 'vitest';
import { generateDemoMarket, sessionDays } from './generator.js';
import { DEMO_PROFILES } from './universe.js';

const market = generateDemoMarket({ endDate: '2024-06-28' });

function logReturns(close: Float64Array): number[] {
  return Array.from(close.subarray(1), (value, index) => Math.log(value / close[index]!));
}

function correlation(a: number[], b: number[]): number {
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const ma = mean(a);
  const mb = mean(b);
  let covariance = 0;
  let va = 0;
  let vb = 0;
  for (let index = 0; index < a.length; index++) {
    covariance += (a[index]! - ma) * (b[index]! - mb);
    va += (a[index]! - ma) ** 2;
    vb += (b[index]! - mb) ** 2;
  }
  return covariance / Math.sqrt(va * vb);
}

describe('generateDemoMarket', () => {
  it('builds 24 instruments across 8 sectors with 5 years of daily and 60 days of minute bars', () => {
    expect(market.histories).toHaveLength(24);
    expect(new Set(market.histories.map((history) => history.instrument.sector)).size).toBe(8);
    expect(market.sessions).toHaveLength(1260);
    expect(market.sessions.at(-1)).toBe('2024-06-28');
    for (const history of market.histories) {
      expect(history.daily.tsMs).toHaveLength(1260);
      expect(history.minute.tsMs).toHaveLength(60 * 390);
    }
    expect(market.histories[0]!.instrument).toMatchObject({ id: 'NOVA.SIM', venue: 'SIM', assetClass: 'equity', tickSize: 0.01 });
  });

  it('is the same bit for bit for the same seed and end date, different for another seed', () => {
    const again = generateDemoMarket({ endDate: '2024-06-28', dailySessions: 300, minuteSessions: 3 });
    const same = generateDemoMarket({ endDate: '2024-06-28', dailySessions: 300, minuteSessions: 3 });
    const other = generateDemoMarket({ endDate: '2024-06-28', dailySessions: 300, minuteSessions: 3, seed: 'other' });
    expect(same.histories.map((history) => history.minute)).toEqual(again.histories.map((history) => history.minute));
    expect(same.histories[0]!.daily.close).toEqual(again.histories[0]!.daily.close);
    expect(other.histories[0]!.daily.close).not.toEqual(again.histories[0]!.daily.close);
  });

  it('makes sound bars: cent prices, low <= open, close <= high, whole volumes, weekdays only', () => {
    const unsound: string[] = [];
    for (const history of market.histories) {
      for (const series of [history.daily, history.minute]) {
        for (let index = 0; index < series.tsMs.length; index++) {
          const [open, high, low, close] = [series.open[index]!, series.high[index]!, series.low[index]!, series.close[index]!];
          const sound = low > 0 && low <= Math.min(open, close) && high >= Math.max(open, close);
          const cents = [open, high, low, close].every((price) => Math.round(price * 100) / 100 === price);
          if (!sound || !cents || !Number.isInteger(series.volume[index])) unsound.push(`${history.profile.symbol} ${series.tsMs[index]}`);
        }
      }
      const weekdays = new Set(Array.from(history.daily.tsMs, (ts) => new Date(ts).getUTCDay()));
      expect(weekdays.has(0) || weekdays.has(6)).toBe(false);
    }
    expect(unsound).toEqual([]);
  });

  it('correlates within sectors more than across, and everything with the market', () => {
    const returns = new Map(market.histories.map((history) => [history.profile.symbol, logReturns(history.daily.close)]));
    const sameSector = correlation(returns.get('PTRX')!, returns.get('SHLE')!);
    const acrossSectors = correlation(returns.get('PTRX')!, returns.get('MEDI')!);
    expect(sameSector).toBeGreaterThan(acrossSectors + 0.1);
    expect(acrossSectors).toBeGreaterThan(0.1);
  });

  it('has fat tails and volatility clustering (calm and turbulent regimes)', () => {
    const returns = logReturns(market.histories[0]!.daily.close);
    const mean = returns.reduce((sum, value) => sum + value, 0) / returns.length;
    const variance = returns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / returns.length;
    const kurtosis = returns.reduce((sum, value) => sum + (value - mean) ** 4, 0) / returns.length / variance ** 2;
    expect(kurtosis).toBeGreaterThan(4);
    const absolute = returns.map(Math.abs);
    expect(correlation(absolute.slice(1), absolute.slice(0, -1))).toBeGreaterThan(0.1);
  });

  it('puts minute bars in New York session hours, U-shaped in volume, adding up to the daily bars', () => {
    const history = market.histories[5]!;
    const lastDay = history.daily.tsMs.length - 1;
    const firstMinute = history.minute.tsMs.length - 390;
    expect(new Date(history.minute.tsMs[firstMinute]!).toISOString()).toBe('2024-06-28T13:30:00.000Z');
    expect(new Date(history.minute.tsMs.at(-1)!).toISOString()).toBe('2024-06-28T19:59:00.000Z');
    const minutes = (from: number, to: number) => Array.from(history.minute.high.subarray(firstMinute + from, firstMinute + to));
    expect(history.daily.high[lastDay]).toBe(Math.max(...minutes(0, 390)));
    expect(history.daily.open[lastDay]).toBe(history.minute.open[firstMinute]);
    expect(history.daily.close[lastDay]).toBe(history.minute.close.at(-1));
    let opening = 0;
    let midday = 0;
    for (let day = 0; day < 60; day++) {
      for (let minute = 0; minute < 30; minute++) {
        opening += history.minute.volume[day * 390 + minute]!;
        midday += history.minute.volume[day * 390 + 180 + minute]!;
      }
    }
    expect(opening).toBeGreaterThan(midday * 2);
    expect(DEMO_PROFILES.length).toBeGreaterThanOrEqual(20);
  });

  it('counts sessions back from the end date over weekdays', () => {
    const days = sessionDays('2024-06-03', 3).map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));
    expect(days).toEqual(['2024-05-30', '2024-05-31', '2024-06-03']);
    expect(() => sessionDays('June 3', 3)).toThrow(/not a date YYYY-MM-DD/);
  });
});
