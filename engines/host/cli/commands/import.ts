// `nws import FILE... [--symbol S] [--bar B] [--tz Z] [--adjust] [--repair]`: imports bar files
// (CSV, gzipped CSV, Parquet) and tick files (quotes or trades CSV) into the data directory after
// the market-data quality checks. The work is @nws/marketdata's importFiles; this file opens the stores, draws the progress bar and
// prints each file's outcome. Exit 0 when every file was imported, 1 otherwise. While a Host holds
// the data directory, the same import runs inside it through `marketdata.import {paths}`.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ErrorCode, NwsError, topics, type JobProgress } from '@nws/core';
import { formatQualityReport, importFiles, type ImportFileResult, type ImportOptionsInput, type ImportProgress, type ImportSummary, type MarketDataStores } from '@nws/marketdata';
import { StateStore, TimeSeriesStore } from '@nws/storage';
import { DataDirFiles, resolveDataDir } from '../../data-dir.js';
import { connectToRunningHost, runningHost, withDataDirLock } from '../../host-access.js';
import type { HostLockInfo } from '../../host-lock.js';
import type { CliOutput } from '../index.js';
import { HOME_OPTION_FLAGS, HOME_OPTION_HELP } from '../options.js';

interface ImportCommandOptions {
  symbol?: string;
  venue?: string;
  bar?: string;
  tz: string;
  adjust?: boolean;
  repair?: boolean;
  onOverlap: 'replace' | 'reject';
  dryRun?: boolean;
  json?: boolean;
  progress: boolean;
  home?: string;
}

export function register(program: Command, output: CliOutput): void {
  program
    .command('import')
    .description('import bar files (CSV, .csv.gz, Parquet) or tick files (quotes or trades CSV) after quality checks; a file with errors is rejected with a report')
    .argument('<files...>', 'files to import; each is checked and written on its own (one transaction per file)')
    .option('--symbol <symbol>', 'instrument: SYMBOL (venue from --venue) or SYMBOL.VENUE; default: from each file name')
    .option('--venue <venue>', 'venue for a symbol given without one', 'LOCAL')
    .option('--bar <spec>', 'bar step of the files, e.g. 1m, 5m, 1h, 1d, 1w; default: inferred from the spacing of the bars', parseBarOption)
    .option('--tz <zone>', 'IANA time zone of times written without an offset', 'UTC')
    .option('--adjust', 'apply Adj Close (Yahoo files) to open, high, low and close')
    .option('--repair', 'drop or fix bad rows instead of rejecting the file, and list what was done')
    .addOption(new Option('--on-overlap <policy>', 'stored bars inside a file\'s time span').choices(['replace', 'reject']).default('replace'))
    .option('--dry-run', 'parse and check only: report what would be imported, write nothing')
    .option('--json', 'print the full result as JSON')
    .option('--no-progress', 'no progress bar on stderr')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .addHelpText('after', '\nLayouts (detected from the header, any case): Yahoo (Date,Open,High,Low,Close,Adj Close,Volume), OHLCV with optional OpenInterest, separate Date and Time columns, epoch seconds or ms.\nDates: YYYY-MM-DD, YYYYMMDD, ISO 8601 with time and zone.')
    .action(async (files: string[], options: ImportCommandOptions, command: Command) => {
      const summary = await runImport(files, options, output).catch((error: unknown) => {
        if (NwsError.is(error, ErrorCode.InvalidArgument)) command.error(`nws import: ${error.message}`, { exitCode: 2, code: 'nws.import.invalidArgument' });
        throw error;
      });
      output.out(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
      // After the report: the CLI prints this one line and exits 1.
      if (summary.imported + summary.checked !== summary.files.length) {
        throw new NwsError(ErrorCode.InvalidValue, `${summary.rejected + summary.failed} of ${summary.files.length} file(s) not imported`);
      }
    });
}

async function runImport(files: string[], options: ImportCommandOptions, output: CliOutput): Promise<ImportSummary> {
  const dataDir = resolveDataDir({ home: options.home });
  const importOptions: ImportOptionsInput = {
    timeZone: options.tz,
    adjust: options.adjust === true,
    repair: options.repair === true,
    onOverlap: options.onOverlap,
    dryRun: options.dryRun === true,
    ...(options.symbol === undefined ? {} : { symbol: options.symbol }),
    ...(options.venue === undefined ? {} : { venue: options.venue }),
    ...(options.bar === undefined ? {} : { bar: options.bar }),
  };
  const bar = options.progress && process.stderr.isTTY ? new ProgressBar(output) : undefined;
  const host = runningHost(dataDir);
  if (host !== null) {
    try {
      return await importThroughHost(host, files, importOptions, bar);
    } finally {
      bar?.clear();
    }
  }
  mkdirSync(dataDir, { recursive: true });
  try {
    return await withMarketDataStores(dataDir, 'nws import', (stores) =>
      importFiles(stores, files, importOptions, bar ? { onProgress: (progress) => bar.draw(progress) } : {}),
    );
  } finally {
    bar?.clear();
  }
}

/** Longest an import through the Host may take before the CLI gives up waiting (a day). */
const HOST_IMPORT_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/**
 * The Host owns the files while it runs, so it does the import (`marketdata.import` with the
 * files' absolute paths: it runs on this machine) and the CLI draws its progress events.
 */
async function importThroughHost(host: HostLockInfo, files: string[], options: ImportOptionsInput, bar: ProgressBar | undefined): Promise<ImportSummary> {
  const client = await connectToRunningHost(host);
  try {
    const jobId = `cli-import-${process.pid}-${Date.now()}`;
    const stopProgress = bar ? await client.subscribe(topics.jobProgress(jobId), (event) => bar.drawJob(event.data as JobProgress)) : undefined;
    const { timeZone, ...rest } = options;
    const summary = await client.call(
      'marketdata.import',
      { ...rest, ...(timeZone === undefined ? {} : { tz: timeZone }), paths: files.map((file) => resolve(file)), jobId },
      { timeoutMs: HOST_IMPORT_TIMEOUT_MS },
    );
    await stopProgress?.();
    // Report each file as the user named it, as the offline import does.
    return { ...summary, files: summary.files.map((result, index) => ({ ...result, file: files[index] ?? result.file })) } as ImportSummary;
  } finally {
    client.close();
  }
}

/**
 * Opens the data directory's stores for one command, holding its lock meanwhile so no Host
 * starts on the files; closes them however the command ends.
 */
export async function withMarketDataStores<T>(dataDir: string, owner: string, body: (stores: MarketDataStores) => Promise<T>): Promise<T> {
  return withDataDirLock(dataDir, owner, async () => {
    const timeSeries = await TimeSeriesStore.open(join(dataDir, DataDirFiles.timeSeries));
    let state: StateStore | undefined;
    try {
      state = StateStore.open(join(dataDir, DataDirFiles.state));
      return await body({ timeSeries, state });
    } finally {
      state?.close();
      await timeSeries.close();
    }
  });
}

export function parseBarOption(value: string): string {
  if (!/^[1-9]\d*[smhdwM]$/.test(value)) throw new InvalidArgumentError('expected a bar step such as 1m, 5m, 1h, 1d or 1w.');
  return value;
}

function formatSummary(summary: ImportSummary): string {
  const lines = summary.files.map(formatFile);
  const checked = summary.checked > 0 ? `, ${summary.checked} checked (dry run: nothing written)` : '';
  lines.push(`${summary.imported} imported${checked}, ${summary.rejected} rejected, ${summary.failed} failed`);
  return `${lines.join('\n')}\n`;
}

function formatFile(result: ImportFileResult): string {
  const what = `${result.file} → ${result.instrumentId ?? '?'} ${result.barType ?? result.ticks ?? ''}`.trimEnd();
  if (result.status === 'failed') return `FAILED   ${result.file}: ${result.error?.message ?? 'unknown error'}`;
  const lines: string[] = [];
  if (result.status === 'rejected') {
    lines.push(`REJECTED ${what}: ${result.report.errors} error(s) in ${result.rowsRead} rows; nothing written (use --repair to drop or fix them)`);
    lines.push(formatQualityReport({ ...result.report, issues: result.report.issues.filter((issue) => issue.severity === 'error') }));
    return lines.join('\n');
  }
  const replaced = result.replaced > 0 ? `, replaced ${result.replaced}` : '';
  if (result.status === 'checked') lines.push(`CHECKED  ${what}: ${result.rowsRead} rows pass the checks (${result.layout}, ${result.format}); nothing written`);
  else lines.push(`OK       ${what}: ${result.rowsWritten} ${result.ticks === undefined ? 'bars' : 'ticks'} (${result.layout}, ${result.format}${replaced})`);
  if (result.repairs) {
    lines.push(`  repaired: ${result.repairs.dropped} rows dropped, ${result.repairs.fixed} fixes`);
    for (const action of result.repairs.actions.slice(0, 20)) lines.push(`  row ${action.row}: ${action.rule} ${action.action} (${action.detail})`);
    if (result.repairs.actions.length > 20) lines.push(`  … ${result.repairs.actions.length - 20} more`);
  }
  if (result.report.warnings > 0) lines.push(`  ${result.report.warnings} warning(s): gaps longer than the bar step (first at row ${result.report.issues.find((issue) => issue.severity === 'warning')?.row})`);
  for (const note of result.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

/** One redrawn line on stderr: `[#####.....]  45%  file.csv  reading`. */
class ProgressBar {
  private lastDraw = 0;

  constructor(private readonly output: CliOutput) {}

  draw(progress: ImportProgress): void {
    const now = Date.now();
    if (progress.phase === 'reading' && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const fraction = progress.bytesTotal === 0 ? 1 : progress.bytesDone / progress.bytesTotal;
    const label = `${progress.fileIndex + 1}/${progress.fileCount} ${progress.file.split(/[\\/]/).pop()} ${progress.phase}`;
    this.output.err(`\r${this.barText(fraction)}  ${label}\x1b[K`);
  }

  /** A `jobs.<id>.progress` event from the Host: bytes done of all files, and `file: phase`. */
  drawJob(progress: JobProgress): void {
    const now = Date.now();
    if (progress.state === 'running' && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const fraction = !progress.total ? 1 : Math.min(1, progress.done / progress.total);
    const label = (progress.message ?? '').split(/[\\/]/).pop() ?? '';
    this.output.err(`\r${this.barText(fraction)}  ${label}\x1b[K`);
  }

  private barText(fraction: number): string {
    const width = 30;
    const filled = Math.round(fraction * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%`;
  }

  clear(): void {
    this.output.err('\r\x1b[K');
  }
}
