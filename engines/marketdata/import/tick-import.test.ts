import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateStore, TimeSeriesStore } from '@nws/storage';
import type { QuoteTickColumns, TradeTickColumns } from '@nws/storage';
import type { MarketDataStores } from '../stores.js';
import { listStoredInstruments } from '../export/instrument-listing.js';
import { importFiles } from './importer.js';
import { TickCsvParser, tickKindOfHeader } from './tick-import.js';

let dir: string;
let store: TimeSeriesStore;
let stores: MarketDataStores;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nws-tick-import-'));
  store = await TimeSeriesStore.open(join(dir, 'timeseries.duckdb'));
  stores = { timeSeries: store, state: StateStore.open(join(dir, 'state.sqlite')) };
});

afterAll(async () => {
  await store.close();
  stores.state.close();
  rmSync(dir, { recursive: true, force: true });
});

function writeFile(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const us = (iso: string) => BigInt(Date.parse(iso)) * 1000n;

describe('tick files', () => {
  it('tells quote and trade headers from bar headers', () => {
    expect(tickKindOfHeader('ts,bid,ask,bid_size,ask_size')).toBe('quotes');
    expect(tickKindOfHeader('Timestamp;Bid Price;Ask Price')).toBe('quotes');
    expect(tickKindOfHeader('time,price,size')).toBe('trades');
    expect(tickKindOfHeader('DateTime,Price,Volume')).toBe('trades');
    expect(tickKindOfHeader('Date,Open,High,Low,Close,Volume')).toBeUndefined();
    expect(tickKindOfHeader('date,close,price,volume')).toBeUndefined();
    expect(tickKindOfHeader('bid,ask')).toBeUndefined();
  });

  it('imports quotes (local times, shared instants) in file order and names the instrument', async () => {
    const path = writeFile(
      'es-quotes.csv',
      [
        'Timestamp,Bid,Ask,Bid Size,Ask Size',
        '2024-01-02 09:30:00.000100,4700.25,4700.50,12,30',
        '2024-01-02 09:30:00.000100,4700.00,4700.50,8,30',
        '2024-01-02 09:30:01,4700.00,4700.25,8,5',
        '',
      ].join('\r\n'),
    );
    const summary = await importFiles(stores, [path], { symbol: 'ES.XCME', timeZone: 'America/New_York' });
    expect(summary.files[0]).toMatchObject({
      status: 'imported',
      format: 'csv',
      layout: 'quotes',
      ticks: 'quotes',
      instrumentId: 'ES.XCME',
      rowsRead: 3,
      rowsWritten: 3,
      replaced: 0,
      firstTs: Date.parse('2024-01-02T14:30:00Z'),
      lastTs: Date.parse('2024-01-02T14:30:01Z'),
    });
    expect(summary.files[0]!.barType).toBeUndefined();
    const read = (await store.readTicks({ instrumentId: 'ES.XCME', kind: 'quotes' })) as QuoteTickColumns;
    expect(Array.from(read.tsUs)).toEqual([us('2024-01-02T14:30:00Z') + 100n, us('2024-01-02T14:30:00Z') + 100n, us('2024-01-02T14:30:01Z')]);
    expect(Array.from(read.bid)).toEqual([4700.25, 4700, 4700]);
    expect(Array.from(read.askSize)).toEqual([30, 30, 5]);
    expect(stores.state.getInstrument('ES.XCME' as never)).toMatchObject({ pricePrecision: 2 });
  });

  it('imports gzipped trades with epoch-millisecond times; quotes without sizes read size 0', async () => {
    const trades = writeFile('cl-trades.csv.gz', gzipSync('ts,price,size\n1704205800000,71.05,3\n1704205800250,71.06,1\n1704205800250,71.04,2\n'));
    const quotes = writeFile('cl-quotes.csv', 'time,bid,ask\n2024-01-02T14:30:00Z,71.04,71.06\n');
    const summary = await importFiles(stores, [trades, quotes], { symbol: 'CL.XNYM' });
    expect(summary).toMatchObject({ imported: 2, failed: 0, rejected: 0 });
    expect(summary.files[0]).toMatchObject({ format: 'csv.gz', ticks: 'trades', rowsWritten: 3 });
    const read = (await store.readTicks({ instrumentId: 'CL.XNYM', kind: 'trades' })) as TradeTickColumns;
    expect(Array.from(read.price)).toEqual([71.05, 71.06, 71.04]);
    expect(Array.from(read.tsUs)).toEqual([1_704_205_800_000_000n, 1_704_205_800_250_000n, 1_704_205_800_250_000n]);
    const quoteRead = (await store.readTicks({ instrumentId: 'CL.XNYM', kind: 'quotes' })) as QuoteTickColumns;
    expect(Array.from(quoteRead.bidSize)).toEqual([0]);
    const listed = (await listStoredInstruments(stores)).find((instrument) => instrument.instrumentId === 'CL.XNYM');
    expect(listed).toMatchObject({
      series: [],
      totalRows: 0,
      ticks: [
        { kind: 'quotes', rows: 1, firstTs: 1_704_205_800_000, lastTs: 1_704_205_800_000 },
        { kind: 'trades', rows: 3, firstTs: 1_704_205_800_000, lastTs: 1_704_205_800_250 },
      ],
    });
  });

  it('reads Date,Time,Price,Volume trade files (the time of day in its own column) in the given zone', async () => {
    const path = writeFile('nq-trades.csv', 'Date,Time,Price,Volume\n2024-01-02,09:30:00.250,16820.25,3\n2024-01-02,09:30:00.250,16820.50,1\n2024-01-02,09:30:01,16820.00,2\n');
    const summary = await importFiles(stores, [path], { symbol: 'NQ.XCME', timeZone: 'America/New_York' });
    expect(summary.files[0]).toMatchObject({ status: 'imported', ticks: 'trades', rowsWritten: 3 });
    const read = (await store.readTicks({ instrumentId: 'NQ.XCME', kind: 'trades' })) as TradeTickColumns;
    expect(Array.from(read.tsUs)).toEqual([us('2024-01-02T14:30:00.250Z'), us('2024-01-02T14:30:00.250Z'), us('2024-01-02T14:30:01Z')]);
    expect(Array.from(read.price)).toEqual([16820.25, 16820.5, 16820]);
    const bad = await importFiles(stores, [writeFile('nq-bad.csv', 'Date,Time,Price,Volume\n2024-01-02,25:00,16820.25,3\n')], { symbol: 'NQ.XCME' });
    expect(bad.files[0]!.report.issues[0]).toMatchObject({ row: 2, column: 'Time', value: '25:00', rule: 'unparseable' });
  });

  const badQuotes = [
    'ts,bid,ask,bid_size,ask_size',
    '1704205800000,10.00,10.05,1,1',
    '1704205801000,10.10,10.05,1,1', // line 3: crossed
    '1704205802000,,10.05,1,1', // line 4: no bid
    '1704205803000,10.00,10.05,-2,1', // line 5: negative size
    'soon,10.00,10.05,1,1', // line 6: not a time
    '1704205799000,10.00,10.05,1,1', // line 7: before line 2
    '1704205804000,10.01,10.04,3,4',
  ].join('\n');

  it('rejects a tick file with bad rows, naming line, column and rule, and writes nothing', async () => {
    const path = writeFile('bad-quotes.csv', badQuotes);
    const summary = await importFiles(stores, [path], { symbol: 'BAD.XNAS' });
    const file = summary.files[0]!;
    expect(file.status).toBe('rejected');
    expect(file.rowsRead).toBe(7);
    expect(file.report.issues.map((issue) => [issue.row, issue.column, issue.rule])).toEqual([
      [3, 'bid', 'crossed-quote'],
      [4, 'bid', 'nan-price'],
      [5, 'bid_size', 'negative-volume'],
      [6, 'ts', 'unparseable'],
      [7, 'ts', 'out-of-order'],
    ]);
    expect((await store.listTickSeries()).some((series) => series.instrumentId === 'BAD.XNAS')).toBe(false);
    const zero = await importFiles(stores, [writeFile('zero-trades.csv', 'ts,price,size\n1704205800000,5,0\n')], { symbol: 'BAD.XNAS' });
    expect(zero.files[0]!.report.issues[0]).toMatchObject({ row: 2, column: 'size', rule: 'zero-size' });
  });

  it('drops the bad rows with --repair and stores the rest; a dry run writes nothing', async () => {
    const path = writeFile('repair-quotes.csv', badQuotes);
    const dry = await importFiles(stores, [path], { symbol: 'FIX.XNAS', repair: true, dryRun: true });
    expect(dry.files[0]).toMatchObject({ status: 'checked', rowsRead: 7 });
    expect((await store.listTickSeries()).some((series) => series.instrumentId === 'FIX.XNAS')).toBe(false);
    const summary = await importFiles(stores, [path], { symbol: 'FIX.XNAS', repair: true });
    expect(summary.files[0]).toMatchObject({ status: 'imported', rowsWritten: 2 });
    expect(summary.files[0]!.repairs).toMatchObject({ dropped: 5, fixed: 0 });
    expect(summary.files[0]!.repairs!.actions.map((action) => action.row)).toEqual([3, 4, 5, 6, 7]);
    const read = (await store.readTicks({ instrumentId: 'FIX.XNAS', kind: 'quotes' })) as QuoteTickColumns;
    expect(Array.from(read.bid)).toEqual([10, 10.01]);
  });

  it('fails a tick file with a header and no rows, saying there is nothing to import', async () => {
    const summary = await importFiles(stores, [writeFile('empty-trades.csv', 'ts,price,size\n')], { symbol: 'EMPTY.XNAS' });
    expect(summary.files[0]).toMatchObject({ status: 'failed', ticks: 'trades', rowsRead: 0, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('no ticks to import') } });
  });

  it('refuses an overlapping file under --on-overlap reject and keeps what was stored', async () => {
    await importFiles(stores, [writeFile('ov-1.csv', 'ts,price,size\n1704205800000,1,1\n1704205801000,2,1\n')], { symbol: 'OV.XNAS' });
    const second = await importFiles(stores, [writeFile('ov-2.csv', 'ts,price,size\n1704205801000,3,1\n')], { symbol: 'OV.XNAS', onOverlap: 'reject' });
    expect(second.files[0]).toMatchObject({ status: 'failed', error: { code: 'CONFLICT' } });
    const read = (await store.readTicks({ instrumentId: 'OV.XNAS', kind: 'trades' })) as TradeTickColumns;
    expect(Array.from(read.price)).toEqual([1, 2]);
  });

  it('parses the same ticks whatever the chunk boundaries', () => {
    const lines = ['ts,bid,ask,bid_size,ask_size'];
    for (let row = 0; row < 500; row++) lines.push(`${1_704_205_800_000 + Math.floor(row / 3)},${(100 + (row % 7) / 100).toFixed(2)},${(100.1 + (row % 5) / 100).toFixed(2)},${row % 9},${row % 4}`);
    const bytes = new TextEncoder().encode(lines.join('\n'));
    const whole = new TickCsvParser({ source: 'q.csv' });
    whole.push(bytes);
    const expected = whole.finish();
    expect(expected.columns.tsUs.length).toBe(500);
    for (const size of [1, 7, 64, 4096]) {
      const parser = new TickCsvParser({ source: 'q.csv' });
      for (let start = 0; start < bytes.length; start += size) parser.push(bytes.subarray(start, start + size));
      expect(parser.finish().columns).toEqual(expected.columns);
    }
  });
});
