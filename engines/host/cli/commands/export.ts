// `nws export --symbol S --bar B [--from T] [--to T] [--format csv|json|parquet] [--out F]`:
// prints or writes stored bars exactly as stored, resampled on the fly (inside DuckDB) when a
// coarser step than the stored one is asked for. The work is @nws/marketdata's loadBars and
// writers; this file resolves the symbol and the destination. While a Host holds the data
// directory the bars come from it (`marketdata.bars`, page by page) and are written the same way.
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { Command, Option } from 'commander';
import { ErrorCode, NwsError, formatBarSpec, parseBarSpec, splitInstrumentId, type InstrumentId, type MethodResult, type ProtocolClient } from '@nws/core';
import {
  EXPORT_FORMATS,
  canResample,
  loadBars,
  rangeFromArguments,
  specMs,
  writeBarsCsv,
  writeBarsJson,
  writeBarsParquet,
  writeColumnsParquet,
  type BarsRequest,
  type ExportFormat,
  type LoadedBars,
  type TextSink,
} from '@nws/marketdata';
import type { BarColumns } from '@nws/storage';
import { resolveDataDir } from '../../data-dir.js';
import { connectToRunningHost, runningHost } from '../../host-access.js';
import type { HostLockInfo } from '../../host-lock.js';
import type { CliOutput } from '../index.js';
import { HOME_OPTION_FLAGS, HOME_OPTION_HELP } from '../options.js';
import { parseBarOption, withMarketDataStores } from './import.js';

interface ExportCommandOptions {
  symbol: string;
  bar: string;
  from?: string;
  to?: string;
  format: ExportFormat;
  out?: string;
  tz: string;
  dayStarts: string;
  home?: string;
}

export function register(program: Command, output: CliOutput): void {
  program
    .command('export')
    .description('print or write stored bars exactly as stored, resampled on the fly when a coarser step is asked for')
    .requiredOption('--symbol <symbol>', 'instrument: SYMBOL (when one venue has it) or SYMBOL.VENUE')
    .requiredOption('--bar <spec>', 'bar step, e.g. 1m, 1h, 1d, 1w, 1M', parseBarOption)
    .option('--from <time>', 'first bar open time, inclusive: YYYY-MM-DD, ISO 8601 or epoch ms')
    .option('--to <time>', 'last bar open time, inclusive (a date covers its whole day)')
    .addOption(new Option('--format <format>', 'output format').choices([...EXPORT_FORMATS]).default('csv'))
    .option('--out <file>', 'write to this file instead of stdout (required for parquet)')
    .option('--tz <zone>', 'session time zone for resampling to days and weeks', 'UTC')
    .option('--day-starts <HH:MM>', 'local time a trading day starts (e.g. 18:00 for futures), also the origin of intraday buckets', '00:00')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .action(async (options: ExportCommandOptions, command: Command) => {
      try {
        await runExport(options, output);
      } catch (error) {
        if (NwsError.is(error, ErrorCode.InvalidArgument)) command.error(`nws export: ${error.message}`, { exitCode: 2, code: 'nws.export.invalidArgument' });
        throw error;
      }
    });
}

async function runExport(options: ExportCommandOptions, output: CliOutput): Promise<void> {
  if (options.format === 'parquet' && options.out === undefined) throw new NwsError(ErrorCode.InvalidArgument, '--format parquet needs --out FILE');
  const dataDir = resolveDataDir({ home: options.home });
  if (!existsSync(dataDir)) throw new NwsError(ErrorCode.NotFound, `no data directory at ${dataDir}; import something first`);
  const range = rangeFromArguments(options.from, options.to);
  const session = { timeZone: options.tz, dayStartsAt: options.dayStarts };
  const host = runningHost(dataDir);
  if (host !== null) {
    await exportThroughHost(host, options, { ...range, session }, output);
    return;
  }
  await withMarketDataStores(dataDir, 'nws export', async (stores) => {
    const stored = (await stores.timeSeries.listSeries()).map((series) => series.instrumentId);
    const request: BarsRequest = { instrumentId: resolveInstrument(stored, options.symbol), barType: options.bar, ...range, session };
    if (options.format === 'parquet') {
      const written = await writeBarsParquet(stores.timeSeries, request, options.out!);
      output.err(`nws export: wrote ${written.rows} ${written.barType} bars${written.resampledFrom ? ` (resampled from ${written.resampledFrom})` : ''} to ${options.out}\n`);
      return;
    }
    await writeText(await loadBars(stores.timeSeries, request), options, output);
  });
}

/** CSV or JSON to stdout or `--out`, the same bytes whether the bars came from the files or a Host. */
async function writeText(loaded: LoadedBars, options: ExportCommandOptions, output: CliOutput): Promise<void> {
  const file = options.out === undefined ? undefined : createWriteStream(options.out);
  const sink: TextSink = file ? fileSink(file) : { write: (text) => output.out(text) };
  if (options.format === 'json') await writeBarsJson(loaded.columns, sink);
  else await writeBarsCsv(loaded.columns, parseBarSpec(loaded.barType), sink);
  if (file) {
    file.end();
    await once(file, 'finish');
    wrote(output, loaded, options.out!);
  }
}

function wrote(output: CliOutput, loaded: LoadedBars, out: string): void {
  const resampled = loaded.resampledFrom ? ` (resampled from ${loaded.resampledFrom})` : '';
  output.err(`nws export: wrote ${loaded.columns.tsUs.length} ${loaded.barType} bars${resampled} to ${out}\n`);
}

/**
 * The Host owns the files while it runs: ask it for the bars (resampled there when not stored)
 * and write them here exactly as the offline path does.
 */
async function exportThroughHost(host: HostLockInfo, options: ExportCommandOptions, request: Omit<BarsRequest, 'instrumentId' | 'barType'>, output: CliOutput): Promise<void> {
  const client = await connectToRunningHost(host);
  try {
    const { instruments } = await client.call('marketdata.instruments', {});
    const stored = instruments.filter((instrument) => instrument.series.length > 0).map((instrument) => instrument.instrumentId);
    const instrumentId = resolveInstrument(stored, options.symbol);
    const storedSteps = instruments.find((instrument) => instrument.instrumentId === instrumentId)?.series.map((series) => series.barType) ?? [];
    const barType = formatBarSpec(parseBarSpec(options.bar));
    const columns = await fetchBars(client, { ...request, instrumentId, barType });
    const loaded: LoadedBars = { columns, barType, ...resampledFrom(storedSteps, barType) };
    if (options.format === 'parquet') {
      await writeColumnsParquet(columns, options.out!);
      wrote(output, loaded, options.out!);
      return;
    }
    await writeText(loaded, options, output);
  } finally {
    client.close();
  }
}

/** Where the Host builds a step that is not stored from: the coarsest finer stored step, as loadBars picks. */
function resampledFrom(storedSteps: readonly string[], barType: string): { resampledFrom?: string } {
  if (storedSteps.includes(barType)) return {};
  const wanted = parseBarSpec(barType);
  const sources = storedSteps.filter((step) => canResample(parseBarSpec(step), wanted)).sort((a, b) => specMs(parseBarSpec(b)) - specMs(parseBarSpec(a)));
  return sources[0] === undefined ? {} : { resampledFrom: sources[0] };
}

/** The most bars one `marketdata.bars` call answers (core's maxBarsPerCall). */
const BARS_PER_PAGE = 5_000;

/**
 * Every bar of the range through `marketdata.bars`, which answers at most BARS_PER_PAGE bars:
 * the latest of the range. So page backwards, each page ending where the previous one began.
 */
export async function fetchBars(client: ProtocolClient, request: BarsRequest): Promise<BarColumns> {
  const pages: Array<MethodResult<'marketdata.bars'>> = [];
  // Bar times are whole milliseconds over the protocol; round the µs bounds up so none is lost.
  const toMs = (us: bigint) => Number((us + 999n) / 1000n);
  let to = request.toUs === undefined ? undefined : toMs(request.toUs);
  for (;;) {
    const page = await client.call('marketdata.bars', {
      instrumentId: request.instrumentId,
      barType: request.barType,
      limit: BARS_PER_PAGE,
      ...(request.fromUs === undefined ? {} : { from: toMs(request.fromUs) }),
      ...(to === undefined ? {} : { to }),
      ...(request.session ? { session: request.session } : {}),
    });
    pages.unshift(page);
    if (page.ts.length < BARS_PER_PAGE) break;
    to = page.ts[0]!;
  }
  return joinPages(pages);
}

function joinPages(pages: ReadonlyArray<MethodResult<'marketdata.bars'>>): BarColumns {
  const rows = pages.reduce((sum, page) => sum + page.ts.length, 0);
  const columns: BarColumns = {
    tsUs: new BigInt64Array(rows),
    open: new Float64Array(rows),
    high: new Float64Array(rows),
    low: new Float64Array(rows),
    close: new Float64Array(rows),
    volume: new Float64Array(rows),
  };
  if (pages.some((page) => page.openInterest)) columns.openInterest = new Float64Array(rows).fill(NaN);
  if (pages.some((page) => page.adjClose)) columns.adjClose = new Float64Array(rows).fill(NaN);
  let offset = 0;
  for (const page of pages) {
    columns.tsUs.set(page.ts.map((ms) => BigInt(ms) * 1000n), offset);
    for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) columns[name].set(page[name], offset);
    for (const name of ['openInterest', 'adjClose'] as const) {
      const values = page[name];
      if (values) columns[name]!.set(values.map((value) => value ?? NaN), offset);
    }
    offset += page.ts.length;
  }
  return columns;
}

/** Waits for the stream to drain when its buffer is full, so a big export never piles up in memory. */
function fileSink(stream: WriteStream): TextSink {
  return {
    write: async (text) => {
      if (!stream.write(text)) await once(stream, 'drain');
    },
  };
}

/**
 * `SYMBOL.VENUE` as given when it has stored bars (or ticks: `what`); a bare `SYMBOL` when exactly one
 * stored instrument has it (any case). Otherwise NOT_FOUND, or INVALID_ARGUMENT listing the candidates.
 */
export function resolveInstrument(storedIds: readonly string[], symbol: string, what: 'bars' | 'ticks' = 'bars'): InstrumentId {
  const stored = [...new Set(storedIds)] as InstrumentId[];
  const exact = stored.find((id) => id === symbol);
  if (exact !== undefined) return exact;
  const matches = stored.filter((id) => splitInstrumentId(id).symbol.toUpperCase() === symbol.toUpperCase());
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new NwsError(ErrorCode.InvalidArgument, `--symbol ${symbol} is on several venues (${matches.join(', ')}); give SYMBOL.VENUE`);
  throw new NwsError(ErrorCode.NotFound, `no ${what} stored for ${symbol}; \`nws instruments\` lists what is stored`);
}
