// Share classes cross the IB boundary with a space at IB and a dot in the app, both ways, for
// contracts, contract details and the account's positions (against the simulator over TCP).
import { afterEach, describe, expect, it } from 'vitest';
import type { ContractDetails } from '@stoqey/ib';
import { IbGatewaySimulator, defaultSimContracts } from './test-fixtures/ib-gateway-simulator.js';
import { defineIbkrConnectionConfig } from './ibkr-config.js';
import { IbkrConnection } from './ibkr-connection.js';
import { IbkrContracts, toContract, toResolved } from './ibkr-contracts.js';
import { IbkrAccountFeed } from './ibkr-account.js';
import { fromIbSymbol, toIbSymbol } from './ibkr-symbols.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const until = async (predicate: () => boolean, timeoutMs = 3_000): Promise<void> => {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('IB share-class symbols', () => {
  it('maps BRK.B to "BRK B" and back, and leaves plain symbols alone', () => {
    expect(toIbSymbol('BRK.B')).toBe('BRK B');
    expect(fromIbSymbol('BRK B')).toBe('BRK.B');
    expect(fromIbSymbol('BF  B')).toBe('BF.B');
    expect(toIbSymbol('AAPL')).toBe('AAPL');
    expect(fromIbSymbol(toIbSymbol('BRK.A'))).toBe('BRK.A');
  });

  it('builds the IB stock contract with the space and reads contract details back with the dot', () => {
    expect(toContract({ kind: 'stock', symbol: 'BRK.B' })).toMatchObject({ symbol: 'BRK B', secType: 'STK', exchange: 'SMART' });
    const details = { contract: { symbol: 'BRK B', secType: 'STK', exchange: 'SMART', primaryExch: 'NYSE', currency: 'USD', conId: 72063691 }, minTick: 0.01 } as unknown as ContractDetails;
    expect(toResolved(details).instrument).toMatchObject({ id: 'BRK.B.NYSE', symbol: 'BRK.B', venue: 'NYSE' });
  });

  it('resolves BRK.B at the gateway and shows IB\'s BRK B position as BRK.B', async () => {
    const sim = new IbGatewaySimulator();
    const port = await sim.start();
    const brk = defaultSimContracts.find((contract) => contract.symbol === 'BRK B')!;
    sim.positions.set(brk.conId, { contract: brk, qty: 25, avgCost: 405.5 });
    const connection = new IbkrConnection(defineIbkrConnectionConfig({ port }));
    cleanups.push(() => sim.stop(), () => connection.stop());
    connection.start();
    await connection.waitUntilConnected(3_000);

    const resolved = await new IbkrContracts(connection).resolve({ kind: 'stock', symbol: 'BRK.B' });
    expect(resolved.contract).toMatchObject({ conId: 72063691, symbol: 'BRK B' });
    expect(resolved.instrument.id).toBe('BRK.B.NYSE');

    const feed = new IbkrAccountFeed(connection);
    await until(() => feed.snapshot().positions.some((position) => position.marketValue !== undefined));
    expect(feed.snapshot().positions).toEqual([expect.objectContaining({ conId: 72063691, symbol: 'BRK.B', localSymbol: 'BRK B', quantity: 25, avgCost: 405.5, multiplier: 1, marketPrice: 405.5, marketValue: 25 * 405.5 })]);
  });
});
