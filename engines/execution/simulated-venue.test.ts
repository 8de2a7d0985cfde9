import { describe, expect, it } from 'vitest';
import type { ClientOrderId, InstrumentId } from '@nws/core';
import { orderReason } from './order-manager.js';
import { AAPL, MINUTE, T0, harness } from './test-support/harness.js';

const id = (text: string) => text as ClientOrderId;
const aapl = AAPL as InstrumentId;

describe('market orders on bars', () => {
  it('fill at the next bar open by default', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    const order = h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 10 });
    expect(order.status).toBe('ACCEPTED');
    h.bar(101, 102, 100.5, 101.5);
    expect(h.fills.map((fill) => [fill.qty, fill.price, fill.ts])).toEqual([[10, 101, T0 + MINUTE]]);
    expect(h.manager.order(order.clientOrderId)?.status).toBe('FILLED');
    expect(h.venue.position(aapl)?.netQty).toBe(10);
    expect(h.venue.cash()).toBe(100_000 - 1010);
  });

  it('fill at once at the last close with fill mode close', () => {
    const h = harness({ fillMode: 'close' });
    h.bar(100, 101, 99, 100.25);
    const order = h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 10 });
    expect(order.status).toBe('FILLED');
    expect(h.fills[0]?.price).toBe(100.25);
  });

  it('take slippage in ticks or bps against the taker', () => {
    const ticks = harness({ slippage: { model: 'ticks', ticks: 2 } });
    ticks.bar(100, 101, 99, 100);
    ticks.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 10 });
    ticks.bar(101, 102, 100, 101);
    expect(ticks.fills[0]?.price).toBe(101.02);
    const bps = harness({ accountType: 'margin', slippage: { model: 'bps', bps: 10 } });
    bps.bar(100, 101, 99, 100);
    bps.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'SELL', quantity: 10 });
    bps.bar(200, 201, 199, 200);
    expect(bps.fills[0]?.price).toBe(199.8); // 200 x (1 - 10/10000)
  });
});

describe('limit orders on bars', () => {
  it('do not fill when the low only touches the limit', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 10, price: 99, clientOrderId: 'L-1' });
    h.bar(100, 101, 99, 100);
    expect(h.fills).toEqual([]);
    expect(h.manager.order(id('L-1'))?.status).toBe('ACCEPTED');
  });

  it('fill at the limit when the price trades through it', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 10, price: 99, clientOrderId: 'L-1' });
    h.bar(100, 100.5, 98.5, 99.5);
    expect(h.fills.map((fill) => [fill.price, fill.liquidity])).toEqual([[99, 'maker']]);
  });

  it('fill at the open when the market gaps through the limit (a better price)', () => {
    const h = harness({ accountType: 'margin' });
    h.bar(100, 101, 99, 100);
    h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'SELL', quantity: 10, price: 102 });
    h.bar(103.5, 104, 103, 103.2);
    expect(h.fills[0]?.price).toBe(103.5);
  });

  it('can be modified to a new price and then fill there', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    const order = h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 10, price: 95 });
    const modified = h.manager.modify(order.clientOrderId, { price: 99.5 });
    expect(modified.status).toBe('ACCEPTED');
    expect(modified).toMatchObject({ price: 99.5 });
    h.bar(100, 100.5, 99, 99.8);
    expect(h.fills[0]?.price).toBe(99.5);
  });
});

describe('stop orders on bars', () => {
  it('a stop gapped through fills at the open', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 10 });
    h.bar(100, 101, 99, 100);
    h.manager.submit({ instrumentId: AAPL, type: 'STOP_MARKET', side: 'SELL', quantity: 10, triggerPrice: 95 });
    h.bar(93, 94, 92, 93.5);
    expect(h.fills.map((fill) => fill.price)).toEqual([100, 93]);
    expect(h.venue.position(aapl)?.netQty).toBe(0);
    expect(h.venue.position(aapl)?.realizedPnl).toBe(-70);
  });

  it('a stop inside the bar fills at its trigger', () => {
    const h = harness({ accountType: 'margin' });
    h.bar(100, 101, 99, 100);
    h.manager.submit({ instrumentId: AAPL, type: 'STOP_MARKET', side: 'BUY', quantity: 10, triggerPrice: 102 });
    h.bar(100.5, 103, 100, 102.5);
    expect(h.fills[0]?.price).toBe(102);
  });

  it('a stop-limit triggers on the path, then fills as a limit', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    const order = h.manager.submit({ instrumentId: AAPL, type: 'STOP_LIMIT', side: 'BUY', quantity: 10, triggerPrice: 102, price: 102.5 });
    // Low is nearer the open: 101 -> 100.8 -> 103 -> 102.8; the trigger at 102 is marketable under 102.5.
    h.bar(101, 103, 100.8, 102.8);
    expect(h.updates.filter(([orderId]) => orderId === order.clientOrderId).map(([, kind]) => kind)).toEqual([
      'OrderInitialized',
      'OrderSubmitted',
      'OrderAccepted',
      'OrderTriggered',
      'OrderFilled',
    ]);
    expect(h.fills[0]?.price).toBe(102);
  });

  it('a stop-limit gapped past its limit triggers but rests', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    const order = h.manager.submit({ instrumentId: AAPL, type: 'STOP_LIMIT', side: 'BUY', quantity: 10, triggerPrice: 102, price: 102.5 });
    h.bar(103, 104, 102.8, 103.5);
    expect(h.fills).toEqual([]);
    expect(h.manager.order(order.clientOrderId)?.status).toBe('TRIGGERED');
    h.bar(103, 103.2, 102.2, 102.4);
    expect(h.fills[0]?.price).toBe(102.5);
  });

  it('a trailing stop ratchets up with the highs and fills at its trigger', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 10 });
    h.bar(100, 100.5, 99.5, 100);
    const stop = h.manager.submit({ instrumentId: AAPL, type: 'TRAILING_STOP_MARKET', side: 'SELL', quantity: 10, trailingOffset: 2, trailingOffsetType: 'price' });
    expect(h.manager.order(stop.clientOrderId)).toMatchObject({ triggerPrice: 98 });
    // Open 101 = low, so the low leg first, then 105: the trigger rises to 103 and stays there.
    h.bar(101, 105, 101, 104);
    expect(h.manager.order(stop.clientOrderId)).toMatchObject({ triggerPrice: 103, status: 'ACCEPTED' });
    // High nearer the open: 104 -> 104.5 -> 102 crosses 103.
    h.bar(104, 104.5, 102, 102.5);
    expect(h.fills.map((fill) => fill.price)).toEqual([100, 103]);
  });

  it('a percent trailing stop measures its offset from the best price', () => {
    const h = harness({ accountType: 'margin' });
    h.bar(100, 100, 100, 100);
    const stop = h.manager.submit({ instrumentId: AAPL, type: 'TRAILING_STOP_MARKET', side: 'BUY', quantity: 10, trailingOffset: 5, trailingOffsetType: 'percent' });
    expect(h.manager.order(stop.clientOrderId)).toMatchObject({ triggerPrice: 105 });
    h.bar(90, 90, 80, 82);
    expect(h.manager.order(stop.clientOrderId)).toMatchObject({ triggerPrice: 84 }); // 80 x 1.05
    h.bar(83, 85, 83, 84);
    expect(h.fills[0]?.price).toBe(84);
  });
});

describe('time in force', () => {
  it('MOC fills at the close of the session-closing bar; DAY orders expire there', () => {
    const h = harness({ sessionCloseUtc: '21:00' }, { startTs: Date.UTC(2024, 0, 2, 20, 58) });
    h.bar(100, 101, 99, 100);
    const moc = h.manager.submit({ instrumentId: AAPL, type: 'MARKET_ON_CLOSE', side: 'BUY', quantity: 10 });
    const day = h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 10, price: 90, timeInForce: 'DAY' });
    h.bar(100, 101, 99, 100.5); // 20:59, ends at 21:00
    expect(h.fills.map((fill) => [fill.clientOrderId, fill.price, fill.ts])).toEqual([[moc.clientOrderId, 100.5, Date.UTC(2024, 0, 2, 21, 0)]]);
    expect(h.manager.order(day.clientOrderId)?.status).toBe('EXPIRED');
  });

  it('DAY orders expire when the UTC date changes (no session close configured)', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    const day = h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 10, price: 90, timeInForce: 'DAY' });
    const gtc = h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 10, price: 90 });
    h.bar(100, 101, 99, 100);
    expect(h.manager.order(day.clientOrderId)?.status).toBe('ACCEPTED');
    h.bar(100, 101, 99, 100, 1000, Date.UTC(2024, 0, 3, 14, 30));
    expect(h.manager.order(day.clientOrderId)?.status).toBe('EXPIRED');
    expect(h.manager.order(gtc.clientOrderId)?.status).toBe('ACCEPTED');
  });

  it('GTD orders expire at their expire time', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    const gtd = h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 10, price: 90, timeInForce: 'GTD', expireTime: T0 + 3 * MINUTE });
    h.bar(100, 101, 99, 100); // T0+1m
    h.bar(100, 101, 99, 100); // T0+2m
    expect(h.manager.order(gtd.clientOrderId)?.status).toBe('ACCEPTED');
    h.bar(80, 81, 79, 80); // T0+3m: expired before it could fill
    expect(h.manager.order(gtd.clientOrderId)?.status).toBe('EXPIRED');
    expect(h.fills).toEqual([]);
  });

  it('IOC fills what it can at the first price and cancels the rest', () => {
    const h = harness({ volumeParticipation: 0.1 });
    h.bar(100, 101, 99, 100);
    const ioc = h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 10, price: 101, timeInForce: 'IOC' });
    h.bar(100, 101, 99, 100, 50);
    expect(h.fills.map((fill) => [fill.qty, fill.price])).toEqual([[5, 100]]);
    expect(h.manager.order(ioc.clientOrderId)).toMatchObject({ status: 'CANCELED', filledQty: 5 });
  });

  it('FOK fills all or nothing', () => {
    const h = harness({ volumeParticipation: 0.1 });
    h.bar(100, 101, 99, 100);
    const short = h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 10, price: 101, timeInForce: 'FOK' });
    h.bar(100, 101, 99, 100, 50);
    expect(h.fills).toEqual([]);
    expect(h.manager.order(short.clientOrderId)?.status).toBe('CANCELED');
    const whole = h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 10, price: 101, timeInForce: 'FOK' });
    h.bar(100, 101, 99, 100, 100);
    expect(h.manager.order(whole.clientOrderId)).toMatchObject({ status: 'FILLED', filledQty: 10 });
  });
});

describe('volume participation', () => {
  it('fills at most the cap of each bar, the remainder on later bars', () => {
    const h = harness({ volumeParticipation: 0.1 });
    h.bar(100, 101, 99, 100);
    const order = h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 100 });
    h.bar(101, 101, 101, 101, 500);
    expect(h.manager.order(order.clientOrderId)).toMatchObject({ status: 'PARTIALLY_FILLED', filledQty: 50, leavesQty: 50 });
    h.bar(102, 102, 102, 102, 300);
    h.bar(103, 103, 103, 103, 1000);
    expect(h.fills.map((fill) => [fill.qty, fill.price])).toEqual([[50, 101], [30, 102], [20, 103]]);
    expect(h.manager.order(order.clientOrderId)).toMatchObject({ status: 'FILLED', avgFillPrice: (50 * 101 + 30 * 102 + 20 * 103) / 100 });
  });
});

describe('brackets and OCO', () => {
  it('take-profit fills, stop-loss is canceled', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    const legs = h.manager.submitBracket({ instrumentId: aapl, side: 'BUY', quantity: 10, takeProfitPrice: 105, stopLossTriggerPrice: 95 });
    expect([legs.entry.status, legs.takeProfit.status, legs.stopLoss.status]).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    h.bar(100, 106, 99, 105.5);
    expect(h.fills.map((fill) => [fill.clientOrderId, fill.side, fill.price])).toEqual([
      [legs.entry.clientOrderId, 'BUY', 100],
      [legs.takeProfit.clientOrderId, 'SELL', 105],
    ]);
    expect(h.manager.order(legs.stopLoss.clientOrderId)?.status).toBe('CANCELED');
    expect(h.venue.position(aapl)?.netQty).toBe(0);
  });

  it('stop-loss fills, take-profit is canceled; exits wait for the entry', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    const legs = h.manager.submitBracket({ instrumentId: aapl, side: 'BUY', quantity: 10, entryPrice: 99, takeProfitPrice: 105, stopLossTriggerPrice: 95 });
    h.bar(100, 106, 99.5, 100); // entry not reached: the take-profit level is crossed but the exits are not active
    expect(h.fills).toEqual([]);
    h.bar(98, 98.5, 94, 94.5); // entry gaps in at 98, then the stop at 95
    expect(h.fills.map((fill) => [fill.clientOrderId, fill.price])).toEqual([
      [legs.entry.clientOrderId, 98],
      [legs.stopLoss.clientOrderId, 95],
    ]);
    expect(h.manager.order(legs.takeProfit.clientOrderId)?.status).toBe('CANCELED');
  });

  it('canceling an unfilled entry cancels its exits', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    const legs = h.manager.submitBracket({ instrumentId: aapl, side: 'BUY', quantity: 10, entryPrice: 90, takeProfitPrice: 105, stopLossTriggerPrice: 85 });
    h.manager.cancel(legs.entry.clientOrderId);
    expect([legs.entry, legs.takeProfit, legs.stopLoss].map((leg) => h.manager.order(leg.clientOrderId)?.status)).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
  });

  it('an OCO group: the first to fill cancels the other', () => {
    const h = harness({ accountType: 'margin' });
    h.bar(100, 101, 99, 100);
    const [breakout, fade] = h.manager.submitOco([
      { instrumentId: AAPL, type: 'STOP_MARKET', side: 'BUY', quantity: 10, triggerPrice: 103 },
      { instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 10, price: 97 },
    ]);
    h.bar(100, 100.5, 96, 97.5); // the low is reached first: the limit fills, the stop is canceled
    expect(h.fills.map((fill) => [fill.clientOrderId, fill.price])).toEqual([[fade!.clientOrderId, 97]]);
    expect(h.manager.order(breakout!.clientOrderId)?.status).toBe('CANCELED');
  });
});

describe('accounts', () => {
  it('a cash account refuses a short sale', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    const order = h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'SELL', quantity: 10 });
    expect(order.status).toBe('REJECTED');
    expect(orderReason(order)).toMatch(/cash account cannot sell short/);
    h.bar(100, 101, 99, 100);
    expect(h.venue.position(aapl)?.netQty).toBe(0);
  });

  it('a cash account refuses to spend more than it holds', () => {
    const h = harness({ startingCash: 1_000 });
    h.bar(100, 101, 99, 100);
    const order = h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 11 });
    expect(order.status).toBe('REJECTED');
    expect(orderReason(order)).toMatch(/insufficient cash/);
  });

  it('a margin account shorts and levers up to its limit', () => {
    const h = harness({ accountType: 'margin', startingCash: 10_000, leverage: 2 });
    h.bar(100, 101, 99, 100);
    expect(h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'SELL', quantity: 150 }).status).toBe('ACCEPTED');
    expect(h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'SELL', quantity: 60 }).status).toBe('REJECTED'); // 210 x 100 > 20,000
    h.bar(100, 100, 100, 100);
    expect(h.venue.position(aapl)?.netQty).toBe(-150);
    expect(h.venue.cash()).toBe(25_000);
    h.bar(90, 90, 90, 90);
    expect(h.venue.equity()).toBe(25_000 - 150 * 90); // 11,500: the short gained 1,500
  });
});

describe('commissions', () => {
  it('per share with a minimum (IBKR fixed)', () => {
    const h = harness({ commission: { model: 'per-share' } });
    h.bar(50, 50, 50, 50);
    h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 100 }); // 0.50 -> minimum 1
    h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 1000 }); // 5.00
    h.bar(50, 50, 50, 50);
    expect(h.fills.map((fill) => fill.commission)).toEqual([1, 5]);
    expect(h.venue.cash()).toBe(100_000 - 1100 * 50 - 6);
  });

  it('per share capped at 1% of value', () => {
    const h = harness({ commission: { model: 'per-share', perShare: 0.005, minimum: 1, maximumPercent: 1 } });
    h.bar(0.05, 0.05, 0.05, 0.05);
    h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 10_000 }); // 50.00 raw, cap 1% of 500 = 5
    h.bar(0.05, 0.05, 0.05, 0.05);
    expect(h.fills[0]?.commission).toBe(5);
  });

  it('percent of value and fixed per order (charged once across partial fills)', () => {
    const percent = harness({ commission: { model: 'percent', percent: 0.1 } });
    percent.bar(100, 100, 100, 100);
    percent.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 10 });
    percent.bar(100, 100, 100, 100);
    expect(percent.fills[0]?.commission).toBeCloseTo(1, 12);
    const fixed = harness({ commission: { model: 'fixed', perOrder: 2.5 }, volumeParticipation: 0.5 });
    fixed.bar(100, 100, 100, 100);
    fixed.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 10 });
    fixed.bar(100, 100, 100, 100, 10);
    fixed.bar(100, 100, 100, 100, 10);
    expect(fixed.fills.map((fill) => [fill.qty, fill.commission])).toEqual([[5, 2.5], [5, 0]]);
  });
});

describe('quotes and trades', () => {
  it('market orders fill at the ask (buy) and bid (sell)', () => {
    const h = harness({ accountType: 'margin' });
    h.quote(99.98, 100.02);
    h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 10 });
    h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'SELL', quantity: 5 });
    expect(h.fills.map((fill) => fill.price)).toEqual([100.02, 99.98]);
  });

  it('a limit at the touch fills only after the displayed size ahead of it trades', () => {
    const h = harness();
    h.quote(99.99, 100.01, 300, 200);
    const order = h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 100, price: 99.99 });
    h.trade(99.99, 200); // 300 ahead -> 100 ahead
    expect(h.fills).toEqual([]);
    h.trade(99.99, 150); // 100 eat the queue, 50 fill us
    expect(h.fills.map((fill) => [fill.qty, fill.price, fill.liquidity])).toEqual([[50, 99.99, 'maker']]);
    h.quote(99.98, 99.99, 500, 80); // the ask comes down to our price: the rest fills
    expect(h.manager.order(order.clientOrderId)).toMatchObject({ status: 'FILLED', filledQty: 100 });
  });
});

describe('the venue position', () => {
  it('handed out never changes; netQty follows the fills without handing it out', () => {
    const h = harness({ accountType: 'margin' });
    h.bar(100, 101, 99, 100);
    h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 10 });
    h.bar(101, 102, 100, 101);
    const long = h.venue.position(aapl)!;
    const snapshot = structuredClone(long);
    h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'SELL', quantity: 25 });
    h.bar(103, 104, 102, 103);
    expect(long).toEqual(snapshot);
    expect(h.venue.netQty(aapl)).toBe(-15);
    expect(h.venue.netQty('MSFT.XNAS' as InstrumentId)).toBe(0);
    // The 10 bought at 101 sold at 103; 15 short from 103.
    expect(h.venue.position(aapl)).toMatchObject({ netQty: -15, avgOpenPrice: 103, realizedPnl: 20, fillCount: 2 });
    expect(h.venue.position(aapl)).not.toBe(long);
  });

  it('each filled event carries the position right after its own fill, when one bar fills two orders', () => {
    const h = harness({ accountType: 'margin' });
    const seen: Array<[number, number]> = [];
    h.manager.onFillOnly((_fill, position) => seen.push([position!.netQty, position!.fillCount]));
    h.bar(100, 101, 99, 100);
    h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 10, price: 99.5 });
    h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 5, price: 98.5 });
    // Open 100, low 98 first: both limits trade through in one bar.
    h.bar(100, 100.2, 98, 99);
    expect(seen).toEqual([
      [10, 1],
      [15, 2],
    ]);
    expect(h.venue.netQty(aapl)).toBe(15);
  });
});
