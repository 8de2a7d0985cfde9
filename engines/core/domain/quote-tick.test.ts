import { describe, expect, it } from 'vitest';
import { midPrice, quoteTickSchema, spread } from './quote-tick.js';

const quote = { instrumentId: 'EUR/USD.IDEALPRO', bid: 1.08512, ask: 1.08517, bidSize: 1_000_000, askSize: 2_000_000, ts: 1_704_205_800_000 };

describe('QuoteTick', () => {
  it('parses a quote and gives mid and spread', () => {
    const parsed = quoteTickSchema.parse(quote);
    expect(midPrice(parsed)).toBeCloseTo(1.085145, 10);
    expect(spread(parsed)).toBeCloseTo(0.00005, 10);
  });

  it('allows a locked market and refuses a crossed one on the bid', () => {
    expect(quoteTickSchema.safeParse({ ...quote, ask: quote.bid }).success).toBe(true);
    const crossed = quoteTickSchema.safeParse({ ...quote, bid: 1.0852 });
    expect(crossed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['bid', 'bid 1.0852 is above ask 1.08517']]);
  });

  it('refuses negative sizes, NaN prices and fractional ts', () => {
    const result = quoteTickSchema.safeParse({ ...quote, bidSize: -1, ask: NaN, ts: 1.5 });
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['ask', 'bidSize', 'ts']);
  });
});
