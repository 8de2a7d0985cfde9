// `nws indicators` logic: CSV in (Yahoo and backtrader layouts, any header case), JSON or CSV out,
// one entry per row with null during warm-up, and clear errors listing what is accepted.
import { ErrorCode, NwsError, testkit } from '@nws/core';
import { describe, expect, it } from 'vitest';
import { computeBatch } from '../index.js';
import { parseTimestamp } from './ohlcv-csv.js';
import { computeIndicatorsTable, runIndicatorsCommand } from './indicators-command.js';

const yahoo = `Date,Open,High,Low,Close,Adj Close,Volume
2024-01-02,10,11,9,10.5,10.4,1000
2024-01-03,10.5,12,10,11.5,11.4,1500
2024-01-04,11.5,12.5,11,12,11.9,1200
2024-01-05,12,12.2,10.8,11,10.9,900
`;

const backtrader = `date,OPEN,high,LOW,close,volume,openinterest\r
2006-01-02,3578.73,3605.95,3578.73,3604.33,0,0\r
2006-01-03,3604.08,3638.42,3601.84,3614.34,0,0\r
2006-01-04,3615.23,3652.46,3615.23,3652.46,0,0\r
`;

const caught = testkit.errorOf;

describe('nws indicators', () => {
  it('prints JSON with the file timestamps as index and null during warm-up', () => {
    const text = runIndicatorsCommand({ csvText: yahoo, indicator: 'SMA', params: ['timeperiod=2'] });
    expect(JSON.parse(text)).toEqual({
      index: ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'],
      outputs: { real: [null, 11, 11.75, 11.5] },
    });
  });

  it('reads any header case and the backtrader layout, and gives every output', () => {
    const table = computeIndicatorsTable({ csvText: backtrader, indicator: 'bbands', params: ['timeperiod=2', 'matype=ema'] });
    expect(table.index).toEqual(['2006-01-02', '2006-01-03', '2006-01-04']);
    expect(Object.keys(table.outputs)).toEqual(['upperband', 'middleband', 'lowerband', 'percentb', 'bandwidth']);
    const expected = computeBatch('bbands', { timeperiod: 2, matype: 1 }, { close: [3604.33, 3614.34, 3652.46] });
    expect(table.outputs.middleband).toEqual([null, expected.middleband[1], expected.middleband[2]]);
  });

  it('feeds high, low, close and volume to indicators that need them', () => {
    const table = computeIndicatorsTable({ csvText: yahoo, indicator: 'mfi', params: ['timeperiod=2'] });
    const expected = computeBatch('mfi', { timeperiod: 2 }, {
      high: [11, 12, 12.5, 12.2],
      low: [9, 10, 11, 10.8],
      close: [10.5, 11.5, 12, 11],
      volume: [1000, 1500, 1200, 900],
    });
    expect(table.outputs.real).toEqual([null, null, expected.real[2], expected.real[3]]);
  });

  it('prints CSV with the file date header and empty cells during warm-up', () => {
    const text = runIndicatorsCommand({ csvText: yahoo, indicator: 'mom', params: ['timeperiod=1'], format: 'csv' });
    expect(text).toBe('Date,real\n2024-01-02,\n2024-01-03,1\n2024-01-04,0.5\n2024-01-05,-1\n');
  });

  it('parses timestamps for session-anchored VWAP', () => {
    const csvText = 'Datetime,Open,High,Low,Close,Volume\n2024-01-02 14:30:00,1,1,1,1,10\n2024-01-02 15:30:00,3,3,3,3,10\n2024-01-03 14:30:00,5,5,5,5,10\n';
    expect(computeIndicatorsTable({ csvText, indicator: 'vwap' }).outputs.real).toEqual([1, 2, 5]);
    expect(parseTimestamp('2024-01-02')).toBe(Date.UTC(2024, 0, 2));
    expect(parseTimestamp('2024-01-02 14:30:00')).toBe(Date.UTC(2024, 0, 2, 14, 30));
    expect(parseTimestamp('2024-01-02T14:30:00+01:00')).toBe(Date.UTC(2024, 0, 2, 13, 30));
    expect(parseTimestamp('1704205800')).toBe(1704205800000);
  });

  it('rejects an unknown indicator, listing the accepted ones', () => {
    const error = caught(() => runIndicatorsCommand({ csvText: yahoo, indicator: 'supertrend' }));
    expect(error.code).toBe(ErrorCode.InvalidArgument);
    expect(error.message).toMatch(/^unknown indicator 'supertrend'; accepted: ad, adosc, adx, /);
  });

  it('rejects unknown parameters and out-of-range values, listing the accepted parameters', () => {
    const unknown = caught(() => runIndicatorsCommand({ csvText: yahoo, indicator: 'rsi', params: ['period=14'] }));
    expect(unknown.message).toBe("rsi: unknown parameter 'period'. Accepted parameters: timeperiod (integer 2..100000, default 14)");
    const outOfRange = caught(() => runIndicatorsCommand({ csvText: yahoo, indicator: 'rsi', params: ['timeperiod=1'] }));
    expect(outOfRange.message).toContain('timeperiod=1 is out of range; accepted: timeperiod (integer 2..100000, default 14)');
    const malformed = caught(() => runIndicatorsCommand({ csvText: yahoo, indicator: 'rsi', params: ['timeperiod'] }));
    expect(malformed.message).toBe("--param 'timeperiod' must look like key=value, e.g. timeperiod=20");
    const notNumber = caught(() => runIndicatorsCommand({ csvText: yahoo, indicator: 'rsi', params: ['timeperiod=abc'] }));
    expect(notNumber.message).toContain('timeperiod must be a finite number, got "abc"');
  });

  it('rejects CSV without the needed columns or with bad cells, naming them', () => {
    const noVolume = 'Date,Open,High,Low,Close\n2024-01-02,1,1,1,1\n';
    expect(caught(() => runIndicatorsCommand({ csvText: noVolume, indicator: 'obv' })).message).toBe(
      'input CSV lacks column volume (header: Date,Open,High,Low,Close)',
    );
    const noDate = 'Open,High,Low,Close,Volume\n1,1,1,1,1\n';
    expect(caught(() => runIndicatorsCommand({ csvText: noDate, indicator: 'sma' })).message).toMatch(/no date\/time column; expected one of date, datetime/);
    const badCell = yahoo.replace('11.5,11.4', 'null,null');
    expect(caught(() => runIndicatorsCommand({ csvText: badCell, indicator: 'sma' })).message).toBe("input CSV line 3: Close 'null' is not a number");
    expect(caught(() => runIndicatorsCommand({ csvText: '', indicator: 'sma' })).message).toBe('input CSV is empty');
    expect(caught(() => runIndicatorsCommand({ csvText: yahoo, indicator: 'sma', format: 'xml' as never })).message).toBe(
      "--format 'xml' is not one of json, csv",
    );
  });
});
