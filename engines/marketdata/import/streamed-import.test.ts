// The streamed path (parse thread + one streaming transaction) against the whole-file path:
// same stored bars, same result, same report; errors anywhere write nothing. Tiny reads and
// blocks make even small generated files stream as many blocks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateStore, TimeSeriesStore } from '@nws/storage';
import type { MarketDataStores } from '../stores.js';
import { corrupt, corruptions, fixtureFileArbitrary, fixtureText, type FixtureFile } from '../test-fixtures/bar-files.js';
import { importFiles, type ImportFileResult, type ImportOptionsInput } from '../index.js';
import { parseThreads } from './parse-thread.js';
import type { StreamTuning } from './streamed-import.js';

/** Every file streams, read 97 bytes at a time, a block per read. */
const STREAM: StreamTuning = { minBytes: 0, blockRows: 1, readBytes: 97 };
const WHOLE: StreamTuning = { minBytes: Number.POSITIVE_INFINITY };

let dir: string;
let store: TimeSeriesStore;
let stores: MarketDataStores;
let fileCounter = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nws-streamed-import-'));
  store = await TimeSeriesStore.open(join(dir, 'timeseries.duckdb'));
  stores = { timeSeries: store, state: StateStore.open(join(dir, 'state.sqlite')) };
});

afterAll(async () => {
  await parseThreads.close();
  await store.close();
  stores.state.close();
  rmSync(dir, { recursive: true, force: true });
});

function writeFile(content: string | Uint8Array, suffix = '.csv'): { path: string; symbol: string } {
  const symbol = `S${++fileCounter}`;
  const path = join(dir, `${symbol}${suffix}`);
  writeFileSync(path, content);
  return { path, symbol };
}

/** Imports one file with the given tuning under a fresh symbol; returns its result without the names. */
async function importWith(content: string | Uint8Array, tuning: StreamTuning, options: ImportOptionsInput = {}, suffix = '.csv') {
  const { path, symbol } = writeFile(content, suffix);
  const summary = await importFiles(stores, [path], options, { stream: tuning });
  const { file, instrumentId, ...result } = summary.files[0]!;
  expect(file).toBe(path);
  expect(instrumentId).toBe(`${symbol}.LOCAL`);
  return { result, instrumentId: `${symbol}.LOCAL` };
}

async function storedBars(instrumentId: string, barType: string | undefined) {
  return (await store.listSeries()).some((series) => series.instrumentId === instrumentId) ? store.readBars({ instrumentId, barType: barType! }) : undefined;
}

/** Imports `content` both ways: same result, same bars, same instrument record; and checks it streamed. */
async function expectSameBothWays(content: string | Uint8Array, options: ImportOptionsInput = {}, suffix = '.csv'): Promise<Omit<ImportFileResult, 'file' | 'instrumentId'>> {
  const whole = await importWith(content, WHOLE, options, suffix);
  const before = parseThreads.stats;
  const streamed = await importWith(content, STREAM, options, suffix);
  expect(streamed.result).toEqual(whole.result);
  expect(await storedBars(streamed.instrumentId, streamed.result.barType)).toEqual(await storedBars(whole.instrumentId, whole.result.barType));
  const { id: _streamedId, symbol: _streamedSymbol, name: _streamedName, ...streamedRecord } = stores.state.getInstrument(streamed.instrumentId) ?? { id: '', symbol: '', name: '' };
  const { id: _wholeId, symbol: _wholeSymbol, name: _wholeName, ...wholeRecord } = stores.state.getInstrument(whole.instrumentId) ?? { id: '', symbol: '', name: '' };
  expect(streamedRecord).toEqual(wholeRecord);
  const after = parseThreads.stats;
  expect(after.jobs).toBe(before.jobs + 1);
  // A file with errors is turned back and read whole (rejected, or imported with --repair).
  if (streamed.result.report.errors === 0) expect(after.streamed).toBe(before.streamed + 1);
  else expect(after.turnedBack).toBe(before.turnedBack + 1);
  return streamed.result;
}

/** A sound minute file of `rows` bars with a two-minute hole after bar 70 (a gap warning). */
function minuteFile(rows: number): string {
  const lines = ['Date,Open,High,Low,Close,Adj Close,Volume'];
  for (let index = 0; index < rows; index++) {
    const minute = index + (index > 70 ? 2 : 0);
    const time = new Date(Date.UTC(2024, 0, 2, 14, 30) + minute * 60_000).toISOString().slice(0, 19);
    const price = 100 + ((index * 37) % 200) / 100;
    lines.push(`${time},${price},${(price + 0.5).toFixed(2)},${(price - 0.5).toFixed(2)},${price},${(price * 0.9).toFixed(3)},${index * 10}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('streamed import', () => {
  it('stores a sound file exactly as the whole-file path does, with the same report and notes', async () => {
    const result = await expectSameBothWays(minuteFile(2500), { adjust: true });
    expect(result).toMatchObject({ status: 'imported', rowsRead: 2500, rowsWritten: 2500, barType: '1m', layout: 'yahoo' });
    expect(result.report.counts).toEqual({ gap: 1 });
    expect(result.notes[0]).toMatch(/^--adjust: open, high, low and close scaled/);
  });

  it('round-trips any valid generated file, plain or gzipped, as the whole-file path does', async () => {
    await fc.assert(
      fc.asyncProperty(fixtureFileArbitrary, fc.boolean(), async (file: FixtureFile, gzip) => {
        const text = fixtureText(file);
        const result = await expectSameBothWays(gzip ? gzipSync(text) : text, { bar: file.daily ? '1d' : '1m' }, gzip ? '.csv.gz' : '.csv');
        expect(result).toMatchObject({ status: 'imported', rowsWritten: file.bars.length });
      }),
      { numRuns: 15 },
    );
  });

  it('turns back any corrupted file: rejected with the whole-file report, nothing written', async () => {
    await fc.assert(
      fc.asyncProperty(fixtureFileArbitrary, fc.constantFrom(...corruptions), fc.integer({ min: 1, max: 1000 }), async (file, corruption, position) => {
        fc.pre(file.rows.length >= 2);
        const broken = corrupt(file, corruption, 1 + (position % (file.rows.length - 1)));
        const result = await expectSameBothWays(fixtureText({ ...file, rows: broken.rows }), { bar: file.daily ? '1d' : '1m' });
        expect(result.status).toBe('rejected');
        expect(result.report.issues).toContainEqual(expect.objectContaining({ row: broken.line, rule: corruption, severity: 'error' }));
      }),
      { numRuns: 15 },
    );
  });

  it('writes nothing when an error comes after many blocks were appended, and repairs like the whole-file path', async () => {
    const lines = minuteFile(3000).split('\n');
    lines[2801] = lines[2801]!.replace(/,[\d.]+,([\d.]+),/, ',$1,1,'); // high 1: below low
    const broken = lines.join('\n');
    const countBefore = (await store.listSeries()).length;
    const rejected = await expectSameBothWays(broken);
    expect(rejected).toMatchObject({ status: 'rejected', rowsWritten: 0 });
    expect(rejected.report.issues).toContainEqual(expect.objectContaining({ row: 2802, rule: 'high-below-low' }));
    expect((await store.listSeries()).length).toBe(countBefore);
    const repaired = await expectSameBothWays(broken, { repair: true });
    expect(repaired).toMatchObject({ status: 'imported', rowsWritten: 3000 });
  });

  it('applies the overlap policy to the span of the whole file', async () => {
    const { path, symbol } = writeFile(minuteFile(1000));
    await importFiles(stores, [path], {}, { stream: STREAM });
    const again = await importFiles(stores, [path], { symbol, onOverlap: 'reject' }, { stream: STREAM });
    expect(again.files[0]).toMatchObject({ status: 'failed', error: { code: 'CONFLICT' } });
    const replaced = await importFiles(stores, [path], { symbol }, { stream: STREAM });
    expect(replaced.files[0]).toMatchObject({ status: 'imported', rowsWritten: 1000, replaced: 1000 });
    expect((await store.listSeries()).find((series) => series.instrumentId === `${symbol}.LOCAL`)!.rows).toBe(1000);
  });

  it('streams two files at once on two threads into the one store', async () => {
    const first = writeFile(minuteFile(1500));
    const second = writeFile(minuteFile(1200));
    const before = parseThreads.stats;
    const [one, two] = await Promise.all([
      importFiles(stores, [first.path], {}, { stream: STREAM }),
      importFiles(stores, [second.path], {}, { stream: STREAM }),
    ]);
    expect([one.files[0]!.rowsWritten, two.files[0]!.rowsWritten]).toEqual([1500, 1200]);
    const after = parseThreads.stats;
    expect(after.streamed).toBe(before.streamed + 2);
    expect(after.threadsStarted).toBeGreaterThan(before.threadsStarted);
  });
});
