import { describe, expect, it } from 'vitest';
import { ErrorCode, NwsError } from '../errors.js';
import { defineInstrument, instrumentSchema } from './instrument.js';

const aapl = {
  id: 'AAPL.XNAS',
  symbol: 'AAPL',
  venue: 'XNAS',
  assetClass: 'equity',
  currency: 'USD',
  tickSize: 0.01,
  lotSize: 1,
  multiplier: 1,
  pricePrecision: 2,
};

const aaplCall = {
  ...aapl,
  id: 'AAPL240621C00200000.SMART',
  symbol: 'AAPL240621C00200000',
  venue: 'SMART',
  assetClass: 'option',
  multiplier: 100,
  strike: 200,
  right: 'call',
  expiry: Date.UTC(2024, 5, 21, 20),
  underlying: 'AAPL.XNAS',
};

function messageOf(input: unknown): string {
  try {
    defineInstrument(input);
  } catch (error) {
    expect(NwsError.is(error, ErrorCode.InvalidValue)).toBe(true);
    return (error as NwsError).message;
  }
  throw new Error('expected defineInstrument to throw');
}

describe('instrument', () => {
  it('accepts a valid equity and option and freezes them', () => {
    const equity = defineInstrument(aapl);
    expect(equity.id).toBe('AAPL.XNAS');
    expect(Object.isFrozen(equity)).toBe(true);
    expect(defineInstrument(aaplCall).underlying).toBe('AAPL.XNAS');
  });

  it('lists every bad field at once', () => {
    const message = messageOf({ ...aapl, assetClass: 'bond', tickSize: 0, currency: 'usd', pricePrecision: 12 });
    expect(message).toContain('assetClass');
    expect(message).toContain('tickSize');
    expect(message).toContain('currency: must be a currency code such as USD');
    expect(message).toContain('pricePrecision');
  });

  it('checks the id against symbol and venue, and precision against tick size', () => {
    const message = messageOf({ ...aapl, symbol: 'MSFT', venue: 'ARCA', pricePrecision: 1 });
    expect(message).toContain("symbol: must be 'AAPL' to match id AAPL.XNAS");
    expect(message).toContain("venue: must be 'XNAS' to match id AAPL.XNAS");
    expect(message).toContain('pricePrecision: 1 is too few decimals for tickSize 0.01');
  });

  it('requires option fields on options and refuses them elsewhere', () => {
    const { strike: _strike, right: _right, ...bareOption } = aaplCall;
    const message = messageOf(bareOption);
    expect(message).toContain('strike: is required for an option');
    expect(message).toContain('right: is required for an option');
    expect(messageOf({ ...aapl, strike: 100 })).toContain('strike: only applies to options, not equity');
  });

  it('refuses unknown fields', () => {
    expect(instrumentSchema.safeParse({ ...aapl, colour: 'red' }).success).toBe(false);
  });
});
