// `nws export --symbol S --bar B [--from T] [--to T] [--format csv|json|parquet] [--out F]`:
// prints or writes stored bars exactly as stored, resampled on the fly (inside DuckDB) when a
// coarser step than the stored one is asked for. The work is @nws/marketdata's loadBars and
// writers; this file resolves the symbol and the destination.
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { Command, Option } from 'commander';
import { ErrorCode, NwsError, parseBarSpec, splitInstrumentId, type InstrumentId } from '@nws/core';
import {
  EXPORT_FORMATS,
  loadBars,
  rangeFromArguments,
  writeBarsCsv,
  writeBarsJson,
  writeBarsParquet,
  type BarsRequest,
  type ExportFormat,
  type MarketDataStores,
  type TextSink,
} from '@nws/marketdata';
import { resolveDataDir } from '../../data-dir.js';
import type { CliOutput } from '../index.js';
import { HOME_OPTION_FLAGS, HOME_OPTION_HELP } from '../options.js';
import { parseBarOption, refuseWhileHostRuns, withMarketDataStores } from './import.js';

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
  refuseWhileHostRuns(dataDir, 'export');
  const range = rangeFromArguments(options.from, options.to);
  await withMarketDataStores(dataDir, 'nws export', async (stores) => {
    const request: BarsRequest = {
      instrumentId: await resolveInstrument(stores, options.symbol),
      barType: options.bar,
      ...range,
      session: { timeZone: options.tz, dayStartsAt: options.dayStarts },
    };
    if (options.format === 'parquet') {
      const written = await writeBarsParquet(stores.timeSeries, request, options.out!);
      output.err(`nws export: wrote ${written.rows} ${written.barType} bars${written.resampledFrom ? ` (resampled from ${written.resampledFrom})` : ''} to ${options.out}\n`);
      return;
    }
    const loaded = await loadBars(stores.timeSeries, request);
    const file = options.out === undefined ? undefined : createWriteStream(options.out);
    const sink: TextSink = file ? fileSink(file) : { write: (text) => output.out(text) };
    if (options.format === 'json') await writeBarsJson(loaded.columns, sink);
    else await writeBarsCsv(loaded.columns, parseBarSpec(loaded.barType), sink);
    if (file) {
      file.end();
      await once(file, 'finish');
      const resampled = loaded.resampledFrom ? ` (resampled from ${loaded.resampledFrom})` : '';
      output.err(`nws export: wrote ${loaded.columns.tsUs.length} ${loaded.barType} bars${resampled} to ${options.out}\n`);
    }
  });
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
 * `SYMBOL.VENUE` as given when it is stored; a bare `SYMBOL` when exactly one stored instrument
 * has it (any case). Otherwise NOT_FOUND, or INVALID_ARGUMENT listing the candidates.
 */
export async function resolveInstrument(stores: MarketDataStores, symbol: string): Promise<InstrumentId> {
  const stored = [...new Set((await stores.timeSeries.listSeries()).map((series) => series.instrumentId))];
  const exact = stored.find((id) => id === symbol);
  if (exact !== undefined) return exact;
  const matches = stored.filter((id) => splitInstrumentId(id).symbol.toUpperCase() === symbol.toUpperCase());
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new NwsError(ErrorCode.InvalidArgument, `--symbol ${symbol} is on several venues (${matches.join(', ')}); give SYMBOL.VENUE`);
  throw new NwsError(ErrorCode.NotFound, `no bars stored for ${symbol}; \`nws instruments\` lists what is stored`);
}
