import { describe, expect, it } from 'vitest';
import { parseProvidersConfig } from '../config.js';
import { ManualClock } from '../http/clock.js';
import { providerFailureReason } from '../provider-error.js';
import { failure } from '../testing/harness.js';
import { durationString, IbkrHistoryProvider, type IbkrHistoricalBar, type IbkrHistoryClient, type IbkrHistoryRequest } from './ibkr-history-provider.js';

/**
 * A stand-in for the IBKR connection of issue 8, which does not exist yet: it serves minute bars
 * from a table and raises IB-coded errors, as the interface promises the real one will.
 */
class TableHistoryClient implements IbkrHistoryClient {
  readonly requests: IbkrHistoryRequest[] = [];
  connected = true;
  constructor(private readonly bars: IbkrHistoricalBar[], private readonly failWith?: Error & { ibCode?: number }) {}
  isConnected(): boolean {
    return this.connected;
  }
  async requestHistoricalBars(request: IbkrHistoryRequest): Promise<IbkrHistoricalBar[]> {
    this.requests.push(request);
    if (this.failWith) throw this.failWith;
    return this.bars.filter((bar) => bar.ts < request.endMs);
  }
}

const T0 = Date.UTC(2024, 0, 2, 14, 30);
const minuteBars: IbkrHistoricalBar[] = [0, 1, 2, 3].map((i) => ({ ts: T0 + i * 60_000, open: 100 + i, high: 101 + i, low: 99 + i, close: 100.5 + i, volume: 1000 * (i + 1) }));
const ibError = (ibCode: number, message: string) => Object.assign(new Error(message), { ibCode });
const config = parseProvidersConfig({ ibkr: { enabled: true } }).ibkr;

describe('IbkrHistoryProvider', () => {
  it('asks in IB terms and normalises the bars', async () => {
    const client = new TableHistoryClient(minuteBars);
    const ibkr = new IbkrHistoryProvider(client, config, { clock: new ManualClock() });
    const result = await ibkr.history({ symbol: 'AAPL', spec: '1m', startMs: T0, endMs: T0 + 3 * 60_000 });
    expect(result.barType).toEqual({ instrumentId: 'AAPL.SMART', step: 1, unit: 'm' });
    expect(result.bars.map((bar) => bar.close)).toEqual([100.5, 101.5, 102.5]);
    expect(client.requests[0]).toMatchObject({ symbol: 'AAPL', endMs: T0 + 180_000, durationStr: '180 S', barSizeSetting: '1 min', whatToShow: 'TRADES', useRTH: true });
  });

  it('keeps to 60 requests in any 10 minutes', async () => {
    const clock = new ManualClock();
    const ibkr = new IbkrHistoryProvider(new TableHistoryClient(minuteBars), config, { clock });
    const start = clock.now();
    for (let i = 0; i < 61; i++) await ibkr.history({ symbol: 'AAPL', spec: '1m', startMs: T0, endMs: T0 + 60_000 });
    expect(clock.now() - start).toBe(600_000);
  });

  it('maps IB error codes', async () => {
    const clock = new ManualClock();
    const run = (error: Error) => new IbkrHistoryProvider(new TableHistoryClient([], error), config, { clock }).history({ symbol: 'ZZZ', spec: '1d', startMs: T0, endMs: T0 + 86_400_000 });
    expect((await failure(run(ibError(200, 'No security definition has been found for the request')))).code).toBe('UNKNOWN_INSTRUMENT');
    expect(providerFailureReason(await failure(run(ibError(162, 'Historical Market Data Service error message:API historical data query cancelled: pacing violation'))))).toBe('rate-limited');
    expect(providerFailureReason(await failure(run(ibError(354, 'Requested market data is not subscribed'))))).toBe('key-rejected');
    expect((await run(ibError(162, 'Historical Market Data Service error message:HMDS query returned no data'))).bars).toEqual([]);
  });

  it('refuses when disconnected, and a span larger than IB allows', async () => {
    const client = new TableHistoryClient(minuteBars);
    const ibkr = new IbkrHistoryProvider(client, config, { clock: new ManualClock() });
    expect((await failure(ibkr.history({ symbol: 'AAPL', spec: '1m', startMs: T0, endMs: T0 + 8 * 86_400_000 }))).code).toBe('INVALID_ARGUMENT');
    client.connected = false;
    expect(providerFailureReason(await failure(ibkr.history({ symbol: 'AAPL', spec: '1m', startMs: T0, endMs: T0 + 60_000 })))).toBe('unavailable');
    expect((await ibkr.health()).status).toBe('down');
    expect(client.requests).toHaveLength(0);
  });

  it('writes IB duration strings', () => {
    expect([3_600_000, 86_400_000, 7 * 86_400_000, 400 * 86_400_000].map(durationString)).toEqual(['3600 S', '86400 S', '7 D', '2 Y']);
  });
});
