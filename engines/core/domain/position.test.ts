import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import { parseInstrumentId, positionId } from './ids.js';
import type { InstrumentId } from './ids.js';
import type { OrderSide } from './order.js';
import { applyFill, createPosition, notionalValue, positionSchema, totalPnl, unrealizedPnl } from './position.js';
import type { Position } from './position.js';
import { price, quantity } from './price.js';

const AAPL = parseInstrumentId('AAPL.XNAS');
const ES = parseInstrumentId('ESZ24.XCME');

function flat(instrumentId: InstrumentId = AAPL, multiplier = 1): Position {
  return createPosition({ id: positionId('P-1'), instrumentId, currency: 'USD', multiplier, ts: 0 });
}

let clock = 0;
function trade(side: OrderSide, qty: number, px: number, extra: { commission?: number; commissionCurrency?: string; instrumentId?: InstrumentId } = {}) {
  clock += 1_000;
  return {
    instrumentId: extra.instrumentId ?? AAPL,
    side,
    qty: quantity(qty),
    price: price(px),
    commission: extra.commission ?? 0,
    commissionCurrency: extra.commissionCurrency ?? 'USD',
    ts: clock,
  };
}

function run(position: Position, ...fills: ReturnType<typeof trade>[]): Position {
  return fills.reduce((current, fill) => applyFill(current, fill), position);
}

describe('Position.applyFill', () => {
  it('opens and increases a long, re-weighting the average', () => {
    const position = run(flat(), trade('BUY', 100, 10), trade('BUY', 100, 12));
    expect(position).toMatchObject({ netQty: 200, side: 'LONG', avgOpenPrice: 11, realizedPnl: 0, fillCount: 2 });
  });

  it('realises on a partial close at the old average and keeps the average', () => {
    // long 200 @ 11, sell 50 @ 15: (15 - 11) x 50 = 200
    const position = run(flat(), trade('BUY', 100, 10), trade('BUY', 100, 12), trade('SELL', 50, 15));
    expect(position).toMatchObject({ netQty: 150, side: 'LONG', avgOpenPrice: 11, realizedPnl: 200 });
  });

  it('goes flat on a full close, recording when', () => {
    // then sell 150 @ 9: (9 - 11) x 150 = -300, total 200 - 300 = -100
    const position = run(flat(), trade('BUY', 100, 10), trade('BUY', 100, 12), trade('SELL', 50, 15), trade('SELL', 150, 9));
    expect(position).toMatchObject({ netQty: 0, side: 'FLAT', avgOpenPrice: 0, realizedPnl: -100, closedTs: clock });
    expect(unrealizedPnl(position, 50)).toBe(0);
  });

  it('flips through zero: realises the closed part, opens the rest at the fill price', () => {
    // long 100 @ 10, sell 150 @ 12: realise (12 - 10) x 100 = 200, short 50 @ 12
    const flipped = run(flat(), trade('BUY', 100, 10), trade('SELL', 150, 12));
    expect(flipped).toMatchObject({ netQty: -50, side: 'SHORT', avgOpenPrice: 12, realizedPnl: 200, openedTs: clock });
    // cover 50 @ 11: a short gains (12 - 11) x 50 = 50
    const covered = applyFill(flipped, trade('BUY', 50, 11));
    expect(covered).toMatchObject({ netQty: 0, side: 'FLAT', realizedPnl: 250 });
  });

  it('values a short: gains when the mark falls', () => {
    const short = run(flat(), trade('SELL', 10, 100));
    expect(short).toMatchObject({ netQty: -10, side: 'SHORT', avgOpenPrice: 100 });
    expect(unrealizedPnl(short, 90)).toBe(100);
    expect(unrealizedPnl(short, 103)).toBe(-30);
  });

  it('applies the multiplier to realised and unrealised P&L', () => {
    // ES at $50 a point: long 2 @ 4500, mark 4510 -> 10 x 2 x 50 = 1000
    const long = run(flat(ES, 50), trade('BUY', 2, 4500, { instrumentId: ES }));
    expect(unrealizedPnl(long, 4510)).toBe(1_000);
    expect(notionalValue(long, 4510)).toBe(451_000);
    // sell 2 @ 4505.25 -> 5.25 x 2 x 50 = 525
    const closed = applyFill(long, trade('SELL', 2, 4505.25, { instrumentId: ES }));
    expect(closed.realizedPnl).toBe(525);
  });

  it('deducts commissions in the position currency and tracks others apart', () => {
    const position = run(
      flat(),
      trade('BUY', 100, 10, { commission: 1 }),
      trade('SELL', 100, 11, { commission: 1.5 }),
      trade('BUY', 10, 11, { commission: 0.02, commissionCurrency: 'BNB' }),
    );
    // (11 - 10) x 100 - 1 - 1.5 = 97.5; the BNB fee is not netted
    expect(position.realizedPnl).toBe(97.5);
    expect(position.commissions).toEqual({ USD: 2.5, BNB: 0.02 });
    expect(totalPnl(position, 12)).toBe(97.5 + 10);
  });

  it('lands exactly flat after fractional fills', () => {
    const position = run(flat(), trade('BUY', 0.1, 100), trade('BUY', 0.2, 100), trade('SELL', 0.3, 100));
    expect(position.netQty).toBe(0);
    expect(Object.is(position.netQty, -0)).toBe(false);
    expect(position.side).toBe('FLAT');
  });

  it('does not change the position it was given', () => {
    const before = run(flat(), trade('BUY', 100, 10, { commission: 1 }));
    const snapshot = structuredClone(before);
    applyFill(before, trade('SELL', 150, 12, { commission: 1 }));
    expect(before).toEqual(snapshot);
  });

  it('in place gives the numbers of the copy at every step, into the same object', () => {
    const fills = [
      trade('BUY', 100, 10, { commission: 1 }),
      trade('BUY', 50, 13),
      trade('SELL', 200, 12, { commission: 1.5 }),
      trade('BUY', 30, 11, { commission: 0.02, commissionCurrency: 'BNB' }),
      trade('BUY', 20, 9),
    ];
    const owned = flat();
    let copied = flat();
    for (const fill of fills) {
      copied = applyFill(copied, fill);
      expect(applyFill(owned, fill, 'in-place')).toBe(owned);
      expect(owned).toEqual(copied);
    }
    // Long 150 at 11 closed at 12 (+150), short 50 at 12 bought back at 11 (+30) and 9 (+60), less 2.5 commission.
    expect(owned).toMatchObject({ netQty: 0, side: 'FLAT', realizedPnl: 237.5, fillCount: 5, commissions: { USD: 2.5, BNB: 0.02 } });
  });

  it('in place leaves the commissions of an earlier copy alone', () => {
    const earlier = run(flat(), trade('BUY', 100, 10, { commission: 1 }));
    const owned = applyFill(earlier, trade('BUY', 10, 10));
    applyFill(owned, trade('SELL', 110, 11, { commission: 2 }), 'in-place');
    expect(earlier.commissions).toEqual({ USD: 1 });
    expect(owned.commissions).toEqual({ USD: 3 });
  });

  it('refuses a fill for another instrument or with bad numbers', () => {
    expect(() => applyFill(flat(), trade('BUY', 1, 10, { instrumentId: ES }))).toThrowError('fill for ESZ24.XCME applied to position P-1 in AAPL.XNAS');
    expect(() => applyFill(flat(), { ...trade('BUY', 1, 10), qty: quantity(0) })).toThrowError(expect.objectContaining({ code: ErrorCode.InvalidValue }));
    expect(() => applyFill(flat(), { ...trade('BUY', 1, 10), commission: NaN })).toThrowError('fill commission NaN is not finite');
    expect(() => createPosition({ id: positionId('P-2'), instrumentId: AAPL, currency: 'USD', multiplier: 0, ts: 0 })).toThrowError('multiplier 0');
  });

  it('round-trips through its schema', () => {
    const position = run(flat(), trade('BUY', 100, 10, { commission: 1 }));
    expect(positionSchema.parse(JSON.parse(JSON.stringify(position)))).toEqual(position);
  });
});
