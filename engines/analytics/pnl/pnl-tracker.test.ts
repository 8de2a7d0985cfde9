import { describe, expect, it } from 'vitest';
import {
  accountId,
  clientOrderId,
  instrumentId,
  MessageBus,
  NwsError,
  price,
  quantity,
  strategyId,
  tradeId,
  venueOrderId,
  type Fill,
  type QuoteTick,
} from '@nws/core';
import { pnlTopics } from './pnl-topics.js';
import { PnlTracker } from './pnl-tracker.js';
import type { AccountPnl, StrategyPnl } from './pnl-types.js';

const AAPL = instrumentId('AAPL', 'XNAS');
const MSFT = instrumentId('MSFT', 'XNAS');
const MOMENTUM = strategyId('momentum');
const ACCOUNT = accountId('PAPER-1');
const DAY1 = Date.UTC(2024, 0, 2, 15, 0);
const DAY2 = Date.UTC(2024, 0, 3, 15, 0);
let tradeNumber = 0;

function fill(side: 'BUY' | 'SELL', instrument: typeof AAPL, qty: number, fillPrice: number, ts: number, commission = 0): Fill {
  tradeNumber++;
  return {
    clientOrderId: clientOrderId(`O-${tradeNumber}`),
    venueOrderId: venueOrderId(`V-${tradeNumber}`),
    tradeId: tradeId(`T-${tradeNumber}`),
    instrumentId: instrument,
    side,
    qty: quantity(qty),
    price: price(fillPrice),
    commission,
    commissionCurrency: 'USD',
    liquidity: 'taker',
    ts,
    strategyId: MOMENTUM,
  };
}

const quote = (instrument: typeof AAPL, bid: number, ask: number, ts: number): QuoteTick => ({ instrumentId: instrument, bid, ask, bidSize: 100, askSize: 100, ts });

describe('PnlTracker', () => {
  const bus = new MessageBus();

  it('tracks realised, unrealised, day and since-inception P&L and publishes on each change', () => {
    const tracker = new PnlTracker({ accountId: ACCOUNT, bus });
    const strategyUpdates: StrategyPnl[] = [];
    const accountUpdates: AccountPnl[] = [];
    const stopStrategy = bus.subscribe(pnlTopics.strategy(MOMENTUM), (update) => strategyUpdates.push(update));
    const stopAccount = bus.subscribe(pnlTopics.account(ACCOUNT), (update) => accountUpdates.push(update));

    tracker.onFill(fill('BUY', AAPL, 100, 150, DAY1, 1));
    expect(tracker.positionPnl(MOMENTUM, AAPL)).toMatchObject({ netQty: 100, realized: -1, unrealized: 0, total: -1 });

    tracker.onQuote(quote(AAPL, 151.9, 152.1, DAY1 + 1000));
    // Published on that very quote: 100 × (152 - 150) = 200 open, -1 commission.
    expect(strategyUpdates.at(-1)).toMatchObject({ unrealized: expect.closeTo(200, 9), realized: -1, total: expect.closeTo(199, 9) });
    expect(accountUpdates.at(-1)!.total).toBeCloseTo(199, 9);

    tracker.onFill(fill('SELL', AAPL, 40, 153, DAY1 + 2000));
    // 40 × (153 - 150) = 120 realised; 60 left open at mark 152 → 120 unrealised.
    expect(tracker.positionPnl(MOMENTUM, AAPL)).toMatchObject({ netQty: 60, realized: 119, unrealized: expect.closeTo(120, 9) });

    tracker.onFill(fill('BUY', MSFT, 10, 400, DAY1 + 3000));
    tracker.onQuote(quote(MSFT, 404, 406, DAY1 + 4000));
    const account = tracker.accountPnl();
    expect(account.total).toBeCloseTo(119 + 120 + 50, 9);
    expect(account.day).toBeCloseTo(account.total, 9);

    // Next day: the opening totals reset day P&L, since-inception keeps counting.
    tracker.onQuote(quote(AAPL, 149.9, 150.1, DAY2));
    const day2 = tracker.positionPnl(MOMENTUM, AAPL)!;
    expect(day2.total).toBeCloseTo(119, 9);
    expect(day2.day).toBeCloseTo(-120, 9);
    expect(accountUpdates.at(-1)!.day).toBeCloseTo(-120, 9);
    expect(accountUpdates.at(-1)!.strategies).toHaveLength(1);

    // A quote that moves nothing publishes nothing.
    const published = strategyUpdates.length;
    tracker.onQuote(quote(AAPL, 149.9, 150.1, DAY2 + 1));
    expect(strategyUpdates.length).toBe(published);
    stopStrategy();
    stopAccount();
  });

  it('refuses a bad fill or quote without changing anything', () => {
    const tracker = new PnlTracker({ accountId: ACCOUNT });
    tracker.onFill(fill('BUY', AAPL, 10, 100, DAY1));
    expect(() => tracker.onFill({ ...fill('BUY', AAPL, 10, 100, DAY1), qty: -5 } as unknown as Fill)).toThrow(/invalid fill: qty/);
    expect(() => tracker.onQuote(quote(AAPL, 101, 100, DAY1))).toThrow(NwsError);
    expect(tracker.positionPnl(MOMENTUM, AAPL)!.netQty).toBe(10);
    bus.close();
  });
});
