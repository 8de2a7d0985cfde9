import { describe, expect, it } from 'vitest';
import { orderBookDepthSchema } from './order-book-depth.js';

const levels = (start: number, step: number, count: number) => Array.from({ length: count }, (_, index) => ({ price: start + index * step, size: 100 + index }));

const depth = { instrumentId: 'ESZ24.XCME', bids: levels(4500, -0.25, 10), asks: levels(4500.25, 0.25, 10), ts: 1_704_205_800_000 };

describe('OrderBookDepth', () => {
  it('accepts ten ordered levels a side, and empty sides', () => {
    expect(orderBookDepthSchema.parse(depth).bids[0]).toEqual({ price: 4500, size: 100 });
    expect(orderBookDepthSchema.safeParse({ ...depth, bids: [], asks: [] }).success).toBe(true);
  });

  it('refuses more than ten levels', () => {
    expect(orderBookDepthSchema.safeParse({ ...depth, asks: levels(4500.25, 0.25, 11) }).error?.issues[0]?.path).toEqual(['asks']);
  });

  it('refuses levels out of order and a crossed book, pointing at the level', () => {
    const bids = [{ price: 4500, size: 1 }, { price: 4500.5, size: 1 }];
    const asks = [{ price: 4499, size: 1 }, { price: 4499, size: 1 }];
    const result = orderBookDepthSchema.safeParse({ ...depth, bids, asks });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['bids.1.price', 'asks.1.price', 'bids.0.price']);
    expect(result.error?.issues[2]?.message).toBe('best bid 4500 is above best ask 4499');
  });

  it('refuses a zero-size level', () => {
    expect(orderBookDepthSchema.safeParse({ ...depth, bids: [{ price: 4500, size: 0 }] }).success).toBe(false);
  });
});
