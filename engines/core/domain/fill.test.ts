import { describe, expect, it } from 'vitest';
import { fillSchema, signedFillQty } from './fill.js';

const fill = {
  clientOrderId: 'O-1',
  venueOrderId: 'V-1',
  tradeId: 'T-1',
  instrumentId: 'AAPL.XNAS',
  side: 'SELL',
  qty: 100,
  price: 185.5,
  commission: 1,
  commissionCurrency: 'USD',
  liquidity: 'maker',
  ts: 1_704_205_800_000,
};

describe('Fill', () => {
  it('parses a fill and signs its quantity by side', () => {
    const parsed = fillSchema.parse(fill);
    expect(parsed).toEqual(fill);
    expect(signedFillQty(parsed)).toBe(-100);
    expect(signedFillQty({ ...parsed, side: 'BUY' })).toBe(100);
  });

  it('names every bad field', () => {
    const result = fillSchema.safeParse({ ...fill, qty: 0, price: NaN, liquidity: 'passive', extra: 1 });
    expect(result.error?.issues.map((issue) => issue.path.join('.') || issue.message).sort()).toEqual(['Unrecognized key: "extra"', 'liquidity', 'price', 'qty']);
  });
});
