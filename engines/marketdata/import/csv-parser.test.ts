import { describe, expect, it } from 'vitest';
import { CsvBarParser, parseCsvBars } from './csv-parser.js';

const yahoo = [
  'Date,Open,High,Low,Close,Adj Close,Volume',
  '1999-01-22,1.750000,1.953125,1.552083,1.640625,1.518424,67867200',
  '1999-01-25,1.770833,1.833333,1.640625,1.812500,1.677496,12762000',
  '',
].join('\n');

describe('CsvBarParser', () => {
  it('reads every column of a Yahoo file with its line numbers', () => {
    const { bars, layout, report, lines } = parseCsvBars(yahoo, { source: 'nvda.csv' });
    expect(layout.kind).toBe('yahoo');
    expect(bars.length).toBe(2);
    expect([...bars.tsUs]).toEqual([Date.UTC(1999, 0, 22) * 1000, Date.UTC(1999, 0, 25) * 1000]);
    expect([...bars.open]).toEqual([1.75, 1.770833]);
    expect([...bars.high]).toEqual([1.953125, 1.833333]);
    expect([...bars.low]).toEqual([1.552083, 1.640625]);
    expect([...bars.close]).toEqual([1.640625, 1.8125]);
    expect([...bars.adjClose!]).toEqual([1.518424, 1.677496]);
    expect([...bars.volume]).toEqual([67867200, 12762000]);
    expect([...bars.row]).toEqual([2, 3]);
    expect(report.errors).toBe(0);
    expect(lines).toBe(3);
  });

  it('gives the same bars however the bytes are chunked, with CRLF line ends', () => {
    const text = yahoo.replace(/\n/g, '\r\n');
    const whole = parseCsvBars(text, { source: 'x' }).bars;
    const parser = new CsvBarParser({ source: 'x' });
    const bytes = new TextEncoder().encode(text);
    for (let index = 0; index < bytes.length; index += 7) parser.push(bytes.slice(index, index + 7));
    expect(parser.finish().bars).toEqual(whole);
  });

  it('combines Date and Time columns and converts the wall clock from --tz', () => {
    const text = 'Date,Time,Open,High,Low,Close,Volume\n2024-07-15,09:30:00,10,11,9,10.5,100\n2024-01-15,09:30,10,11,9,10.5,100';
    const { bars } = parseCsvBars(text, { source: 'x', timeZone: 'America/New_York' });
    expect([...bars.tsUs]).toEqual([Date.parse('2024-07-15T13:30:00Z') * 1000, Date.parse('2024-01-15T14:30:00Z') * 1000]);
  });

  it('keeps explicit zones over --tz and reads epoch milliseconds', () => {
    const iso = parseCsvBars('Datetime,Open,High,Low,Close\n2024-07-15T09:30:00-04:00,1,1,1,1', { source: 'x', timeZone: 'Asia/Tokyo' });
    expect(iso.bars.tsUs[0]).toBe(Date.parse('2024-07-15T13:30:00Z') * 1000);
    const epoch = parseCsvBars('time,open,high,low,close,volume\n1700000000000,1,2,0.5,1.5,3', { source: 'x' });
    expect(epoch.bars.tsUs[0]).toBe(1_700_000_000_000_000);
  });

  it('reports unparseable rows by line, column and value and leaves them out', () => {
    const text = 'Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-32,1,2,0.5,1.5,10\n2024-01-04,1,abc,0.5,1.5,10\n2024-01-05,1,2\n\n2024-01-08,1,2,0.5,1.5,10';
    const { bars, report } = parseCsvBars(text, { source: 'x' });
    expect([...bars.row]).toEqual([2, 7]);
    expect(report.issues).toEqual([
      { row: 3, column: 'Date', value: '2024-01-32', rule: 'unparseable', severity: 'error' },
      { row: 4, column: 'High', value: 'abc', rule: 'unparseable', severity: 'error' },
      { row: 5, column: 'Low', value: '', rule: 'unparseable', severity: 'error' },
    ]);
  });

  it('keeps missing prices as NaN for the checks to report', () => {
    const { bars, report } = parseCsvBars('Date,Open,High,Low,Close,Volume\n2024-01-02,null,2,0.5,1.5,', { source: 'x' });
    expect(report.errors).toBe(0);
    expect(bars.open[0]).toBeNaN();
    expect(bars.volume[0]).toBeNaN();
  });

  it('refuses an empty file and a file without the needed columns', () => {
    expect(() => parseCsvBars('', { source: 'empty.csv' })).toThrow(/empty\.csv: the file is empty/);
    expect(() => parseCsvBars('a,b\n1,2', { source: 'ab.csv' })).toThrow(/ab\.csv: cannot detect the layout/);
  });
});
