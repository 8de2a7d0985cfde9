// Large CSV files are imported as a pipeline over the two halves of the work: the parse thread
// reads, parses and checks block after block while this thread appends each checked block to
// ONE open ingest transaction (TimeSeriesStore.ingestBarStream). The transaction commits only
// after the parse thread has read the whole file and found no error; on an error it rolls back
// (nothing was written) and the importer re-reads the file whole for the full report or the
// repair, exactly as for a small file.
import { ErrorCode, NwsError, formatBarSpec, parseInstrumentId } from '@nws/core';
import type { BarColumns } from '@nws/storage';
import { adjustmentNotes } from './adjustment.js';
import type { ImportFileResult } from './importer.js';
import type { ImportOptions } from './import-options.js';
import { ensureInstrumentRecord } from './instrument-record.js';
import { parseThreads, type ParseJob, type ParsedBlock } from './parse-thread.js';
import type { ParsedFileSummary } from './parse-worker-messages.js';
import type { MarketDataStores } from '../stores.js';

/**
 * Plain or gzipped CSV files at least this big on disk (about 1.3M one-minute bars) are streamed.
 * The first streamed file in a process pays for starting the parse thread (0.5–2 s, loading the
 * parser through tsx); below this size a one-shot `nws import` would lose more than it gains.
 */
export const STREAM_MIN_BYTES = 64 * 1024 * 1024;
/** About one 4 MiB read of a typical bar file: blocks big enough that per-block costs vanish. */
const BLOCK_ROWS = 65_536;

/**
 * Parsed blocks waiting for the store at most: bounds memory when the store is the slower half
 * (~3.7 MiB of columns a block). Eight rather than three lets the parse thread run far enough
 * ahead that the store does not wait when the parse thread loses its core for a moment on a
 * shared machine (10M rows: ~0.25 s less waiting in the runs measured; peak RSS 511 → 527–560 MiB).
 */
const MAX_BLOCKS_IN_FLIGHT = 8;

export interface StreamTuning {
  /** Plain or gzipped CSV files at least this big on disk stream; default STREAM_MIN_BYTES. */
  minBytes?: number;
  /** Bars per block (at least; a block is what one read parsed); default 65,536. */
  blockRows?: number;
  /** Bytes per file read; default byte-source's CHUNK_BYTES (4 MiB). */
  readBytes?: number;
  /** Parsed blocks waiting for the store at most; default MAX_BLOCKS_IN_FLIGHT. */
  maxBlocksInFlight?: number;
}

export interface StreamProgress {
  read(diskBytes: number): void;
  phase(phase: 'writing'): void;
}

/**
 * Imports a CSV file through the parse thread into one streaming transaction and fills
 * `result`. Returns false, having written nothing, when the file must be read whole instead:
 * it has quality errors, its parse failed (the whole read gives the same error), no parse thread
 * can start here, or it has no bars. Throws what storage throws (a conflict, a disk error).
 */
export async function importStreamed(
  stores: MarketDataStores,
  file: string,
  options: ImportOptions,
  result: ImportFileResult,
  progress: StreamProgress,
  tuning: StreamTuning = {},
): Promise<boolean> {
  const thread = await parseThreads.acquire();
  if (thread === undefined) return false;
  const job = thread.parse({
    file,
    timeZone: options.timeZone,
    maxIssues: options.maxIssues,
    ...(options.barSpec ? { spec: options.barSpec } : {}),
    adjust: options.adjust,
    blockRows: tuning.blockRows ?? BLOCK_ROWS,
    ...(tuning.readBytes === undefined ? {} : { readBytes: tuning.readBytes }),
    maxBlocksInFlight: tuning.maxBlocksInFlight ?? MAX_BLOCKS_IN_FLIGHT,
  });
  try {
    const blocks = job.blocks();
    // The series key needs the bar type, which the checks settle on the first block.
    const first = await blocks.next();
    if (first.done) throw new FileNeedsWholeRead();
    progress.read(first.value.diskBytesRead);
    const key = { instrumentId: result.instrumentId!, barType: formatBarSpec(first.value.spec) };
    const written = await stores.timeSeries.ingestBarStream(key, blocksUntilSound(first.value.columns, blocks, job, progress), { onOverlap: options.onOverlap });
    const outcome = await job.outcome;
    if (outcome.kind !== 'done') throw new NwsError(ErrorCode.Internal, `streamed import of ${file} committed without the parse thread's verdict`);
    ensureInstrumentRecord(stores.state, parseInstrumentId(key.instrumentId), outcome.summary.pricePrecision);
    fillResult(result, outcome.summary, options, written);
    parseThreads.recordOutcome(true);
    return true;
  } catch (error) {
    if (!(error instanceof FileNeedsWholeRead)) throw error;
    parseThreads.recordOutcome(false);
    return false;
  } finally {
    await job.abandon();
    parseThreads.release(thread);
  }
}

/** Thrown inside the stream to roll it back when the file must be read whole instead. */
class FileNeedsWholeRead extends NwsError {
  constructor() {
    super(ErrorCode.InvalidArgument, 'the file has quality errors; it is re-read whole for the report');
  }
}

/**
 * The blocks for the store, starting with the one already taken. After the last block it waits
 * for the parse thread's verdict: a file with errors (or a failed parse) throws, which rolls
 * the whole stream back.
 */
async function* blocksUntilSound(
  first: BarColumns,
  rest: AsyncGenerator<ParsedBlock>,
  job: ParseJob,
  progress: StreamProgress,
): AsyncGenerator<BarColumns> {
  yield first;
  for await (const block of rest) {
    progress.read(block.diskBytesRead);
    yield block.columns;
  }
  const outcome = await job.outcome;
  if (outcome.kind !== 'done') throw new FileNeedsWholeRead();
  progress.phase('writing');
}

function fillResult(result: ImportFileResult, summary: ParsedFileSummary, options: ImportOptions, written: { rows: number; replaced: number }): void {
  Object.assign(result, {
    format: summary.gzipped ? 'csv.gz' : 'csv',
    layout: summary.layout.kind,
    rowsRead: summary.rowsRead,
    report: summary.report,
    barType: formatBarSpec(summary.spec),
    firstTs: Math.floor(summary.firstUs / 1000),
    lastTs: Math.floor(summary.lastUs / 1000),
    rowsWritten: written.rows,
    replaced: written.replaced,
  });
  result.notes.push(...adjustmentNotes(options.adjust, summary.hasAdjClose, summary.adjustSkipped));
}
