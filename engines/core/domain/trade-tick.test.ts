import { describe, expect, it } from 'vitest';
import { tradeTickSchema } from './trade-tick.js';

const trade = { instrumentId: 'AAPL.XNAS', price: 185.64, size: 100, aggressorSide: 'BUYER', tradeId: '123456', ts: 1_704_205_800_000 };

describe('TradeTick', () => {
  it('parses a trade', () => {
    expect(tradeTickSchema.parse(trade)).toEqual(trade);
  });

  it('names every bad field', () => {
    const result = tradeTickSchema.safeParse({ ...trade, size: 0, aggressorSide: 'BUY', tradeId: '' });
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['aggressorSide', 'size', 'tradeId']);
  });
});
