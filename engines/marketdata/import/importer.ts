import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { ErrorCode, NwsError, parseInstrumentId, topics, type BarSpec, type ErrorShape, type JobState, type MessageBus } from '@nws/core';
import { openFileBytes } from './byte-source.js';
import { CsvBarParser } from './csv-parser.js';
import type { CsvLayout, CsvLayoutKind } from './csv-layout.js';
import { loadImportOptions, type ImportOptions, type ImportOptionsInput } from './import-options.js';
import { instrumentIdFor } from './instrument-naming.js';
import { toStoredColumns, type ParsedBars } from './parsed-bars.js';
import { readParquetBars } from './parquet-reader.js';
import { checkBars, columnLabelsOf, type ColumnLabels } from './quality-checks.js';
import { QualityReport, type QualityReportSummary } from './quality-report.js';
import { repairBars, type RepairSummary } from './repair.js';
import { formatBarSpec } from '../bar-step.js';
import type { MarketDataStores } from '../stores.js';
import { ensureInstrumentRecord, PricePrecisionSampler, pricePrecisionOf } from './instrument-record.js';
import { adjustBars, adjustmentNotes } from './adjustment.js';
import { importStreamed, STREAM_MIN_BYTES, type StreamTuning } from './streamed-import.js';
import { readTickFile, tickKindOfFile } from './tick-import.js';
import type { TickKind } from '@nws/storage';

export type ImportFormat = 'csv' | 'csv.gz' | 'parquet';
/** `checked`: a dry run found the file importable (nothing was written). */
export type ImportStatus = 'imported' | 'checked' | 'rejected' | 'failed';

/** What happened to one file. */
export interface ImportFileResult {
  file: string;
  status: ImportStatus;
  format?: ImportFormat;
  /** A bar file's CSV layout, or `quotes` / `trades` for a tick file. */
  layout?: CsvLayoutKind | TickKind;
  instrumentId?: string;
  /** Bar files: the bar type stored. */
  barType?: string;
  /** Tick files: which ticks were stored (quotes or trades). */
  ticks?: TickKind;
  /** Data rows in the file (readable or not). */
  rowsRead: number;
  /** Bars (or ticks) stored (0 unless imported). */
  rowsWritten: number;
  /** Stored bars (or ticks) the file replaced (same instrument and bar type or tick kind, inside its time span). */
  replaced: number;
  /** Open time of the first and last bar (time of the first and last tick) written, epoch ms. */
  firstTs?: number;
  lastTs?: number;
  /** Every rule the file broke before any repair: errors reject it, warnings (gaps) do not. */
  report: QualityReportSummary;
  /** With `repair`: what was dropped or fixed. */
  repairs?: RepairSummary;
  /** Remarks that are not quality issues (e.g. --adjust without an Adj Close column). */
  notes: string[];
  /** Why a `failed` file failed (unreadable, unknown layout, storage refused it...). */
  error?: ErrorShape;
}

export interface ImportSummary {
  jobId: string;
  files: ImportFileResult[];
  imported: number;
  /** Files a dry run found importable. */
  checked: number;
  rejected: number;
  failed: number;
}

export type ImportPhase = 'reading' | 'checking' | 'writing' | 'done';

export interface ImportProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  phase: ImportPhase;
  /** Bytes read from disk, over all files so far. */
  bytesDone: number;
  bytesTotal: number;
}

export interface ImportContext {
  /** Progress goes to `jobs.<jobId>.progress` on this bus (the UI's progress bar). */
  bus?: MessageBus;
  jobId?: string;
  /** Called on every chunk and phase change (the CLI's progress bar). */
  onProgress?: (progress: ImportProgress) => void;
  /** When CSV files stream into the store while they are parsed, and in what pieces (tests lower these). */
  stream?: StreamTuning;
}

let jobCounter = 0;

/**
 * Imports bar files (CSV plain or gzipped, Parquet) into the time-series store. Each file is
 * parsed, checked and written on its own: one transaction per file, so a file that fails its
 * checks or its write stores nothing, and the other files are not affected. Files with quality
 * errors are rejected with a report unless `repair` is set. A large CSV file is parsed on a
 * parse thread while its checked blocks go into the file's one open transaction, which commits
 * only once the whole file proved sound (streamed-import.ts). An instrument new to the state
 * store gets a plain record. Never throws for a bad file (its result says why); throws
 * INVALID_ARGUMENT for bad options.
 */
export async function importFiles(
  stores: MarketDataStores,
  files: readonly string[],
  optionsInput: ImportOptionsInput = {},
  context: ImportContext = {},
): Promise<ImportSummary> {
  const options = loadImportOptions(optionsInput);
  if (files.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'import: give at least one file');
  const jobId = context.jobId ?? `import-${Date.now()}-${++jobCounter}`;
  const progress = new ProgressReporter(jobId, files, context);
  await progress.measure();
  const results: ImportFileResult[] = [];
  for (const [index, file] of files.entries()) {
    results.push(await importOneFile(stores, file, options, progress.forFile(index), context.stream ?? {}));
  }
  const count = (status: ImportStatus) => results.filter((result) => result.status === status).length;
  const summary = { jobId, files: results, imported: count('imported'), checked: count('checked'), rejected: count('rejected'), failed: count('failed') };
  progress.finish(summary);
  return summary;
}

async function importOneFile(stores: MarketDataStores, file: string, options: ImportOptions, progress: FileProgress, stream: StreamTuning): Promise<ImportFileResult> {
  const result: ImportFileResult = { file, status: 'failed', rowsRead: 0, rowsWritten: 0, replaced: 0, report: new QualityReport().summary(), notes: [] };
  try {
    result.instrumentId = instrumentIdFor(file, options.symbol, options.venue);
    const parquet = await isParquet(file);
    const ticks = parquet ? undefined : await tickKindOfFile(file);
    if (ticks !== undefined) return await importTickFile(stores, file, ticks, options, result, progress);
    // A large sound file streams into the store while it is parsed; any other file, or one the
    // stream turned back (quality errors, nothing written), is read whole below.
    if (!options.dryRun && progress.size >= (stream.minBytes ?? STREAM_MIN_BYTES) && !parquet && (await importStreamed(stores, file, options, result, progress, stream))) {
      result.status = 'imported';
      return result;
    }
    const parsed = await readBars(file, options, progress);
    Object.assign(result, { format: parsed.format, layout: parsed.layout.kind, rowsRead: parsed.rows });
    progress.phase('checking');
    const bars = checkOrRepair(parsed, options, result);
    if (bars === undefined) {
      result.status = 'rejected';
      return result;
    }
    const skipped = options.adjust ? adjustBars(bars) : 0;
    result.notes.push(...adjustmentNotes(options.adjust, bars.adjClose !== undefined, skipped));
    result.firstTs = Math.floor(bars.tsUs[0]! / 1000);
    result.lastTs = Math.floor(bars.tsUs[bars.length - 1]! / 1000);
    if (options.dryRun) {
      result.status = 'checked';
      return result;
    }
    progress.phase('writing');
    await storeBars(stores, bars, options, result);
    result.status = 'imported';
    return result;
  } catch (error) {
    result.status = 'failed';
    result.error = NwsError.from(error).toJSON();
    return result;
  } finally {
    progress.phase('done');
  }
}

/**
 * Runs the quality checks into `result.report` (and sets the bar type). Returns the bars to
 * store: as read when sound, repaired when `repair` is on, undefined when the file is rejected.
 */
function checkOrRepair(parsed: ReadResult, options: ImportOptions, result: ImportFileResult): ParsedBars | undefined {
  const labels = columnLabelsOf(parsed.layout);
  const report = new QualityReport(options.maxIssues);
  report.merge(parsed.report);
  const checked = checkBars(parsed.bars, { ...(options.barSpec ? { spec: options.barSpec } : {}), labels, report });
  result.report = checked.report;
  result.barType = formatBarSpec(checked.spec);
  let bars = parsed.bars;
  if (checked.report.errors > 0) {
    if (!options.repair) return undefined;
    const repaired = repairBars(bars, { issues: parsed.report.issues, count: parsed.report.errors }, options.maxIssues);
    result.repairs = repaired.summary;
    bars = repaired.bars;
    confirmRepaired(bars, checked.spec, labels);
  }
  if (bars.length === 0) throw new NwsError(ErrorCode.InvalidArgument, `${parsed.source}: no bars to import`);
  return bars;
}

/** One transaction in the time-series store, then the instrument record if it is new. */
async function storeBars(stores: MarketDataStores, bars: ParsedBars, options: ImportOptions, result: ImportFileResult): Promise<void> {
  const key = { instrumentId: result.instrumentId!, barType: result.barType! };
  const written = await stores.timeSeries.ingestBars(key, toStoredColumns(bars), { onOverlap: options.onOverlap });
  // After the bars, so a refused file leaves no trace; it reads only prices (toStoredColumns took the times).
  ensureInstrumentRecord(stores.state, parseInstrumentId(key.instrumentId), pricePrecisionOf(bars));
  result.rowsWritten = written.rows;
  result.replaced = written.replaced;
}

/**
 * A quote or trade file: parsed and checked whole, then written in one transaction (ticks of one
 * time keep their file order). Errors reject the file unless `repair`, which drops the bad rows.
 */
async function importTickFile(
  stores: MarketDataStores,
  file: string,
  kind: TickKind,
  options: ImportOptions,
  result: ImportFileResult,
  progress: FileProgress,
): Promise<ImportFileResult> {
  const parsed = await readTickFile(file, { source: file, timeZone: options.timeZone, maxIssues: options.maxIssues, repair: options.repair }, (bytes) => progress.read(bytes));
  Object.assign(result, { format: parsed.gzipped ? 'csv.gz' : 'csv', layout: kind, ticks: kind, rowsRead: parsed.rowsRead, report: parsed.report });
  progress.phase('checking');
  if (options.adjust) result.notes.push('--adjust applies to bar files; the ticks are stored as given');
  if (options.barSpec !== undefined) result.notes.push('--bar applies to bar files; a tick file has no bar type');
  if (parsed.report.errors > 0 && !options.repair) {
    result.status = 'rejected';
    return result;
  }
  if (parsed.repairs !== undefined) result.repairs = parsed.repairs;
  const { tsUs } = parsed.columns;
  if (tsUs.length === 0) throw new NwsError(ErrorCode.InvalidArgument, `${file}: no ticks to import`);
  result.firstTs = Number(tsUs[0]! / 1000n);
  result.lastTs = Number(tsUs[tsUs.length - 1]! / 1000n);
  if (options.dryRun) {
    result.status = 'checked';
    return result;
  }
  progress.phase('writing');
  const written = await stores.timeSeries.ingestTicks({ instrumentId: result.instrumentId!, kind }, parsed.columns, { onOverlap: options.onOverlap });
  const precision = new PricePrecisionSampler();
  const prices = parsed.columns.kind === 'quotes' ? parsed.columns.bid : parsed.columns.price;
  precision.addPrices(prices, prices.length);
  ensureInstrumentRecord(stores.state, parseInstrumentId(result.instrumentId!), precision.value);
  result.rowsWritten = written.rows;
  result.replaced = written.replaced;
  result.status = 'imported';
  return result;
}

interface ReadResult {
  source: string;
  format: ImportFormat;
  layout: CsvLayout;
  bars: ParsedBars;
  report: QualityReportSummary;
  rows: number;
}

async function readBars(file: string, options: ImportOptions, progress: FileProgress): Promise<ReadResult> {
  if (await isParquet(file)) {
    const parsed = await readParquetBars(file, { source: file, timeZone: options.timeZone, maxIssues: options.maxIssues });
    progress.read(progress.size);
    return { source: file, format: 'parquet', ...parsed };
  }
  const bytes = await openFileBytes(file);
  const parser = new CsvBarParser({ source: file, timeZone: options.timeZone, maxIssues: options.maxIssues, ...(bytes.contentBytesHint === undefined ? {} : { sizeHintBytes: bytes.contentBytesHint }) });
  for await (const chunk of bytes.chunks) {
    parser.push(chunk);
    progress.read(bytes.diskBytesRead());
  }
  const parsed = parser.finish();
  const rows = parsed.bars.length + parsed.report.errors;
  return { source: file, format: bytes.gzipped ? 'csv.gz' : 'csv', layout: parsed.layout, bars: parsed.bars, report: parsed.report, rows };
}

const PARQUET_MAGIC = 'PAR1';

async function isParquet(file: string): Promise<boolean> {
  if (/\.(parquet|pq)$/i.test(extname(file))) return true;
  const handle = await open(file, 'r').catch(() => undefined);
  if (handle === undefined) return false;
  try {
    const head = new Uint8Array(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && String.fromCharCode(...head) === PARQUET_MAGIC;
  } finally {
    await handle.close();
  }
}

/** A repair must leave no errors behind; if one does, that is a bug, not bad input. */
function confirmRepaired(bars: ParsedBars, spec: BarSpec, labels: ColumnLabels): void {
  const recheck = checkBars(bars, { spec, labels, maxIssues: 5 });
  if (recheck.report.errors > 0) {
    throw new NwsError(ErrorCode.Internal, `repair left ${recheck.report.errors} errors, e.g. ${JSON.stringify(recheck.report.issues[0])}`);
  }
}

interface FileProgress {
  readonly size: number;
  read(diskBytes: number): void;
  phase(phase: ImportPhase): void;
}

/** Turns reading progress into bus events (`jobs.<id>.progress`) and callbacks. */
class ProgressReporter {
  private sizes: number[] = [];
  private doneBefore = 0;
  private total = 0;

  constructor(
    private readonly jobId: string,
    private readonly files: readonly string[],
    private readonly context: ImportContext,
  ) {}

  async measure(): Promise<void> {
    this.sizes = await Promise.all(this.files.map((file) => stat(file).then((info) => info.size, () => 0)));
    this.total = this.sizes.reduce((sum, size) => sum + size, 0);
    this.publish('running', 0, `importing ${this.files.length} file(s)`);
  }

  forFile(index: number): FileProgress {
    const file = this.files[index]!;
    const size = this.sizes[index] ?? 0;
    const before = this.doneBefore;
    this.doneBefore += size;
    let current = 0;
    let phase: ImportPhase = 'reading';
    const emit = () => {
      const progress: ImportProgress = { file, fileIndex: index, fileCount: this.files.length, phase, bytesDone: before + current, bytesTotal: this.total };
      this.context.onProgress?.(progress);
      this.publish('running', before + current, `${file}: ${phase}`);
    };
    return {
      size,
      read: (diskBytes) => {
        current = Math.min(size, diskBytes);
        emit();
      },
      phase: (next) => {
        phase = next;
        if (next === 'done') current = size;
        emit();
      },
    };
  }

  finish(summary: ImportSummary): void {
    const state: JobState = summary.failed + summary.rejected === 0 ? 'done' : 'failed';
    const checked = summary.checked > 0 ? `, checked ${summary.checked} (dry run)` : '';
    this.publish(state, this.total, `imported ${summary.imported}${checked}, rejected ${summary.rejected}, failed ${summary.failed}`);
  }

  private publish(state: JobState, done: number, message: string): void {
    this.context.bus?.publish(topics.jobProgress(this.jobId), { jobId: this.jobId, state, done, total: this.total, message, ts: Date.now() });
  }
}
