import { describe, expect, it } from 'vitest';
import { ErrorCode, NwsError } from '../errors.js';
import { bracket } from './bracket.js';
import type { BracketSpec } from './bracket.js';
import { clientOrderId, parseInstrumentId } from './ids.js';
import { orderRequestSchema } from './order.js';

function sequentialIds(): () => ReturnType<typeof clientOrderId> {
  let next = 1;
  return () => clientOrderId(`O-${next++}`);
}

const buy: BracketSpec = {
  instrumentId: parseInstrumentId('AAPL.XNAS'),
  side: 'BUY',
  quantity: 100,
  entryPrice: 150,
  takeProfitPrice: 160,
  stopLossTriggerPrice: 145,
  nextId: sequentialIds(),
};

describe('bracket', () => {
  it('links a limit entry (oto) to a take-profit and stop-loss (oco)', () => {
    const { entry, takeProfit, stopLoss } = bracket({ ...buy, nextId: sequentialIds() });
    expect(entry).toMatchObject({ type: 'LIMIT', side: 'BUY', price: 150, quantity: 100, clientOrderId: 'O-1', contingency: 'oto', linkedOrderIds: ['O-2', 'O-3'] });
    expect(takeProfit).toMatchObject({
      type: 'LIMIT',
      side: 'SELL',
      price: 160,
      clientOrderId: 'O-2',
      parentOrderId: 'O-1',
      contingency: 'oco',
      linkedOrderIds: ['O-3'],
      ocoGroupId: 'O-1-OCO',
      reduceOnly: true,
      timeInForce: 'GTC',
    });
    expect(stopLoss).toMatchObject({ type: 'STOP_MARKET', side: 'SELL', triggerPrice: 145, clientOrderId: 'O-3', parentOrderId: 'O-1', linkedOrderIds: ['O-2'], ocoGroupId: 'O-1-OCO' });
  });

  it('builds a market entry and a stop-limit exit for a SELL', () => {
    const { entry, stopLoss } = bracket({
      ...buy,
      side: 'SELL',
      entryPrice: undefined,
      takeProfitPrice: 140,
      stopLossTriggerPrice: 155,
      stopLossLimitPrice: 156,
      nextId: sequentialIds(),
    });
    expect(entry.type).toBe('MARKET');
    expect(stopLoss).toMatchObject({ type: 'STOP_LIMIT', side: 'BUY', triggerPrice: 155, price: 156 });
  });

  it('produces legs that each pass the order schema', () => {
    const legs = bracket({ ...buy, nextId: sequentialIds() });
    for (const leg of Object.values(legs)) expect(orderRequestSchema.safeParse(leg).success).toBe(true);
  });

  it('lists every price on the wrong side', () => {
    let caught: unknown;
    try {
      bracket({ ...buy, takeProfitPrice: 140, stopLossTriggerPrice: 152, nextId: sequentialIds() });
    } catch (error) {
      caught = error;
    }
    expect(NwsError.is(caught, ErrorCode.InvalidOrder)).toBe(true);
    expect((caught as NwsError).message).toBe(
      'invalid bracket: takeProfitPrice 140 must be above stopLossTriggerPrice 152 for a BUY; ' +
        'takeProfitPrice 140 must be above entryPrice 150 for a BUY; ' +
        'stopLossTriggerPrice 152 must be below entryPrice 150 for a BUY',
    );
  });

  it('refuses a bad quantity or price before taking any id', () => {
    let taken = 0;
    const nextId = () => clientOrderId(`O-${++taken}`);
    expect(() => bracket({ ...buy, quantity: 0, nextId })).toThrowError('invalid bracket: quantity 0 must be a positive number');
    expect(() => bracket({ ...buy, takeProfitPrice: NaN, stopLossTriggerPrice: Infinity, nextId })).toThrowError(
      'invalid bracket: takeProfitPrice NaN is not a finite number; stopLossTriggerPrice Infinity is not a finite number',
    );
    expect(taken).toBe(0);
  });
});
