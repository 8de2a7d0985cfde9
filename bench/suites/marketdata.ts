// Market-data benchmarks: CSV import end to end (parse + quality checks + store in DuckDB) of a
// 10M-row file with its peak memory, against DuckDB's own multi-threaded read_csv (the import
// streams: a parse thread parses and checks while this thread appends to one transaction; see
// docs/marketdata.md, "How a large file is imported"); resampling
// 10M one-minute bars to hours inside DuckDB; the live simulator's quote rate on the bus.
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { MessageBus, SimulatedClock, patterns } from '@nws/core';
import {
  DEMO_PROFILES,
  MarketSimulator,
  importFiles,
  type MarketDataStores,
  resampleBars,
  resampleQuery,
  type SimulatedInstrument,
} from '@nws/marketdata';
import { StateStore, TimeSeriesStore } from '@nws/storage';
import { type BenchContext, type BenchEntry, peakRssMib, withPeer } from '../types.js';

const IMPORT_ROWS = 10_000_000;
const TICK_ROWS = 3_000_000;
const WARM_UP_ROWS = 300_000;
const SIMULATOR_ROUNDS = 40_000;

/** Writes `rows` one-minute bars as `Date,Open,High,Low,Close,Volume` with ISO times and cent prices. */
async function writeMinuteCsv(path: string, rows: number): Promise<void> {
  const stream = createWriteStream(path, { highWaterMark: 4 * 1024 * 1024 });
  stream.write('Date,Open,High,Low,Close,Volume\n');
  let cents = 10_000;
  const firstDayMs = Date.UTC(2000, 0, 3);
  // Formatting dates is the slow part of writing: each day's prefix and each minute's time once.
  const minutesOfDay = Array.from({ length: 1440 }, (_, minute) => `T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`);
  const centsText = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));
  const price = (value: number) => `${Math.floor(value / 100)}.${centsText[value % 100]}`;
  let dayPrefix = '';
  for (let start = 0; start < rows; start += 50_000) {
    const lines: string[] = [];
    for (let row = start; row < Math.min(rows, start + 50_000); row++) {
      const minute = row % 1440;
      if (minute === 0) dayPrefix = new Date(firstDayMs + (row / 1440) * 86_400_000).toISOString().slice(0, 10);
      const open = cents;
      cents = Math.max(100, cents + ((row * 7919) % 21) - 10);
      const high = Math.max(open, cents) + (row % 5);
      const low = Math.min(open, cents) - (row % 3);
      lines.push(`${dayPrefix}${minutesOfDay[minute]},${price(open)},${price(high)},${price(low)},${price(cents)},${(row * 31) % 5000}\n`);
    }
    if (!stream.write(lines.join(''))) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
}

/** Writes `rows` quotes as `ts,bid,ask,bid_size,ask_size`: epoch ms, four quotes a millisecond, quarter points. */
async function writeQuoteCsv(path: string, rows: number): Promise<void> {
  const stream = createWriteStream(path, { highWaterMark: 4 * 1024 * 1024 });
  stream.write('ts,bid,ask,bid_size,ask_size\n');
  let quarters = 18_800;
  const startMs = Date.UTC(2024, 0, 2, 14, 30);
  for (let start = 0; start < rows; start += 50_000) {
    const lines: string[] = [];
    for (let row = start; row < Math.min(rows, start + 50_000); row++) {
      quarters += ((row * 7919) % 3) - 1;
      lines.push(`${startMs + Math.floor(row / 4)},${(quarters / 4).toFixed(2)},${((quarters + 1) / 4).toFixed(2)},${1 + (row % 200)},${1 + ((row * 13) % 150)}\n`);
    }
    if (!stream.write(lines.join(''))) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
}

async function openStores(dir: string) {
  const timeSeries = await TimeSeriesStore.open(join(dir, 'timeseries.duckdb'));
  const state = StateStore.open(join(dir, 'state.sqlite'));
  return { timeSeries, state, close: async () => (state.close(), await timeSeries.close()) };
}

/** The importer without storage: a dry run parses and checks the file and writes nothing. */
async function parseAndCheck(stores: MarketDataStores, path: string): Promise<void> {
  const summary = await importFiles(stores, [path], { symbol: 'DRY', bar: '1m', dryRun: true });
  if (summary.checked !== 1) throw new Error(`dry run failed: ${JSON.stringify(summary.files[0]!.error)}`);
}

async function duckdbReadCsv(path: string, rows = IMPORT_ROWS): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const started = performance.now();
  await connection.run(`CREATE TABLE bars AS SELECT * FROM read_csv('${path}', header = true, timestampformat = '%Y-%m-%dT%H:%M:%S')`);
  const elapsed = performance.now() - started;
  connection.closeSync();
  instance.closeSync();
  return (rows * 1000) / elapsed;
}

/** CPU ms used so far by each thread of this process (Linux /proc; empty elsewhere). */
function threadCpuMs(): Map<number, number> {
  const cpu = new Map<number, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      // Fields after the parenthesised name: utime and stime are the 12th and 13th, in clock ticks (100 Hz).
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpu.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * 10);
    }
  } catch {
    // Not Linux: no per-thread numbers.
  }
  return cpu;
}

/**
 * Where the import's CPU went: this thread (the store's appender), the busiest other thread (the
 * parse thread), and all the others (DuckDB's). On an idle machine the wall time would approach
 * the larger of the first two, as the two halves overlap.
 */
function describeThreadCpu(before: Map<number, number>, after: Map<number, number>): string {
  if (after.size === 0) return 'per-thread CPU not available';
  const used = [...after].map(([tid, ms]) => ({ tid, ms: ms - (before.get(tid) ?? 0) }));
  const main = used.find((thread) => thread.tid === process.pid)?.ms ?? 0;
  const others = used.filter((thread) => thread.tid !== process.pid).sort((a, b) => b.ms - a.ms);
  const busiest = others[0]?.ms ?? 0;
  const rest = others.slice(1).reduce((sum, thread) => sum + thread.ms, 0);
  return `CPU: this thread ${(main / 1000).toFixed(1)} s, parse thread ${(busiest / 1000).toFixed(1)} s, other threads ${(rest / 1000).toFixed(1)} s`;
}

function cpuCount(): number {
  return availableParallelism();
}

function simulatorQuotesPerSecond(): number {
  const bus = new MessageBus();
  const counter = { quotes: 0 };
  bus.subscribe(patterns.quotes(), () => void counter.quotes++);
  const instruments: SimulatedInstrument[] = DEMO_PROFILES.map((profile) => ({
    instrumentId: `${profile.symbol}.SIM` as SimulatedInstrument['instrumentId'],
    price: profile.startPrice,
    tickSize: 0.01,
    pricePrecision: 2,
    annualVolatility: 0.3,
  }));
  const simulator = new MarketSimulator(bus, new SimulatedClock(0), instruments);
  simulator.burst(2_000, 0);
  counter.quotes = 0;
  const started = performance.now();
  simulator.burst(SIMULATOR_ROUNDS, 1);
  const elapsed = performance.now() - started;
  bus.close();
  return (counter.quotes * 1000) / elapsed;
}

export default async function marketdataSuite(ctx: BenchContext): Promise<BenchEntry[]> {
  const bigFile = join(ctx.tmpDir, 'minutes-10m.csv');
  const warmFile = join(ctx.tmpDir, 'warm.csv');
  ctx.log(`writing ${IMPORT_ROWS.toLocaleString('en-US')} rows of CSV`);
  await writeMinuteCsv(bigFile, IMPORT_ROWS);
  await writeMinuteCsv(warmFile, WARM_UP_ROWS);

  const stores = await openStores(join(ctx.tmpDir, 'data'));
  ctx.log('import end to end');
  // Streamed like the big file, so the parse thread (kept between imports, as in a running Host) is up and warm.
  await importFiles(stores, [warmFile], { symbol: 'WARM', bar: '1m' }, { stream: { minBytes: 0 } });
  // Before the dry run, which holds all 10M rows' columns at once: peak RSS is a high-water mark.
  const rssBefore = peakRssMib();
  const loadBefore = loadavg()[0]!;
  const cpuBefore = threadCpuMs();
  let started = performance.now();
  const summary = await importFiles(stores, [bigFile], { symbol: 'BIG', bar: '1m' });
  const importMs = performance.now() - started;
  const threadCpu = describeThreadCpu(cpuBefore, threadCpuMs());
  const importRss = peakRssMib();
  if (summary.files[0]!.rowsWritten !== IMPORT_ROWS) throw new Error(`import wrote ${summary.files[0]!.rowsWritten} rows: ${JSON.stringify(summary.files[0]!.error)}`);
  const importRate = (IMPORT_ROWS * 1000) / importMs;
  const load = `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after, on ${cpuCount()} cores`;

  ctx.log('parse + check only (dry run)');
  await parseAndCheck(stores, warmFile);
  started = performance.now();
  await parseAndCheck(stores, bigFile);
  const parseRate = (IMPORT_ROWS * 1000) / (performance.now() - started);

  ctx.log('resample 1m -> 1h');
  const request = { instrumentId: 'BIG.LOCAL', source: '1m', target: '1h' };
  let resampleMs = Infinity;
  let sqlMs = Infinity;
  const query = resampleQuery(request);
  for (let run = 0; run < 3; run++) {
    started = performance.now();
    const hours = await resampleBars(stores.timeSeries, request);
    resampleMs = Math.min(resampleMs, performance.now() - started);
    if (hours.tsUs.length !== Math.ceil(IMPORT_ROWS / 60)) throw new Error(`resample gave ${hours.tsUs.length} bars`);
    started = performance.now();
    // Every output column is summed, so DuckDB cannot prune any aggregate: the full aggregation's cost.
    await stores.timeSeries.query(
      `SELECT count(*) AS bars, sum(open) + sum(high) + sum(low) + sum(close) + sum(volume) + coalesce(sum(open_interest), 0) + coalesce(sum(adj_close), 0) AS checksum FROM (${query.sql})`,
      query.params,
    );
    sqlMs = Math.min(sqlMs, performance.now() - started);
  }

  const tickFile = join(ctx.tmpDir, 'quotes-3m.csv');
  ctx.log(`tick import: ${TICK_ROWS.toLocaleString('en-US')} quotes`);
  await writeQuoteCsv(tickFile, TICK_ROWS);
  started = performance.now();
  const tickSummary = await importFiles(stores, [tickFile], { symbol: 'TICKS' });
  const tickMs = performance.now() - started;
  const tickRss = peakRssMib();
  if (tickSummary.files[0]!.rowsWritten !== TICK_ROWS) throw new Error(`tick import wrote ${tickSummary.files[0]!.rowsWritten} rows: ${JSON.stringify(tickSummary.files[0]!.error)}`);
  await stores.close();

  ctx.log('DuckDB read_csv (peer)');
  const duckdbRate = await duckdbReadCsv(bigFile);
  const duckdbTickRate = await duckdbReadCsv(tickFile, TICK_ROWS);

  ctx.log('simulator');
  const quotesPerSecond = Math.max(simulatorQuotesPerSecond(), simulatorQuotesPerSecond());

  return [
    withPeer({
      name: 'marketdata.import_ticks',
      value: Math.round((TICK_ROWS * 1000) / tickMs),
      unit: 'rows/s',
      higherIsBetter: true,
      peer: 'duckdb read_csv into a table (multi-threaded C++, no checks)',
      peerValue: Math.round(duckdbTickRate),
      note: `${TICK_ROWS.toLocaleString('en-US')}-quote CSV (epoch ms, four quotes a millisecond): parse + row checks on this thread, then one transaction (${(tickMs / 1000).toFixed(1)} s); peak RSS of the process so far ${tickRss} MiB (the 10M-bar dry run above is the high-water mark)`,
    }),
    withPeer({
      name: 'marketdata.import_csv',
      value: Math.round(importRate),
      unit: 'rows/s',
      higherIsBetter: true,
      target: 2_000_000,
      peer: 'duckdb read_csv into a table (multi-threaded C++, no checks)',
      peerValue: Math.round(duckdbRate),
      note: `10M-row CSV, parse + quality checks (parse thread) overlapped with the ingest into the time-series store (this thread; DuckDB's threads set to 1 for the append), one transaction (${(importMs / 1000).toFixed(1)} s; ${threadCpu}; ${load})`,
    }),
    {
      name: 'marketdata.import_parse',
      value: Math.round(parseRate),
      unit: 'rows/s',
      higherIsBetter: true,
      note: 'the importer without storage (dry run, whole file in this thread): streaming byte parse + quality checks of the same file',
    },
    {
      name: 'marketdata.import_rss_mib',
      value: importRss,
      unit: 'MiB',
      higherIsBetter: false,
      target: 1024,
      note: `peak RSS of the bench process through the 10M-row import (was ${rssBefore} MiB before it)`,
    },
    {
      name: 'marketdata.resample',
      value: Math.round(resampleMs),
      unit: 'ms',
      higherIsBetter: false,
      target: 1000,
      note: '10M one-minute bars to 166,667 hourly bars in DuckDB (integer clock buckets), straight into column arrays through TimeSeriesStore.queryBars (best of 3)',
    },
    {
      name: 'marketdata.resample_sql',
      value: Math.round(sqlMs),
      unit: 'ms',
      higherIsBetter: false,
      note: 'the same aggregation inside DuckDB (every column summed, so nothing is pruned) without bringing the rows back to JavaScript (best of 3)',
    },
    {
      name: 'marketdata.simulator',
      value: Math.round(quotesPerSecond),
      unit: 'quotes/s',
      higherIsBetter: true,
      target: 50_000,
      note: `24 instruments, quotes + trades (35%) published on the in-process bus to a subscriber, one thread`,
    },
  ];
}
