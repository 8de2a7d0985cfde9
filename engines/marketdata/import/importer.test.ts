import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { MessageBus, patterns, type JobProgress } from '@nws/core';
import { StateStore, TimeSeriesStore } from '@nws/storage';
import type { MarketDataStores } from '../stores.js';
import { corrupt, corruptions, fixtureFileArbitrary, fixtureText } from '../test-fixtures/bar-files.js';
import { importFiles, type ImportProgress } from './importer.js';

let dir: string;
let store: TimeSeriesStore;
let stores: MarketDataStores;
let fileCounter = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nws-import-'));
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

const nextSymbol = () => `T${++fileCounter}`;

async function storedSeries(instrumentId: string) {
  return (await store.listSeries()).filter((series) => series.instrumentId === instrumentId);
}

describe('importFiles', () => {
  it('stores a Yahoo file exactly as written, named from the file', async () => {
    const path = writeFile(
      'nvda-1999-2014.csv',
      'Date,Open,High,Low,Close,Adj Close,Volume\n1999-01-22,1.750000,1.953125,1.552083,1.640625,1.518424,67867200\n1999-01-25,1.770833,1.833333,1.640625,1.812500,1.677496,12762000\n',
    );
    const summary = await importFiles(stores, [path]);
    expect(summary).toMatchObject({ imported: 1, rejected: 0, failed: 0 });
    expect(summary.files[0]).toMatchObject({
      status: 'imported',
      format: 'csv',
      layout: 'yahoo',
      instrumentId: 'NVDA.LOCAL',
      barType: '1d',
      rowsRead: 2,
      rowsWritten: 2,
      firstTs: Date.UTC(1999, 0, 22),
      lastTs: Date.UTC(1999, 0, 25),
    });
    expect(stores.state.getInstrument('NVDA.LOCAL')).toMatchObject({ symbol: 'NVDA', venue: 'LOCAL', tickSize: 0.000001, pricePrecision: 6 });
    const bars = await store.readBars({ instrumentId: 'NVDA.LOCAL', barType: '1d' });
    expect([...bars.tsUs]).toEqual([BigInt(Date.UTC(1999, 0, 22)) * 1000n, BigInt(Date.UTC(1999, 0, 25)) * 1000n]);
    expect([...bars.close]).toEqual([1.640625, 1.8125]);
    expect([...bars.volume]).toEqual([67867200, 12762000]);
  });

  it('applies Adj Close to open, high, low and close only with adjust, and stores it either way', async () => {
    const path = writeFile('adj.csv', 'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,12,8,10,5,100\n2024-01-03,10,11,9,10.5,5.25,200\n');
    const adjusted = await importFiles(stores, [path], { symbol: 'ADJ', adjust: true });
    expect(adjusted.files[0]!.notes).toContain('--adjust: open, high, low and close scaled by Adj Close / Close; Adj Close stored as read');
    const bars = await store.readBars({ instrumentId: 'ADJ.LOCAL', barType: '1d' });
    expect([bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0]]).toEqual([5, 6, 4, 5, 100]);
    expect([...bars.adjClose!]).toEqual([5, 5.25]);

    const raw = await importFiles(stores, [path], { symbol: 'RAWADJ' });
    expect(raw.files[0]!.notes[0]).toMatch(/^Adj Close stored beside the prices, not applied/);
    const stored = await store.readBars({ instrumentId: 'RAWADJ.LOCAL', barType: '1d' });
    expect([...stored.close]).toEqual([10, 10.5]);
    expect([...stored.adjClose!]).toEqual([5, 5.25]);
  });

  it('stores no adjusted close for a file without one', async () => {
    const path = writeFile('plain.csv', 'Date,Open,High,Low,Close,Volume\n2024-01-02,10,12,8,10,100\n');
    await importFiles(stores, [path], { symbol: 'NOADJ' });
    expect((await store.readBars({ instrumentId: 'NOADJ.LOCAL', barType: '1d' })).adjClose).toBeUndefined();
  });

  it('round-trips any valid generated file exactly, in every layout', async () => {
    await fc.assert(
      fc.asyncProperty(fixtureFileArbitrary, fc.boolean(), async (file, gzip) => {
        const symbol = nextSymbol();
        const text = fixtureText(file);
        const path = writeFile(`${symbol}.csv${gzip ? '.gz' : ''}`, gzip ? gzipSync(text) : text);
        const summary = await importFiles(stores, [path], { bar: file.daily ? '1d' : '1m' });
        const result = summary.files[0]!;
        expect(result.error).toBeUndefined();
        expect(result.report.errors).toBe(0);
        expect(result).toMatchObject({ status: 'imported', rowsWritten: file.bars.length, format: gzip ? 'csv.gz' : 'csv' });
        const stored = await store.readBars({ instrumentId: `${symbol}.LOCAL`, barType: file.daily ? '1d' : '1m' });
        expect([...stored.tsUs]).toEqual(file.bars.map((bar) => BigInt(bar.tsMs) * 1000n));
        expect(stored.open).toEqual(Float64Array.from(file.bars, (bar) => bar.open));
        expect(stored.high).toEqual(Float64Array.from(file.bars, (bar) => bar.high));
        expect(stored.low).toEqual(Float64Array.from(file.bars, (bar) => bar.low));
        expect(stored.close).toEqual(Float64Array.from(file.bars, (bar) => bar.close));
        expect(stored.volume).toEqual(Float64Array.from(file.bars, (bar) => bar.volume));
        if (file.withOpenInterest) expect(stored.openInterest).toEqual(Float64Array.from(file.bars, (bar) => bar.openInterest));
      }),
      { numRuns: 40 },
    );
  });

  it('rejects any corrupted file with the right rule and row, and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fixtureFileArbitrary, fc.constantFrom(...corruptions), fc.integer({ min: 1, max: 1000 }), async (file, corruption, position) => {
        fc.pre(file.rows.length >= 2);
        const at = 1 + (position % (file.rows.length - 1));
        const symbol = nextSymbol();
        const broken = corrupt(file, corruption, at);
        const path = writeFile(`${symbol}.csv`, fixtureText({ ...file, rows: broken.rows }));
        const summary = await importFiles(stores, [path], { bar: file.daily ? '1d' : '1m' });
        const result = summary.files[0]!;
        expect(result.status).toBe('rejected');
        expect(result.report.issues).toContainEqual(expect.objectContaining({ row: broken.line, rule: corruption, severity: 'error' }));
        expect(await storedSeries(`${symbol}.LOCAL`)).toEqual([]);
        expect(stores.state.getInstrument(`${symbol}.LOCAL`)).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('repairs with repair: drops and fixes rows, says which, stores the rest', async () => {
    const path = writeFile(
      'fix.csv',
      'Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,0.5,2,1.5,10\n2024-01-04,NaN,2,0.5,1.5,10\n2024-01-04,1,2,0.5,1.5,10\n2024-01-05,1,2,0.5,1.5,oops\n',
    );
    const rejected = await importFiles(stores, [path], { symbol: 'FIX' });
    expect(rejected.files[0]!.status).toBe('rejected');
    expect(rejected.files[0]!.report.counts).toEqual({ unparseable: 1, 'nan-price': 1, 'high-below-low': 1, 'duplicate-timestamp': 1 });
    expect(await storedSeries('FIX.LOCAL')).toEqual([]);

    const repaired = await importFiles(stores, [path], { symbol: 'FIX', repair: true });
    expect(repaired.files[0]).toMatchObject({ status: 'imported', rowsRead: 5, rowsWritten: 3 });
    expect(repaired.files[0]!.repairs!.actions.map(({ row, rule, action }) => `${row} ${rule} ${action}`)).toEqual([
      '3 high-below-low fixed',
      '4 nan-price dropped',
      '6 unparseable dropped',
    ]);
    const bars = await store.readBars({ instrumentId: 'FIX.LOCAL', barType: '1d' });
    expect([...bars.high]).toEqual([2, 2, 2]);
  });

  it('checks without writing on a dry run', async () => {
    const path = writeFile('dry.csv', 'Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n2024-01-03,1,2,0.5,1.5\n');
    const summary = await importFiles(stores, [path], { symbol: 'DRY', dryRun: true });
    expect(summary).toMatchObject({ imported: 0, checked: 1 });
    expect(summary.files[0]).toMatchObject({ status: 'checked', rowsRead: 2, rowsWritten: 0, barType: '1d', firstTs: Date.UTC(2024, 0, 2) });
    expect(await storedSeries('DRY.LOCAL')).toEqual([]);
    expect(stores.state.getInstrument('DRY.LOCAL')).toBeUndefined();
  });

  it('reports unreadable files as failed without stopping the others', async () => {
    const good = writeFile('good.csv', 'Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n');
    const noLayout = writeFile('nolayout.csv', 'a,b,c\n1,2,3\n');
    const summary = await importFiles(stores, [join(dir, 'missing.csv'), noLayout, good], { symbol: 'MIX' });
    expect(summary).toMatchObject({ imported: 1, failed: 2 });
    expect(summary.files[0]!.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(summary.files[1]!.error!.message).toMatch(/cannot detect the layout/);
  });

  it('refuses an overlap with onOverlap reject and keeps the stored bars', async () => {
    const first = writeFile('ovl1.csv', 'Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n2024-01-03,1,2,0.5,1.5\n');
    const second = writeFile('ovl2.csv', 'Date,Open,High,Low,Close\n2024-01-03,9,9,9,9\n');
    await importFiles(stores, [first], { symbol: 'OVL' });
    const summary = await importFiles(stores, [second], { symbol: 'OVL', onOverlap: 'reject' });
    expect(summary.files[0]!.error).toMatchObject({ code: 'CONFLICT' });
    expect([...(await store.readBars({ instrumentId: 'OVL.LOCAL', barType: '1d' })).close]).toEqual([1.5, 1.5]);
  });

  it('imports Parquet through DuckDB read_parquet', async () => {
    const path = join(dir, 'pq.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(
      `COPY (SELECT TIMESTAMP '2024-01-02 14:30:00' + to_minutes(range) AS "Datetime", 10.5 + range AS "Open", 12.0 + range AS "High",
              9.25 + range AS "Low", 11.0 + range AS "Close", (100 * range)::BIGINT AS "Volume" FROM range(3))
       TO '${path}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const summary = await importFiles(stores, [path], { symbol: 'PQ.XNAS' });
    expect(summary.files[0]).toMatchObject({ status: 'imported', format: 'parquet', barType: '1m', rowsWritten: 3, instrumentId: 'PQ.XNAS' });
    const bars = await store.readBars({ instrumentId: 'PQ.XNAS', barType: '1m' });
    expect(bars.tsUs[0]).toBe(BigInt(Date.parse('2024-01-02T14:30:00Z')) * 1000n);
    expect([...bars.open]).toEqual([10.5, 11.5, 12.5]);
    expect([...bars.volume]).toEqual([0, 100, 200]);
  });

  it('publishes progress on the bus and to the callback', async () => {
    const bus = new MessageBus();
    const events: JobProgress[] = [];
    bus.subscribe(patterns.jobProgress(), (event) => void events.push(event));
    const calls: ImportProgress[] = [];
    const path = writeFile('prog.csv', 'Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n');
    await importFiles(stores, [path], { symbol: 'PROG' }, { bus, jobId: 'job-1', onProgress: (progress) => calls.push(progress) });
    expect(events[0]).toMatchObject({ jobId: 'job-1', state: 'running', done: 0 });
    expect(events.at(-1)).toMatchObject({ jobId: 'job-1', state: 'done', message: 'imported 1, rejected 0, failed 0' });
    expect(calls.map((call) => call.phase)).toEqual(['reading', 'checking', 'writing', 'done']);
    expect(calls.at(-1)!.bytesDone).toBe(calls.at(-1)!.bytesTotal);
  });

  it('refuses bad options naming each one', async () => {
    await expect(importFiles(stores, ['x.csv'], { bar: '7q', timeZone: 'Mars/Base' })).rejects.toThrow(/bar: .*; timeZone: .*not a known IANA zone/);
    await expect(importFiles(stores, [])).rejects.toThrow(/at least one file/);
  });
});
