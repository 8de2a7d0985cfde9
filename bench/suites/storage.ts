// Storage benchmarks: bulk ingest of bars into the DuckDB time-series store (peer: better-sqlite3
// inserting the same bars in one transaction), and a 1M-bar range read into column arrays
// (peer: better-sqlite3 reading the same bars into the same arrays); the same two for quote ticks.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TimeSeriesStore } from '@nws/storage';
import type { BarColumns, QuoteTickColumns } from '@nws/storage';
import { type BenchContext, type BenchEntry, peakRssMib, withPeer } from '../types.js';

const INGEST_BARS = 10_000_000;
const READ_BARS = 1_000_000;
const PEER_INGEST_BARS = 1_000_000;
const READ_RUNS = 7;
const PEER_READ_RUNS = 3;
const CEILING_BARS = 2_000_000;
const MINUTE_US = 60_000_000n;
const START_US = 1_104_537_600_000_000n; // 2005-01-01 UTC
const SERIES = { instrumentId: 'AAPL.XNAS', barType: '1m' } as const;
const TICK_INGEST = 5_000_000;
const TICK_READ = 1_000_000;
const PEER_TICKS = 1_000_000;
const QUOTES = { instrumentId: 'ES.XCME', kind: 'quotes' } as const;

/** Minute bars as a random walk in whole cents, as real equity prices are (seeded: same every run). */
function generateBars(count: number): BarColumns {
  const columns: BarColumns = {
    tsUs: new BigInt64Array(count),
    open: new Float64Array(count),
    high: new Float64Array(count),
    low: new Float64Array(count),
    close: new Float64Array(count),
    volume: new Float64Array(count),
  };
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32);
  let cents = 10_000;
  for (let i = 0; i < count; i++) {
    const open = cents;
    cents = Math.max(100, cents + Math.round((random() - 0.5) * 20));
    columns.tsUs[i] = START_US + BigInt(i) * MINUTE_US;
    columns.open[i] = open / 100;
    columns.close[i] = cents / 100;
    columns.high[i] = (Math.max(open, cents) + Math.round(random() * 5)) / 100;
    columns.low[i] = (Math.min(open, cents) - Math.round(random() * 5)) / 100;
    columns.volume[i] = Math.round(random() * 10_000);
  }
  return columns;
}

/** CPU seconds this process (all threads) used since `start`: on a shared machine, wall time also counts waiting for a core. */
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Quotes of a random walk in quarter points, four per millisecond on average (times repeat), seeded. */
function generateQuotes(count: number): QuoteTickColumns {
  const quotes: QuoteTickColumns = {
    kind: 'quotes',
    tsUs: new BigInt64Array(count),
    bid: new Float64Array(count),
    ask: new Float64Array(count),
    bidSize: new Float64Array(count),
    askSize: new Float64Array(count),
  };
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32);
  let quarters = 18_800;
  let tsUs = START_US;
  for (let i = 0; i < count; i++) {
    quarters = Math.max(4, quarters + Math.round((random() - 0.5) * 2));
    if (random() < 0.25) tsUs += BigInt(1 + Math.floor(random() * 4_000));
    quotes.tsUs[i] = tsUs;
    quotes.bid[i] = quarters / 4;
    quotes.ask[i] = (quarters + 1) / 4;
    quotes.bidSize[i] = 1 + Math.floor(random() * 200);
    quotes.askSize[i] = 1 + Math.floor(random() * 200);
  }
  return quotes;
}

/** better-sqlite3 loading and reading back the same quotes: its rowid keeps the arrival order. */
function sqliteQuotes(file: string, quotes: QuoteTickColumns, count: number): { ingestRate: number; readMs: number } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.exec('CREATE TABLE quotes (instrument_id TEXT NOT NULL, ts INTEGER NOT NULL, bid REAL NOT NULL, ask REAL NOT NULL, bid_size REAL NOT NULL, ask_size REAL NOT NULL)');
  db.exec('CREATE INDEX quotes_by_time ON quotes (instrument_id, ts)');
  const insert = db.prepare('INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?)');
  const started = performance.now();
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(QUOTES.instrumentId, quotes.tsUs[i], quotes.bid[i], quotes.ask[i], quotes.bidSize[i], quotes.askSize[i]);
  })();
  const ingestRate = (count * 1000) / (performance.now() - started);
  db.defaultSafeIntegers(true);
  const select = db.prepare('SELECT ts, bid, ask, bid_size, ask_size FROM quotes WHERE instrument_id = ? ORDER BY ts, rowid').raw();
  const times: number[] = [];
  for (let run = 0; run < PEER_READ_RUNS; run++) {
    const readStarted = performance.now();
    const tsUs = new BigInt64Array(count);
    const columns = Array.from({ length: 4 }, () => new Float64Array(count));
    let row = 0;
    for (const values of select.iterate(QUOTES.instrumentId) as IterableIterator<unknown[]>) {
      tsUs[row] = values[0] as bigint;
      for (let column = 0; column < 4; column++) columns[column]![row] = Number(values[column + 1]);
      row++;
    }
    times.push(performance.now() - readStarted);
    if (row !== count) throw new Error(`sqlite read ${row} quotes, expected ${count}`);
  }
  db.close();
  return { ingestRate, readMs: median(times) };
}

const SQLITE_SCHEMA = `CREATE TABLE bars (
  instrument_id TEXT NOT NULL, bar_type TEXT NOT NULL, ts INTEGER NOT NULL,
  open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL, open_interest REAL,
  PRIMARY KEY (instrument_id, bar_type, ts)) WITHOUT ROWID`;

/** better-sqlite3 at its fastest for a bulk load: one prepared statement, one transaction, no fsync. */
function sqliteIngest(file: string, bars: BarColumns, count: number): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.exec(SQLITE_SCHEMA);
  const insert = db.prepare('INSERT INTO bars VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)');
  const started = performance.now();
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      insert.run(SERIES.instrumentId, SERIES.barType, bars.tsUs[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]);
    }
  })();
  const elapsed = performance.now() - started;
  db.close();
  return (count * 1000) / elapsed;
}

/** The same 1M-bar range read from SQLite into the same column arrays. */
function sqliteRead(file: string, fromUs: bigint, toUs: bigint): number {
  const db = new Database(file, { readonly: true });
  db.defaultSafeIntegers(true);
  const select = db.prepare('SELECT ts, open, high, low, close, volume FROM bars WHERE instrument_id = ? AND bar_type = ? AND ts >= ? AND ts < ? ORDER BY ts').raw();
  const times: number[] = [];
  for (let run = 0; run < PEER_READ_RUNS; run++) {
    const started = performance.now();
    const tsUs = new BigInt64Array(READ_BARS);
    const columns = Array.from({ length: 5 }, () => new Float64Array(READ_BARS));
    let row = 0;
    for (const values of select.iterate(SERIES.instrumentId, SERIES.barType, fromUs, toUs) as IterableIterator<unknown[]>) {
      tsUs[row] = values[0] as bigint;
      for (let column = 0; column < 5; column++) columns[column]![row] = Number(values[column + 1]);
      row++;
    }
    times.push(performance.now() - started);
    if (row !== READ_BARS) throw new Error(`sqlite read ${row} bars, expected ${READ_BARS}`);
  }
  db.close();
  return median(times);
}

export default async function storageSuite(ctx: BenchContext): Promise<BenchEntry[]> {
  ctx.log(`generating ${INGEST_BARS.toLocaleString('en-US')} minute bars`);
  const bars = generateBars(INGEST_BARS);
  const store = await TimeSeriesStore.open(join(ctx.tmpDir, 'timeseries.duckdb'));
  try {
    ctx.log('ingest into DuckDB (one transaction, appender with data chunks)');
    const ingestStarted = performance.now();
    const ingestCpu = process.cpuUsage();
    await store.ingestBars(SERIES, bars);
    const ingestRate = (INGEST_BARS * 1000) / (performance.now() - ingestStarted);
    const ingestCpuSeconds = cpuSecondsSince(ingestCpu);
    const ingestRss = peakRssMib();

    ctx.log('engine ceiling: DuckDB INSERT ... SELECT of stored bars, no JavaScript involved');
    const ceilingStarted = performance.now();
    await store.query(
      'INSERT INTO bar_data SELECT 999, ts, open, high, low, close, volume, open_interest, adj_close FROM bar_data WHERE series_id = 1 AND ts < make_timestamp($1::BIGINT)',
      [START_US + BigInt(CEILING_BARS) * MINUTE_US],
    );
    const ceilingRate = (CEILING_BARS * 1000) / (performance.now() - ceilingStarted);
    await store.query('DELETE FROM bar_data WHERE series_id = 999');

    ctx.log(`peer ingest: better-sqlite3, ${PEER_INGEST_BARS.toLocaleString('en-US')} bars`);
    const sqliteFile = join(ctx.tmpDir, 'peer.sqlite');
    const sqliteRate = sqliteIngest(sqliteFile, bars, PEER_INGEST_BARS);

    const fromUs = bars.tsUs[0]!;
    const toUs = bars.tsUs[READ_BARS]!;
    ctx.log(`read ${READ_BARS.toLocaleString('en-US')} bars into columns, median of ${READ_RUNS} after 2 warm-ups`);
    const readTimes: number[] = [];
    const readCpuMs: number[] = [];
    for (let run = 0; run < READ_RUNS + 2; run++) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const read = await store.readBars({ ...SERIES, fromUs, toUs });
      const elapsed = performance.now() - started;
      if (read.tsUs.length !== READ_BARS || read.close[READ_BARS - 1] !== bars.close[READ_BARS - 1]) throw new Error('read returned the wrong bars');
      if (run >= 2) {
        readTimes.push(elapsed);
        readCpuMs.push(cpuSecondsSince(cpu) * 1000);
      }
    }
    const readMs = median(readTimes);
    ctx.log('peer read: better-sqlite3 into the same arrays');
    const sqliteReadMs = sqliteRead(sqliteFile, fromUs, toUs);

    ctx.log(`generating ${TICK_INGEST.toLocaleString('en-US')} quotes; ingest into DuckDB (one transaction)`);
    const quotes = generateQuotes(TICK_INGEST);
    const tickStarted = performance.now();
    await store.ingestTicks(QUOTES, quotes);
    const tickIngestRate = (TICK_INGEST * 1000) / (performance.now() - tickStarted);
    const tickToUs = quotes.tsUs[TICK_READ]!;
    ctx.log(`read the first ${TICK_READ.toLocaleString('en-US')} quotes into columns, median of ${READ_RUNS} after 2 warm-ups`);
    const tickReadTimes: number[] = [];
    for (let run = 0; run < READ_RUNS + 2; run++) {
      const started = performance.now();
      const read = (await store.readTicks({ ...QUOTES, toUs: tickToUs })) as QuoteTickColumns;
      const elapsed = performance.now() - started;
      // Ticks at tickToUs's own time are excluded, so the count is the quotes strictly before it.
      const expected = quotes.tsUs.findIndex((ts) => ts >= tickToUs);
      if (read.tsUs.length !== expected || read.askSize[expected - 1] !== quotes.askSize[expected - 1]) throw new Error('tick read returned the wrong quotes');
      if (run >= 2) tickReadTimes.push(elapsed);
    }
    ctx.log(`peer: better-sqlite3 loading and reading ${PEER_TICKS.toLocaleString('en-US')} quotes`);
    const sqliteTicks = sqliteQuotes(join(ctx.tmpDir, 'peer-ticks.sqlite'), quotes, PEER_TICKS);

    return [
      withPeer({
        name: 'storage.ticks_ingest',
        value: Math.round(tickIngestRate),
        unit: 'ticks/s',
        higherIsBetter: true,
        peer: 'better-sqlite3 insert (1 txn, sync off, time index)',
        peerValue: Math.round(sqliteTicks.ingestRate),
        note: `${TICK_INGEST.toLocaleString('en-US')} quotes (times repeat) in one transaction, every value checked first; peer measured on ${PEER_TICKS.toLocaleString('en-US')}`,
      }),
      withPeer({
        name: 'storage.ticks_read',
        value: Number(median(tickReadTimes).toFixed(1)),
        unit: 'ms',
        higherIsBetter: false,
        peer: 'better-sqlite3 select into arrays (ORDER BY ts, rowid)',
        peerValue: Number(sqliteTicks.readMs.toFixed(1)),
        note: `about ${TICK_READ.toLocaleString('en-US')} quotes of a ${TICK_INGEST.toLocaleString('en-US')}-quote series in time and arrival order into columns; median of ${READ_RUNS}, fastest ${Math.min(...tickReadTimes).toFixed(1)} ms; the peer reads its whole ${PEER_TICKS.toLocaleString('en-US')}-quote table`,
      }),
      withPeer({
        name: 'storage.ingest',
        value: Math.round(ingestRate),
        unit: 'bars/s',
        higherIsBetter: true,
        target: 5_000_000,
        peer: 'better-sqlite3 insert (1 txn, sync off)',
        peerValue: Math.round(sqliteRate),
        note: `${INGEST_BARS.toLocaleString('en-US')} 1m bars in one transaction, validated; ${ingestCpuSeconds.toFixed(1)} CPU s (all threads); peak RSS ${ingestRss} MiB; peer measured on ${PEER_INGEST_BARS.toLocaleString('en-US')} bars`,
      }),
      {
        name: 'storage.ingest.engine-ceiling',
        value: Math.round(ceilingRate),
        unit: 'bars/s',
        higherIsBetter: true,
        note: `DuckDB copying ${CEILING_BARS.toLocaleString('en-US')} stored bars with INSERT ... SELECT: what the engine itself manages on this machine`,
      },
      withPeer({
        name: 'storage.read',
        value: Number(readMs.toFixed(1)),
        unit: 'ms',
        higherIsBetter: false,
        target: 50,
        peer: 'better-sqlite3 select into arrays',
        peerValue: Number(sqliteReadMs.toFixed(1)),
        note: `${READ_BARS.toLocaleString('en-US')} bars of a ${INGEST_BARS.toLocaleString('en-US')}-bar series into BigInt64Array + Float64Array columns; median of ${READ_RUNS}, fastest ${Math.min(...readTimes).toFixed(1)} ms; median CPU ${median(readCpuMs).toFixed(1)} ms (all threads)`,
      }),
    ];
  } finally {
    await store.close();
  }
}
