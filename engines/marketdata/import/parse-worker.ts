// The importer's CSV parse thread. It reads the file, parses it and runs the quality checks block
// by block, and hands each checked block's columns to the importer's thread, which appends it to
// the open ingest transaction while this thread parses the next: parsing and DuckDB's appender
// run on the two cores at once. At most `maxBlocksInFlight` unacknowledged blocks are out, so a
// slow store holds the parser back instead of piling blocks up in memory.
import { parentPort } from 'node:worker_threads';
import { NwsError } from '@nws/core';
import { adjustBars } from './adjustment.js';
import { openFileBytes } from './byte-source.js';
import { CsvBarParser } from './csv-parser.js';
import { PricePrecisionSampler } from './instrument-record.js';
import { toStoredColumns, type ParsedBars, type StoredBarColumns } from './parsed-bars.js';
import type { FromParseWorker, ParseFileRequest, ParsedFileSummary, ToParseWorker } from './parse-worker-messages.js';
import { BarStreamChecks, columnLabelsOf, SPEC_SAMPLE_BARS } from './quality-checks.js';
import { QualityReport } from './quality-report.js';

const port = parentPort!;
let credits = 0;
let wakeOnCredit: (() => void) | undefined;
let cancelled = false;

function send(message: FromParseWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

port.on('message', (message: ToParseWorker) => {
  if (message.kind === 'parse') {
    cancelled = false;
    credits = message.maxBlocksInFlight;
    parseFile(message).then(
      (summary) => send(summary === undefined ? { kind: 'stopped' } : { kind: 'done', summary }),
      (error: unknown) => send({ kind: 'failed', error: NwsError.from(error).toJSON() }),
    );
  } else if (message.kind === 'ack') {
    credits++;
    wakeOnCredit?.();
  } else {
    cancelled = true;
    wakeOnCredit?.();
  }
});

async function waitForCredit(): Promise<void> {
  while (credits === 0 && !cancelled) await new Promise<void>((resolve) => (wakeOnCredit = resolve));
  wakeOnCredit = undefined;
}

/**
 * Streams the file's checked blocks to the importer. Resolves with what it found, or undefined
 * when it stopped at the first error (or a cancel): the importer then re-reads the file whole
 * for the full report and `--repair`, so nothing here needs to list every issue.
 */
async function parseFile(request: ParseFileRequest): Promise<ParsedFileSummary | undefined> {
  const bytes = await openFileBytes(request.file, request.readBytes);
  // No size hint: the columns are sized for one read's rows, not for the whole file, since blocks are handed over as they fill.
  const parser = new CsvBarParser({ source: request.file, timeZone: request.timeZone, maxIssues: request.maxIssues });
  const report = new QualityReport(request.maxIssues);
  let checks: BarStreamChecks | undefined;
  const precision = new PricePrecisionSampler();
  const span = { bars: 0, firstUs: Number.NaN, lastUs: Number.NaN, adjustSkipped: 0 };
  const failed = () => cancelled || parser.errors > 0 || (checks?.errors ?? 0) > 0;

  /** Checks a block and, when it is sound, sends it (waiting for a credit first). */
  const sendBlock = async (bars: ParsedBars) => {
    if (bars.length === 0) return;
    checks ??= new BarStreamChecks({ ...(request.spec ? { spec: request.spec } : {}), labels: columnLabelsOf(parser.currentLayout!), report });
    checks.check(bars);
    if (failed()) return;
    if (request.adjust) span.adjustSkipped += adjustBars(bars);
    precision.add(bars);
    if (span.bars === 0) span.firstUs = bars.tsUs[0]!;
    span.lastUs = bars.tsUs[bars.length - 1]!;
    span.bars += bars.length;
    await waitForCredit();
    if (cancelled) return;
    credits--;
    const columns = toStoredColumns(bars);
    send({ kind: 'block', columns, spec: checks.barSpec!, diskBytesRead: bytes.diskBytesRead() }, buffersOf(columns));
  };

  for await (const chunk of bytes.chunks) {
    parser.push(chunk);
    if (failed()) return undefined;
    // Without --bar the checks infer the bar spec from the first block: it must be big enough.
    const wanted = checks === undefined && request.spec === undefined ? Math.max(request.blockRows, SPEC_SAMPLE_BARS) : request.blockRows;
    if (parser.pendingBars >= wanted) await sendBlock(parser.takeBars(request.blockRows * 2)!);
    if (failed()) return undefined;
  }
  const parsed = parser.finish();
  if (failed()) return undefined;
  await sendBlock(parsed.bars);
  if (failed()) return undefined;
  report.merge(parsed.report);
  return {
    gzipped: bytes.gzipped,
    layout: parsed.layout,
    report: report.summary(),
    spec: checks?.barSpec ?? request.spec ?? { step: 1, unit: 'd' },
    bars: span.bars,
    rowsRead: span.bars,
    firstUs: span.firstUs,
    lastUs: span.lastUs,
    hasAdjClose: parsed.layout.columns.adjClose !== undefined,
    adjustSkipped: span.adjustSkipped,
    pricePrecision: precision.value,
  };
}

/** Each distinct buffer under the columns once (views of one block may share none or some). */
function buffersOf(columns: StoredBarColumns): ArrayBuffer[] {
  const all = [columns.tsUs, columns.open, columns.high, columns.low, columns.close, columns.volume, columns.adjClose, columns.openInterest];
  return [...new Set(all.flatMap((column) => (column === undefined ? [] : [column.buffer as ArrayBuffer])))];
}

send({ kind: 'ready' });
