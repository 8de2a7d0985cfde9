import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBarSpec } from '@nws/core';
import { importFiles } from '../import/importer.js';
import { openTempStores, type TempStores } from '../test-fixtures/temp-stores.js';
import { formatTime, loadBars, writeBarsCsv, writeBarsJson, writeBarsParquet, type TextSink } from './bar-export.js';
import { listStoredInstruments } from './instrument-listing.js';
import { rangeFromArguments } from './time-argument.js';

let stores: TempStores;

/** 2 days x 120 one-minute bars with awkward prices, and open interest on some of them. */
function minuteFile(): string {
  const lines = ['Datetime,Open,High,Low,Close,Volume,OpenInterest'];
  for (const day of ['2024-03-07', '2024-03-08']) {
    for (let minute = 0; minute < 120; minute++) {
      const time = new Date(Date.parse(`${day}T14:30:00Z`) + minute * 60_000).toISOString().slice(0, 19) + 'Z';
      const base = 100 + minute / 7;
      lines.push(`${time},${base},${base + 0.1},${base - 0.3},${base + 1 / 3 - 0.3},${minute},${minute % 2 ? '' : minute * 10}`);
    }
  }
  return lines.join('\n') + '\n';
}

class Collect implements TextSink {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}

beforeAll(async () => {
  stores = await openTempStores('export');
  const { writeFileSync } = await import('node:fs');
  const path = join(stores.dir, 'min.csv');
  writeFileSync(path, minuteFile());
  const summary = await importFiles(stores, [path], { symbol: 'EXP.XNAS' });
  expect(summary.imported).toBe(1);
});
afterAll(async () => stores.close());

describe('export', () => {
  it('writes stored bars as CSV that imports back to the same values', async () => {
    const loaded = await loadBars(stores.timeSeries, { instrumentId: 'EXP.XNAS', barType: '1m' });
    expect(loaded.resampledFrom).toBeUndefined();
    const sink = new Collect();
    await writeBarsCsv(loaded.columns, parseBarSpec('1m'), sink);
    expect(sink.text.split('\n').slice(0, 3)).toEqual([
      'Date,Open,High,Low,Close,Volume,OpenInterest',
      `2024-03-07T14:30:00Z,100,100.1,99.7,${100 + 1 / 3 - 0.3},0,0`,
      `2024-03-07T14:31:00Z,${100 + 1 / 7},${100 + 1 / 7 + 0.1},${100 + 1 / 7 - 0.3},${100 + 1 / 7 + 1 / 3 - 0.3},1,`,
    ]);
    const { writeFileSync } = await import('node:fs');
    const path = join(stores.dir, 'again.csv');
    writeFileSync(path, sink.text);
    await importFiles(stores, [path], { symbol: 'AGAIN.XNAS' });
    const again = await loadBars(stores.timeSeries, { instrumentId: 'AGAIN.XNAS', barType: '1m' });
    expect(again.columns).toEqual(loaded.columns);
  });

  it('resamples on the fly when asked for a coarser step, with complete buckets at the range edges', async () => {
    const hourly = await loadBars(stores.timeSeries, { instrumentId: 'EXP.XNAS', barType: '1h' });
    expect(hourly.resampledFrom).toBe('1m');
    expect(Array.from(hourly.columns.tsUs, (ts) => formatTime(ts, false))).toEqual([
      '2024-03-07T14:00:00Z',
      '2024-03-07T15:00:00Z',
      '2024-03-07T16:00:00Z',
      '2024-03-08T14:00:00Z',
      '2024-03-08T15:00:00Z',
      '2024-03-08T16:00:00Z',
    ]);
    expect([...hourly.columns.volume]).toEqual([435, 3570, 3135, 435, 3570, 3135]);
    const range = rangeFromArguments('2024-03-07T15:00:00Z', '2024-03-07T15:00:00Z');
    const one = await loadBars(stores.timeSeries, { instrumentId: 'EXP.XNAS', barType: '1h', ...range });
    expect([...one.columns.volume]).toEqual([3570]);
    const daily = await loadBars(stores.timeSeries, { instrumentId: 'EXP.XNAS', barType: '1d', ...rangeFromArguments(undefined, '2024-03-07') });
    const sink = new Collect();
    await writeBarsCsv(daily.columns, parseBarSpec('1d'), sink);
    expect(sink.text).toBe(`Date,Open,High,Low,Close,Volume,OpenInterest\n2024-03-07,100,${100 + 119 / 7 + 0.1},99.7,${100 + 119 / 7 + 1 / 3 - 0.3},7140,1180\n`);
  });

  it('writes JSON with epoch-ms times and Parquet that imports back', async () => {
    const loaded = await loadBars(stores.timeSeries, { instrumentId: 'EXP.XNAS', barType: '1m', ...rangeFromArguments('2024-03-07T14:30:00Z', '2024-03-07T14:31:00Z') });
    const sink = new Collect();
    await writeBarsJson(loaded.columns, sink);
    const parsed = JSON.parse(sink.text) as Array<Record<string, unknown>>;
    expect(parsed).toEqual([
      { ts: Date.parse('2024-03-07T14:30:00Z'), time: '2024-03-07T14:30:00Z', open: 100, high: 100.1, low: 99.7, close: 100 + 1 / 3 - 0.3, volume: 0, openInterest: 0 },
      { ts: Date.parse('2024-03-07T14:31:00Z'), time: '2024-03-07T14:31:00Z', open: 100 + 1 / 7, high: 100 + 1 / 7 + 0.1, low: 100 + 1 / 7 - 0.3, close: 100 + 1 / 7 + 1 / 3 - 0.3, volume: 1 },
    ]);

    const path = join(stores.dir, 'out.parquet');
    const written = await writeBarsParquet(stores.timeSeries, { instrumentId: 'EXP.XNAS', barType: '5m' }, path);
    expect(written).toEqual({ rows: 48, barType: '5m', resampledFrom: '1m' });
    await importFiles(stores, [path], { symbol: 'PQBACK.XNAS' });
    const back = await loadBars(stores.timeSeries, { instrumentId: 'PQBACK.XNAS', barType: '5m' });
    const direct = await loadBars(stores.timeSeries, { instrumentId: 'EXP.XNAS', barType: '5m' });
    expect(back.columns).toEqual(direct.columns);
  });

  it('round-trips a Yahoo file through import and export with its Adj Close, in CSV, JSON and Parquet', async () => {
    const { writeFileSync } = await import('node:fs');
    const yahoo =
      'Date,Open,High,Low,Close,Adj Close,Volume\n' +
      '2024-01-02,187.15,188.44,183.89,185.64,184.938217,82488700\n' +
      '2024-01-03,184.22,185.88,183.43,184.25,183.553467,58414500\n' +
      '2024-01-04,182.15,183.09,180.88,181.91,181.222336,71983600\n' +
      '2024-01-05,181.99,182.76,180.17,181.18,180.495087,62303300\n' +
      '2024-01-08,182.09,185.6,181.5,185.56,184.858521,59144500\n';
    const path = join(stores.dir, 'aapl.csv');
    writeFileSync(path, yahoo);
    expect((await importFiles(stores, [path], { symbol: 'AAPL.XNAS' })).imported).toBe(1);
    const loaded = await loadBars(stores.timeSeries, { instrumentId: 'AAPL.XNAS', barType: '1d' });
    const csv = new Collect();
    await writeBarsCsv(loaded.columns, parseBarSpec('1d'), csv);
    expect(csv.text).toBe(yahoo);

    const json = new Collect();
    await writeBarsJson(loaded.columns, json);
    expect((JSON.parse(json.text) as Array<Record<string, number>>).map((bar) => bar.adjClose)).toEqual([184.938217, 183.553467, 181.222336, 180.495087, 184.858521]);

    // Weekly: the adjusted close of the week's last bar.
    const weekly = await loadBars(stores.timeSeries, { instrumentId: 'AAPL.XNAS', barType: '1w' });
    expect([...weekly.columns.adjClose!]).toEqual([180.495087, 184.858521]);
    expect([...weekly.columns.close]).toEqual([181.18, 185.56]);

    const parquet = join(stores.dir, 'aapl.parquet');
    expect((await writeBarsParquet(stores.timeSeries, { instrumentId: 'AAPL.XNAS', barType: '1d' }, parquet)).rows).toBe(5);
    await importFiles(stores, [parquet], { symbol: 'AAPLPQ.XNAS' });
    expect((await loadBars(stores.timeSeries, { instrumentId: 'AAPLPQ.XNAS', barType: '1d' })).columns).toEqual(loaded.columns);
  });

  it('says what is stored when the series cannot be served', async () => {
    await expect(loadBars(stores.timeSeries, { instrumentId: 'EXP.XNAS', barType: '30s' })).rejects.toThrow(/no 30s bars for EXP\.XNAS and none finer to build them from \(stored: 1m\)/);
    await expect(loadBars(stores.timeSeries, { instrumentId: 'NONE.XNAS', barType: '1d' })).rejects.toThrow(/nothing is stored for it/);
    expect(() => rangeFromArguments('yesterday', undefined)).toThrow(/--from "yesterday" is not a time/);
    expect(() => rangeFromArguments('2024-02-01', '2024-01-01')).toThrow(/is not before --to/);
  });

  it('lists stored instruments with their series and row counts', async () => {
    const listed = await listStoredInstruments(stores);
    expect(listed.find((instrument) => instrument.instrumentId === 'EXP.XNAS')).toEqual({
      instrumentId: 'EXP.XNAS',
      name: 'EXP',
      assetClass: 'equity',
      series: [{ barType: '1m', rows: 240, firstTs: Date.parse('2024-03-07T14:30:00Z'), lastTs: Date.parse('2024-03-08T16:29:00Z') }],
      ticks: [],
      totalRows: 240,
    });
  });
});
