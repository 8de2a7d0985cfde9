// Real files from public test suites (see /work/shared/refdata/SOURCES.txt): they must import
// cleanly, and the weekly file must equal the ISO-week resample of the daily one. The tests run
// when ../shared/refdata exists beside the repository; otherwise they are reported as skipped,
// with the missing path in their name.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resampleBars } from '../resample/resample.js';
import { openTempStores, type TempStores } from '../test-fixtures/temp-stores.js';
import { importFiles } from './importer.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const backtrader = resolve(repoRoot, '../shared/refdata/backtrader');
const available = existsSync(backtrader);
const missing = available ? '' : ` [SKIPPED: reference data not found at ${backtrader}]`;

let stores: TempStores;

beforeAll(async () => {
  stores = await openTempStores('refdata');
});
afterAll(async () => stores.close());

describe('reference data', () => {
  it.skipIf(!available)(`imports the backtrader files cleanly, Yahoo files included${missing}`, async () => {
    const files = ['2006-day-001.txt', 'orcl-1995-2014.txt', 'nvda-1999-2014.txt', 'yhoo-1996-2014.txt'].map((name) => join(backtrader, name));
    const summary = await importFiles(stores, files);
    expect(summary.files.map((file) => [file.instrumentId, file.status, file.layout, file.barType, file.report.errors])).toEqual([
      ['2006.LOCAL', 'imported', 'ohlcv', '1d', 0],
      ['ORCL.LOCAL', 'imported', 'yahoo', '1d', 0],
      ['NVDA.LOCAL', 'imported', 'yahoo', '1d', 0],
      ['YHOO.LOCAL', 'imported', 'yahoo', '1d', 0],
    ]);
    for (const [index, file] of files.entries()) {
      const dataLines = readFileSync(file, 'latin1').trim().split('\n').length - 1;
      expect(summary.files[index]!.rowsWritten).toBe(dataLines);
    }
    const orcl = await stores.timeSeries.readBars({ instrumentId: 'ORCL.LOCAL', barType: '1d', limit: 1, fromEnd: true });
    // Last line of orcl-1995-2014.txt: 2014-12-31,45.450001,45.560001,44.970001,44.970001,42.303135,13269200
    expect([orcl.tsUs[0], orcl.open[0], orcl.high[0], orcl.low[0], orcl.close[0], orcl.volume[0]]).toEqual([
      BigInt(Date.UTC(2014, 11, 31)) * 1000n,
      45.450001,
      45.560001,
      44.970001,
      44.970001,
      13269200,
    ]);
  });

  it.skipIf(!available)(`resamples 2006-day-001 by ISO week into exactly 2006-week-001${missing}`, async () => {
    const summary = await importFiles(stores, [join(backtrader, '2006-day-001.txt'), join(backtrader, '2006-week-001.txt')], { symbol: 'IDX' });
    expect(summary.files.map((file) => file.barType)).toEqual(['1d', '1w']);
    const resampled = await resampleBars(stores.timeSeries, { instrumentId: 'IDX.LOCAL', source: '1d', target: '1w' });
    const reference = await stores.timeSeries.readBars({ instrumentId: 'IDX.LOCAL', barType: '1w' });
    expect(resampled.tsUs).toHaveLength(52);
    const mondayOf = (tsUs: bigint) => {
      const day = Number(tsUs / 86_400_000_000n);
      return day - ((day + 3) % 7); // 1970-01-01 was a Thursday
    };
    // The reference stamps a week with its last trading day, we with its Monday: compare weeks.
    expect(Array.from(resampled.tsUs, mondayOf)).toEqual(Array.from(reference.tsUs, mondayOf));
    for (const column of ['open', 'high', 'low', 'close', 'volume'] as const) expect(resampled[column]).toEqual(reference[column]);
  });
});
