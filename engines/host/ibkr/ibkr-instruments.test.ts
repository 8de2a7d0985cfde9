// Which IB contract an instrument id stands for: forex by IDEALPRO, futures by exchange, else stock.
import { describe, expect, it } from 'vitest';
import { ErrorCode, NwsError, instrumentId } from '@nws/core';
import { IbkrInstrumentMap, specForInstrument } from './ibkr-instruments.js';

describe('specForInstrument', () => {
  it('reads forex, front-month futures and stocks from the id', () => {
    expect(specForInstrument(instrumentId('EUR.USD', 'IDEALPRO'))).toEqual({ kind: 'forex', base: 'EUR', quote: 'USD' });
    expect(specForInstrument(instrumentId('GBPJPY', 'IDEALPRO'))).toEqual({ kind: 'forex', base: 'GBP', quote: 'JPY' });
    expect(specForInstrument(instrumentId('CL', 'NYMEX'))).toEqual({ kind: 'future', symbol: 'CL', exchange: 'NYMEX' });
    expect(specForInstrument(instrumentId('AAPL', 'NASDAQ'))).toEqual({ kind: 'stock', symbol: 'AAPL' });
  });

  it('reads an OCC option symbol as that option, and a share class as a stock', () => {
    expect(specForInstrument(instrumentId('SPY991217C00500000', 'SMART'))).toEqual({ kind: 'option', symbol: 'SPY', expiry: '20991217', strike: 500, right: 'C' });
    expect(specForInstrument(instrumentId('AAPL990119P00192500', 'SMART'))).toEqual({ kind: 'option', symbol: 'AAPL', expiry: '20990119', strike: 192.5, right: 'P' });
    expect(specForInstrument(instrumentId('BRK.B', 'NYSE'))).toEqual({ kind: 'stock', symbol: 'BRK.B' });
  });

  it('refuses a forex id that is not a currency pair, naming it', () => {
    const error = (() => { try { specForInstrument(instrumentId('EURO', 'IDEALPRO')); } catch (caught) { return caught; } })();
    expect(error).toBeInstanceOf(NwsError);
    expect((error as NwsError).code).toBe(ErrorCode.InvalidArgument);
    expect((error as NwsError).message).toMatch(/EURO\.IDEALPRO.*BASE\.QUOTE/);
  });

  it('prefers an explicit contract for that id only', () => {
    const map = new IbkrInstrumentMap();
    map.set(instrumentId('ESZ99', 'CME'), { kind: 'future', symbol: 'ES', exchange: 'CME', expiry: '209912' });
    expect(map.specFor(instrumentId('ESZ99', 'CME'))).toEqual({ kind: 'future', symbol: 'ES', exchange: 'CME', expiry: '209912' });
    expect(map.specFor(instrumentId('ES', 'CME'))).toEqual({ kind: 'future', symbol: 'ES', exchange: 'CME' });
  });
});
