import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageBus, SimulatedClock, patterns, type QuoteTick } from '@nws/core';
import { resampleBars } from '../resample/resample.js';
import { MarketSimulator } from '../simulator/market-simulator.js';
import { simulatedInstrumentsFromStores } from '../simulator/live-instruments.js';
import { openTempStores, type TempStores } from '../test-fixtures/temp-stores.js';
import { DEMO_DATA_SETTING, ensureDemoData } from './ensure-demo-data.js';

let stores: TempStores;

beforeAll(async () => {
  stores = await openTempStores('demo');
});
afterAll(async () => stores.close());

describe('ensureDemoData', () => {
  it('writes the demo market once: instruments, 5 years of daily and 60 days of minute bars', async () => {
    const first = await ensureDemoData(stores, { endDate: '2024-06-28' });
    expect(first.created).toBe(true);
    expect(first.record).toMatchObject({ endDate: '2024-06-28', instruments: 24, dailyBars: 24 * 1260, minuteBars: 24 * 60 * 390 });
    expect(stores.state.listInstruments({ venue: 'SIM' })).toHaveLength(24);
    const series = await stores.timeSeries.listSeries();
    expect(series).toHaveLength(48);
    expect(series.find((entry) => entry.instrumentId === 'NOVA.SIM' && entry.barType === '1m')).toMatchObject({ rows: 23_400 });

    const again = await ensureDemoData(stores, { endDate: '2030-01-01' });
    expect(again).toEqual({ created: false, record: first.record });
    expect(stores.state.getSetting(DEMO_DATA_SETTING)).toEqual(first.record);
  });

  it('stores minute bars whose New York daily resample is the stored daily bars', async () => {
    const firstMinute = await stores.timeSeries.readBars({ instrumentId: 'HBNK.SIM', barType: '1m', limit: 1 });
    const fromUs = firstMinute.tsUs[0]! - (firstMinute.tsUs[0]! % 86_400_000_000n);
    const resampled = await resampleBars(stores.timeSeries, { instrumentId: 'HBNK.SIM', source: '1m', target: '1d', fromUs, session: { timeZone: 'America/New_York' } });
    const daily = await stores.timeSeries.readBars({ instrumentId: 'HBNK.SIM', barType: '1d', fromUs });
    expect(resampled.tsUs).toHaveLength(60);
    expect(resampled).toEqual(daily);
  });

  it('feeds the live simulator from the last stored prices', async () => {
    const instruments = await simulatedInstrumentsFromStores(stores);
    expect(instruments).toHaveLength(24);
    const nova = instruments.find((instrument) => instrument.instrumentId === 'NOVA.SIM')!;
    const lastMinute = await stores.timeSeries.readBars({ instrumentId: 'NOVA.SIM', barType: '1m', limit: 1, fromEnd: true });
    expect(nova.price).toBe(lastMinute.close[0]);
    const lastDays = await stores.timeSeries.readBars({ instrumentId: 'NOVA.SIM', barType: '1d', limit: 61, fromEnd: true });
    const logReturns = Array.from(lastDays.close.subarray(1), (close, index) => Math.log(close / lastDays.close[index]!));
    const mean = logReturns.reduce((sum, value) => sum + value, 0) / logReturns.length;
    const variance = logReturns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (logReturns.length - 1);
    expect(logReturns).toHaveLength(60);
    expect(nova.annualVolatility).toBeCloseTo(Math.sqrt(variance * 252), 12);
    expect(nova.annualVolatility).toBeGreaterThan(0.05);
    expect(nova.annualVolatility).toBeLessThan(1.5);

    const bus = new MessageBus();
    const quotes: QuoteTick[] = [];
    bus.subscribe(patterns.quotes({ venue: 'SIM' }), (quote) => void quotes.push(quote));
    const clock = new SimulatedClock(Date.parse('2024-07-01T13:30:00Z'));
    const simulator = new MarketSimulator(bus, clock, instruments);
    simulator.start();
    clock.advanceTo(clock.now() + 1_000);
    expect(quotes).toHaveLength(24 * 4);
    const firstNova = quotes.find((quote) => quote.instrumentId === 'NOVA.SIM')!;
    expect(Math.abs((firstNova.bid + firstNova.ask) / 2 / nova.price - 1)).toBeLessThan(0.01);
    await expect(simulatedInstrumentsFromStores(stores, ['NOPE.SIM'])).rejects.toThrow(/no 1m or 1d bars stored for NOPE\.SIM/);
  });
});
