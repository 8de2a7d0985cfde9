import { defineInstrument } from '../domain/index.js';
import type { Instrument } from '../domain/index.js';

type InstrumentOverrides = Partial<Omit<Instrument, 'id' | 'symbol' | 'venue'>>;

/** Apple on Nasdaq: US equity, cent ticks. */
export function aapl(overrides: InstrumentOverrides = {}): Readonly<Instrument> {
  return defineInstrument({
    id: 'AAPL.XNAS',
    symbol: 'AAPL',
    venue: 'XNAS',
    assetClass: 'equity',
    currency: 'USD',
    tickSize: 0.01,
    lotSize: 1,
    multiplier: 1,
    pricePrecision: 2,
    name: 'Apple Inc.',
    sector: 'Technology',
    exchange: 'NASDAQ',
    ...overrides,
  });
}

/** E-mini S&P 500 December 2024 on CME: quarter-point ticks, $50 a point, expires 2024-12-20 09:30 ET. */
export function esz24(overrides: InstrumentOverrides = {}): Readonly<Instrument> {
  return defineInstrument({
    id: 'ESZ24.XCME',
    symbol: 'ESZ24',
    venue: 'XCME',
    assetClass: 'future',
    currency: 'USD',
    tickSize: 0.25,
    lotSize: 1,
    multiplier: 50,
    pricePrecision: 2,
    name: 'E-mini S&P 500 Dec 2024',
    sector: 'Index',
    exchange: 'CME',
    expiry: Date.UTC(2024, 11, 20, 14, 30),
    ...overrides,
  });
}

/** Euro / US dollar spot on IBKR's IDEALPRO: prices in USD per EUR to 5 decimals. */
export function eurusd(overrides: InstrumentOverrides = {}): Readonly<Instrument> {
  return defineInstrument({
    id: 'EUR/USD.IDEALPRO',
    symbol: 'EUR/USD',
    venue: 'IDEALPRO',
    assetClass: 'forex',
    currency: 'USD',
    tickSize: 0.00001,
    lotSize: 1,
    multiplier: 1,
    pricePrecision: 5,
    name: 'Euro / US Dollar',
    ...overrides,
  });
}
