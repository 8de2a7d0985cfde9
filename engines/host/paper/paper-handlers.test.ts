// The order ticket's and blotter's protocol methods on a real Workstation: demo market, live
// simulator, paper trading with the default limits, SQLite and DuckDB in a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NwsError, type ProtocolClient, type QuoteTick } from '@nws/core';
import { firstQuote } from '../test-fixtures/wait.js';
import { Workstation } from '../workstation.js';

let home: string;
let workstation: Workstation;
let client: ProtocolClient;
let quote: QuoteTick;


async function rejection(promise: Promise<unknown>): Promise<NwsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NwsError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** A limit price `fraction` below the bid, on the tick grid. */
function below(fraction: number): number {
  return Math.round(quote.bid * (1 - fraction) * 100) / 100;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nws-paper-handlers-'));
  workstation = await Workstation.start({ home, workers: { maxThreads: 1 }, market: { demo: true } });
  client = workstation.connect();
  quote = await firstQuote(client);
}, 120_000);

afterAll(async () => {
  client?.close();
  await workstation?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('risk.precheck', () => {
  it('gives every limit its verdict and utilisation after the order, and changes nothing', async () => {
    const auditBefore = workstation.state.auditLog({ limit: 100_000 }).length;
    const openBefore = (await client.call('orders.list', {})).open.length;
    const quantity = Math.floor(5_000 / quote.ask);
    const passing = await client.call('risk.precheck', { order: { instrumentId: quote.instrumentId, type: 'LIMIT', side: 'BUY', quantity, price: below(0.02) } });
    expect(passing.ok).toBe(true);
    expect(passing.results.map((result) => result.limit)).toEqual(expect.arrayContaining(['trading-state', 'max-order-notional:account', 'price-band:account', 'max-open-orders:account', 'daily-loss:account']));
    const notional = passing.results.find((result) => result.type === 'max-order-notional')!;
    expect(notional.ok).toBe(true);
    expect(notional.utilisationAfter).toBeCloseTo((quantity * below(0.02)) / 25_000, 6);
    const band = passing.results.find((result) => result.type === 'price-band')!;
    expect(band.utilisationAfter).toBeGreaterThan(0.15);
    expect(band.utilisationAfter).toBeLessThan(0.35);

    const tooBig = await client.call('risk.precheck', { order: { instrumentId: quote.instrumentId, type: 'MARKET', side: 'BUY', quantity: Math.ceil(30_000 / quote.ask) } });
    expect(tooBig.ok).toBe(false);
    const refused = tooBig.results.filter((result) => !result.ok);
    expect(refused.map((result) => result.type)).toEqual(['max-order-notional']);
    expect(refused[0]!.reason).toMatch(/order notional of .* exceeds limit 25,?000/);
    expect(refused[0]!.utilisationAfter).toBeGreaterThan(1);

    // Nothing was submitted, audited or counted.
    expect(workstation.state.auditLog({ limit: 100_000 })).toHaveLength(auditBefore);
    expect((await client.call('orders.list', {})).open).toHaveLength(openBefore);
  });

  it('names a bad order instead of answering', async () => {
    const error = await rejection(client.call('risk.precheck', { order: { instrumentId: quote.instrumentId, type: 'LIMIT', side: 'BUY', quantity: 1 } } as never));
    expect(error.code).toBe('INVALID_PARAMS');
    expect(error.message).toContain('price');
  });
});

describe('orders.modify', () => {
  it('moves a working limit order, and refuses a price outside the band with the reason, leaving it as it was', async () => {
    const order = await client.call('orders.submit', { instrumentId: quote.instrumentId, type: 'LIMIT', side: 'BUY', quantity: 2, price: below(0.05) });
    expect(order.status).toBe('ACCEPTED');
    const moved = await client.call('orders.modify', { clientOrderId: order.clientOrderId, price: below(0.04), quantity: 3 });
    expect(moved).toMatchObject({ clientOrderId: order.clientOrderId, price: below(0.04), quantity: 3, status: 'ACCEPTED' });

    const refused = await rejection(client.call('orders.modify', { clientOrderId: order.clientOrderId, price: below(0.5) }));
    expect(refused.code).toBe('INVALID_ORDER');
    expect(refused.message).toMatch(/denied by risk: price-band/);
    const { open } = await client.call('orders.list', {});
    expect(open.find((each) => each.clientOrderId === order.clientOrderId)).toMatchObject({ price: below(0.04), quantity: 3, status: 'ACCEPTED' });

    const empty = await rejection(client.call('orders.modify', { clientOrderId: order.clientOrderId } as never));
    expect(empty.code).toBe('INVALID_PARAMS');
    expect(empty.message).toContain('give quantity, price or triggerPrice');
    expect((await rejection(client.call('orders.modify', { clientOrderId: 'P-NOPE', price: 1 }))).code).toBe('NOT_FOUND');
    await client.call('orders.cancel', { clientOrderId: order.clientOrderId });
  });
});

describe('orders.submitBracket and fills.list', () => {
  it('fills a market entry, leaves both exits working, and lists the fill newest first', async () => {
    const bracket = await client.call('orders.submitBracket', {
      instrumentId: quote.instrumentId,
      side: 'BUY',
      quantity: 1,
      takeProfitPrice: Math.round(quote.ask * 1.05 * 100) / 100,
      stopLossTriggerPrice: below(0.05),
    });
    expect(bracket.entry.status).toBe('FILLED');
    expect(bracket.takeProfit.type).toBe('LIMIT');
    expect(bracket.stopLoss.type).toBe('STOP_MARKET');
    const { open } = await client.call('orders.list', {});
    expect(open.map((order) => order.clientOrderId)).toEqual(expect.arrayContaining([bracket.takeProfit.clientOrderId, bracket.stopLoss.clientOrderId]));

    const market = await client.call('orders.submit', { instrumentId: quote.instrumentId, type: 'MARKET', side: 'BUY', quantity: 2 });
    const { fills } = await client.call('fills.list', { limit: 2 });
    expect(fills.map((fill) => [fill.clientOrderId, fill.qty])).toEqual([
      [market.clientOrderId, 2],
      [bracket.entry.clientOrderId, 1],
    ]);
    expect(fills[0]!.price).toBe(market.avgFillPrice);
    await client.call('risk.kill', { reason: 'test cleanup', flatten: true });
    await client.call('risk.rearm', { by: 'test' });
  });

  it('refuses a bracket whose stop sits outside the price band, with none of it working', async () => {
    const openBefore = (await client.call('orders.list', {})).open.length;
    const refused = await rejection(
      client.call('orders.submitBracket', { instrumentId: quote.instrumentId, side: 'BUY', quantity: 1, entryPrice: below(0.01), takeProfitPrice: quote.ask * 1.02, stopLossTriggerPrice: below(0.5) }),
    );
    expect(refused.code).toBe('INVALID_ORDER');
    expect(refused.message).toContain('price-band');
    expect((await client.call('orders.list', {})).open).toHaveLength(openBefore);
  });
});

describe('risk.breaches', () => {
  it('answers the monitor\'s stored level changes newest first', async () => {
    const paper = await workstation.paperTrading();
    // A limit the account already breaches: zero open orders allowed once one is working.
    paper.risk.setLimit({ type: 'max-open-orders', maxOpenOrders: 1, id: 'tight-open-orders' });
    await client.call('orders.submit', { instrumentId: quote.instrumentId, type: 'LIMIT', side: 'BUY', quantity: 1, price: below(0.05) });
    paper.monitor.evaluate();
    const { breaches } = await client.call('risk.breaches', { limit: 10 });
    expect(breaches[0]).toMatchObject({ limitId: 'tight-open-orders', limitType: 'max-open-orders', level: 'breach', value: 1, threshold: 1, utilisation: 1 });
    expect(breaches.every((breach, index) => index === 0 || breach.ts <= breaches[index - 1]!.ts)).toBe(true);
    paper.risk.removeLimit('tight-open-orders');
    await client.call('risk.kill', { reason: 'test cleanup' });
    await client.call('risk.rearm', { by: 'test' });
  });
});
