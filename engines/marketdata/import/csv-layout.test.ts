import { describe, expect, it } from 'vitest';
import { NwsError } from '@nws/core';
import { detectCsvLayout } from './csv-layout.js';

describe('detectCsvLayout', () => {
  it('recognises the Yahoo layout whatever the case', () => {
    const layout = detectCsvLayout('date,OPEN,High,low,Close,Adj Close,VOLUME', '1995-01-03,2.17,2.19,2.11,2.11,1.88,36301200', 'orcl.csv');
    expect(layout.kind).toBe('yahoo');
    expect(layout.columns).toEqual({ date: 0, open: 1, high: 2, low: 3, close: 4, adjClose: 5, volume: 6 });
  });

  it('recognises generic OHLCV with OpenInterest, in any column order and with a BOM', () => {
    const layout = detectCsvLayout('\uFEFFClose,Volume,Open,High,Low,Date,OpenInterest', undefined, 'x.csv');
    expect(layout.kind).toBe('ohlcv');
    expect(layout.columns).toEqual({ close: 0, volume: 1, open: 2, high: 3, low: 4, date: 5, openInterest: 6 });
  });

  it('recognises separate Date and Time columns', () => {
    const layout = detectCsvLayout('Date,Time,Open,High,Low,Close,Volume', '2006-01-02,09:30:00,1,2,0.5,1.5,10', 'x.csv');
    expect(layout.kind).toBe('date-time');
    expect(layout.columns.time).toBe(1);
  });

  it('recognises epoch seconds and milliseconds from the first row', () => {
    expect(detectCsvLayout('timestamp,open,high,low,close,volume', '1700000000,1,1,1,1,1', 'x').epochUnit).toBe('s');
    const millis = detectCsvLayout('time;o;h;l;c;v', '1700000000000;1;1;1;1;1', 'x');
    expect(millis).toMatchObject({ kind: 'epoch', epochUnit: 'ms', delimiter: ';'.charCodeAt(0) });
    expect(detectCsvLayout('date,open,high,low,close', '20240102,1,1,1,1', 'x').kind).toBe('ohlcv');
  });

  it('reads tab and MetaStock-style <DATE> headers', () => {
    const layout = detectCsvLayout('<TICKER>\t<DATE>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<VOL>', '', 'x');
    expect(layout.columns).toMatchObject({ date: 1, open: 2, high: 3, low: 4, close: 5, volume: 6 });
  });

  it('names every missing column', () => {
    let caught: unknown;
    try {
      detectCsvLayout('Date,Price,Volume', undefined, 'prices.csv');
    } catch (error) {
      caught = error;
    }
    expect(NwsError.is(caught, 'INVALID_ARGUMENT')).toBe(true);
    expect((caught as Error).message).toMatch(/prices\.csv: .*no open, high, low, close column/);
  });
});
