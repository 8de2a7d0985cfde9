// Messages between the importer and its CSV parse thread (parse-worker.ts). Blocks carry their
// column buffers as transferables: moved, never copied.
import type { BarSpec, ErrorShape } from '@nws/core';
import type { CsvLayout } from './csv-layout.js';
import type { StoredBarColumns } from './parsed-bars.js';
import type { QualityReportSummary } from './quality-report.js';

export interface ParseFileRequest {
  kind: 'parse';
  file: string;
  timeZone: string;
  maxIssues: number;
  /** The bar spec given with --bar; inferred from the first block otherwise. */
  spec?: BarSpec;
  adjust: boolean;
  /** A block is handed over once at least this many bars are parsed (and at the end). */
  blockRows: number;
  /** Bytes per file read (default: byte-source's CHUNK_BYTES). */
  readBytes?: number;
  /** Blocks sent and not yet acknowledged before the thread waits (bounds memory). */
  maxBlocksInFlight: number;
}

/** The importer took a block (the thread may send another), or wants the job stopped. */
export type ToParseWorker = ParseFileRequest | { kind: 'ack' } | { kind: 'cancel' };

/** What the thread found in a file it read to the end without errors. */
export interface ParsedFileSummary {
  gzipped: boolean;
  layout: CsvLayout;
  /** Parser issues (unparseable rows) and the quality checks' issues. */
  report: QualityReportSummary;
  spec: BarSpec;
  /** Bars read (in blocks sent) and data rows read, readable or not. */
  bars: number;
  rowsRead: number;
  /** Open time of the first and last bar, epoch µs. */
  firstUs: number;
  lastUs: number;
  hasAdjClose: boolean;
  adjustSkipped: number;
  pricePrecision: number;
}

export type FromParseWorker =
  | { kind: 'ready' }
  /** `spec`: the bar spec the checks use (given, or inferred from the first block). */
  | { kind: 'block'; columns: StoredBarColumns; spec: BarSpec; diskBytesRead: number }
  | { kind: 'done'; summary: ParsedFileSummary }
  /** The file has errors (or the job was cancelled): the thread stopped at the first one it saw. */
  | { kind: 'stopped' }
  | { kind: 'failed'; error: ErrorShape };
