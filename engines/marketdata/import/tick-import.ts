// Tick files (quotes or trades in CSV, plain or gzipped): recognised by their header, parsed from
// bytes like bar files, checked row by row into the same quality report, and written in one
// transaction with TimeSeriesStore.ingestTicks. Several ticks may share a time; their file order
// is kept.
import { ErrorCode, NwsError } from '@nws/core';
import type { TickColumns, TickKind } from '@nws/storage';
import { openFileBytes } from './byte-source.js';
import { detectDelimiter, normalizeHeaderName, splitCells } from './csv-layout.js';
import { NOT_A_NUMBER, parseDecimal } from './decimal.js';
import { microsAsInt64InPlace } from './parsed-bars.js';
import { DEFAULT_MAX_ISSUES, QualityReport } from './quality-report.js';
import type { QualityReportSummary, QualityRule } from './quality-report.js';
import { RepairLog } from './repair.js';
import type { RepairSummary } from './repair.js';
import { TimeZoneConverter } from './time-zone.js';
import { TimestampParser, US_PER_MS, epochUnitOf, isStorableTime, looksLikeEpoch, parseEpoch, parseTimeOfDay } from './timestamp.js';
import type { EpochUnit } from './timestamp.js';

const TIME_NAMES = ['ts', 'time', 'timestamp', 'datetime', 'date'];
const QUOTE_NAMES = {
  bid: ['bid', 'bidprice', 'bidpx'],
  ask: ['ask', 'askprice', 'askpx', 'offer', 'offerprice'],
  bidSize: ['bidsize', 'bidsz', 'bidqty'],
  askSize: ['asksize', 'asksz', 'askqty', 'offersize'],
} as const;
const TRADE_NAMES = {
  price: ['price', 'px', 'tradeprice', 'lastprice'],
  size: ['size', 'qty', 'quantity', 'tradesize', 'lastsize', 'volume'],
} as const;
/** A file with any of these is a bar file, whatever else it has. */
const BAR_NAMES = new Set(['open', 'high', 'low', 'close']);

export interface TickFileLayout {
  kind: TickKind;
  delimiter: number;
  header: readonly string[];
  /** Column index of the time (of the date, when the time of day has its own column). */
  time: number;
  /** Column index of the time of day when the file splits `Date,Time,…`; -1 otherwise. */
  timeOfDay: number;
  /** Column index of each value, in TickColumns order (bid, ask, bidSize, askSize | price, size); -1 when absent (quote sizes). */
  values: readonly number[];
  epochUnit?: EpochUnit;
}

const VALUE_FIELDS: Record<TickKind, ReadonlyArray<{ name: string; aliases: readonly string[]; optional: boolean; isSize: boolean }>> = {
  quotes: [
    { name: 'bid', aliases: QUOTE_NAMES.bid, optional: false, isSize: false },
    { name: 'ask', aliases: QUOTE_NAMES.ask, optional: false, isSize: false },
    { name: 'bidSize', aliases: QUOTE_NAMES.bidSize, optional: true, isSize: true },
    { name: 'askSize', aliases: QUOTE_NAMES.askSize, optional: true, isSize: true },
  ],
  trades: [
    { name: 'price', aliases: TRADE_NAMES.price, optional: false, isSize: false },
    { name: 'size', aliases: TRADE_NAMES.size, optional: false, isSize: true },
  ],
};

/**
 * What a CSV header says the file holds: `quotes` (a time, bid and ask), `trades` (a time, price
 * and size, and no open/high/low/close), or undefined for anything else (a bar file).
 */
export function tickKindOfHeader(headerLine: string): TickKind | undefined {
  const names = splitCells(headerLine, detectDelimiter(headerLine)).map(normalizeHeaderName);
  const has = (aliases: readonly string[]) => aliases.some((alias) => names.includes(alias));
  if (!has(TIME_NAMES) || names.some((name) => BAR_NAMES.has(name))) return undefined;
  if (has(QUOTE_NAMES.bid) && has(QUOTE_NAMES.ask)) return 'quotes';
  if (has(TRADE_NAMES.price) && has(TRADE_NAMES.size)) return 'trades';
  return undefined;
}

/** The tick kind of a CSV file (plain or gzipped) from its first line; undefined for a bar file. */
export async function tickKindOfFile(file: string): Promise<TickKind | undefined> {
  const bytes = await openFileBytes(file, 64 * 1024);
  for await (const chunk of bytes.chunks) {
    const text = new TextDecoder('latin1').decode(chunk);
    const line = text.split('\n').find((candidate) => candidate.trim() !== '');
    return line === undefined ? undefined : tickKindOfHeader(line);
  }
  return undefined;
}

export function tickFileLayout(headerLine: string, firstDataLine: string | undefined, source: string): TickFileLayout {
  const delimiterText = detectDelimiter(headerLine);
  const header = splitCells(headerLine, delimiterText);
  const names = header.map(normalizeHeaderName);
  const kind = tickKindOfHeader(headerLine);
  if (kind === undefined) throw new NwsError(ErrorCode.InvalidArgument, `${source}: not a tick file (header: ${header.join(delimiterText)})`);
  const indexOf = (aliases: readonly string[]) => {
    for (const alias of aliases) {
      const index = names.indexOf(alias);
      if (index >= 0) return index;
    }
    return -1;
  };
  // `Date,Time,…` (the time of day in its own column) unless a full timestamp column is there.
  const split = indexOf(['ts', 'timestamp', 'datetime']) < 0 && names.includes('date') && names.includes('time');
  const time = split ? names.indexOf('date') : indexOf(TIME_NAMES);
  const timeOfDay = split ? names.indexOf('time') : -1;
  const values = VALUE_FIELDS[kind].map((field) => indexOf(field.aliases));
  const timeCell = firstDataLine === undefined ? undefined : splitCells(firstDataLine, delimiterText)[time];
  const epochUnit = !split && timeCell !== undefined && looksLikeEpoch(timeCell) ? epochUnitOf(timeCell) : undefined;
  return { kind, delimiter: delimiterText.charCodeAt(0), header, time, timeOfDay, values, ...(epochUnit === undefined ? {} : { epochUnit }) };
}

export interface ParsedTicks {
  layout: TickFileLayout;
  columns: TickColumns;
  /** Data rows in the file, readable or not. */
  rowsRead: number;
  /** Every rule a row broke, by file line (the header is line 1). */
  report: QualityReportSummary;
  /** With `repair`: the rows dropped. */
  repairs?: RepairSummary;
}

export interface TickParseOptions {
  source: string;
  timeZone?: string;
  maxIssues?: number;
  /** Drop the rows that break a rule (listed in `repairs`) instead of failing the file. */
  repair?: boolean;
}

/** Growable typed columns for the parsed ticks; times as whole µs in doubles until `finish`. */
class TickBuilder {
  length = 0;
  tsUs = new Float64Array(1024);
  values: Float64Array[];

  constructor(valueCount: number) {
    this.values = Array.from({ length: valueCount }, () => new Float64Array(1024));
  }

  push(tsUs: number, row: Float64Array): void {
    if (this.length === this.tsUs.length) this.grow();
    this.tsUs[this.length] = tsUs;
    for (let index = 0; index < this.values.length; index++) this.values[index]![this.length] = row[index]!;
    this.length++;
  }

  private grow(): void {
    const capacity = this.tsUs.length * 2;
    const tsUs = new Float64Array(capacity);
    tsUs.set(this.tsUs);
    this.tsUs = tsUs;
    this.values = this.values.map((column) => {
      const grown = new Float64Array(capacity);
      grown.set(column);
      return grown;
    });
  }
}

const CHAR_NEWLINE = 10;

/**
 * Parses a tick CSV pushed in byte chunks. Each data row is checked: a time that is not a date or
 * epoch number (or outside 1800–2300), a price that is missing or not a number, a negative price
 * or size, a crossed quote (bid above ask), a trade of size 0, a time before the previous row's.
 * Quote sizes absent from the file read as 0 (nobody queues ahead).
 */
export class TickCsvParser {
  private layout: TickFileLayout | undefined;
  private header: string | undefined;
  private pending = new Uint8Array(0);
  private line = 1;
  private rowsRead = 0;
  private lastTsUs = -Infinity;
  private builder: TickBuilder | undefined;
  private readonly report: QualityReport;
  private readonly repairs: RepairLog | undefined;
  private readonly timestamps = new TimestampParser();
  private readonly zone: TimeZoneConverter;
  private readonly cellStarts = new Int32Array(256);
  private readonly cellEnds = new Int32Array(256);
  private row = new Float64Array(4);

  constructor(private readonly options: TickParseOptions) {
    this.report = new QualityReport(options.maxIssues);
    this.repairs = options.repair === true ? new RepairLog(options.maxIssues ?? DEFAULT_MAX_ISSUES) : undefined;
    this.zone = new TimeZoneConverter(options.timeZone ?? 'UTC');
  }

  push(chunk: Uint8Array): void {
    const bytes = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    let start = 0;
    for (let index = bytes.indexOf(CHAR_NEWLINE, start); index >= 0; index = bytes.indexOf(CHAR_NEWLINE, start)) {
      this.onLine(bytes, start, index);
      start = index + 1;
    }
    this.pending = bytes.slice(start);
  }

  finish(): ParsedTicks {
    if (this.pending.length > 0) this.onLine(this.pending, 0, this.pending.length);
    this.pending = new Uint8Array(0);
    if (this.header === undefined) throw new NwsError(ErrorCode.InvalidArgument, `${this.options.source}: the file has no header line`);
    // A header without rows still has a layout; the importer then says there is nothing to import.
    if (this.layout === undefined) this.startRows(undefined);
    const { kind } = this.layout!;
    const builder = this.builder!;
    const length = builder.length;
    const tsUs = microsAsInt64InPlace(builder.tsUs.slice(0, length));
    const values = builder.values.map((column) => column.slice(0, length));
    const columns: TickColumns =
      kind === 'quotes'
        ? { kind, tsUs, bid: values[0]!, ask: values[1]!, bidSize: values[2]!, askSize: values[3]! }
        : { kind, tsUs, price: values[0]!, size: values[1]! };
    return {
      layout: this.layout!,
      columns,
      rowsRead: this.rowsRead,
      report: this.report.summary(),
      ...(this.repairs === undefined ? {} : { repairs: this.repairs.summary() }),
    };
  }

  private onLine(bytes: Uint8Array, start: number, end: number): void {
    const line = this.line++;
    let last = end;
    if (last > start && bytes[last - 1] === 13) last--;
    if (isBlank(bytes, start, last)) return;
    if (this.header === undefined) {
      this.header = new TextDecoder('latin1').decode(bytes.subarray(start, last));
      return;
    }
    if (this.layout === undefined) this.startRows(new TextDecoder('latin1').decode(bytes.subarray(start, last)));
    this.rowsRead++;
    this.parseRow(bytes, start, last, line);
  }

  /** The layout from the header and the first data row (which tells epoch numbers from dates). */
  private startRows(firstDataLine: string | undefined): void {
    this.layout = tickFileLayout(this.header!, firstDataLine, this.options.source);
    this.builder = new TickBuilder(this.layout.values.length);
    this.row = new Float64Array(this.layout.values.length);
  }

  private parseRow(bytes: Uint8Array, start: number, end: number, line: number): void {
    const layout = this.layout!;
    const cells = this.splitRow(bytes, start, end, layout.delimiter);
    const tsUs = this.readTime(bytes, cells, line);
    if (Number.isNaN(tsUs)) return;
    const fields = VALUE_FIELDS[layout.kind];
    for (let index = 0; index < fields.length; index++) {
      const column = layout.values[index]!;
      if (column < 0) {
        this.row[index] = 0;
        continue;
      }
      const value = column < cells ? parseDecimal(bytes, this.cellStarts[column]!, this.cellEnds[column]!) : Number.NaN;
      const rule = valueProblem(value, fields[index]!.isSize, layout.kind);
      if (rule !== undefined) return this.flag(line, layout.header[column]!, cellText(bytes, this.cellStarts, this.cellEnds, column, cells), rule);
      this.row[index] = value;
    }
    if (layout.kind === 'quotes' && this.row[0]! > this.row[1]!) {
      return this.flag(line, layout.header[layout.values[0]!]!, `${this.row[0]} > ${this.row[1]}`, 'crossed-quote');
    }
    if (tsUs < this.lastTsUs) return this.flag(line, layout.header[layout.time]!, cellText(bytes, this.cellStarts, this.cellEnds, layout.time, cells), 'out-of-order');
    this.lastTsUs = tsUs;
    this.builder!.push(tsUs, this.row);
  }

  /** Cell bounds into cellStarts/cellEnds; returns the cell count. */
  private splitRow(bytes: Uint8Array, start: number, end: number, delimiter: number): number {
    let cells = 0;
    let cellStart = start;
    for (let index = start; index <= end && cells < this.cellStarts.length; index++) {
      if (index === end || bytes[index] === delimiter) {
        this.cellStarts[cells] = cellStart;
        this.cellEnds[cells] = index;
        cells++;
        cellStart = index + 1;
      }
    }
    return cells;
  }

  /** Epoch µs UTC, or NaN after flagging the row. */
  private readTime(bytes: Uint8Array, cells: number, line: number): number {
    const layout = this.layout!;
    const column = layout.time;
    const start = this.cellStarts[column]!;
    const end = column < cells ? this.cellEnds[column]! : start;
    let tsUs: number;
    if (layout.epochUnit !== undefined) {
      tsUs = parseEpoch(bytes, start, end, layout.epochUnit);
    } else {
      tsUs = this.timestamps.parseDateTime(bytes, start, end);
      if (layout.timeOfDay >= 0 && !Number.isNaN(tsUs)) {
        const column = layout.timeOfDay;
        const timeUs = column < cells ? parseTimeOfDay(bytes, this.cellStarts[column]!, this.cellEnds[column]!) : Number.NaN;
        if (Number.isNaN(timeUs)) {
          this.flag(line, layout.header[column]!, cellText(bytes, this.cellStarts, this.cellEnds, column, cells), 'unparseable');
          return Number.NaN;
        }
        tsUs += timeUs;
      }
      if (!Number.isNaN(tsUs) && !this.zone.isUtc && Number.isNaN(this.timestamps.zoneOffsetUs)) {
        tsUs -= this.zone.offsetAtLocalMs(Math.floor(tsUs / US_PER_MS)) * US_PER_MS;
      }
    }
    if (Number.isNaN(tsUs) || !isStorableTime(tsUs)) {
      this.flag(line, layout.header[column]!, cellText(bytes, this.cellStarts, this.cellEnds, column, cells), 'unparseable');
      return Number.NaN;
    }
    return tsUs;
  }

  private flag(line: number, column: string, value: string, rule: QualityRule): void {
    this.report.add(line, column, value, rule);
    this.repairs?.add(line, rule, 'dropped', `${column} ${JSON.stringify(value)}`);
  }
}

function valueProblem(value: number, isSize: boolean, kind: TickKind): QualityRule | undefined {
  if (value === NOT_A_NUMBER) return 'unparseable';
  if (Number.isNaN(value) || !Number.isFinite(value)) return isSize ? 'nan-volume' : 'nan-price';
  if (value < 0) return isSize ? 'negative-volume' : 'negative-price';
  if (isSize && value === 0 && kind === 'trades') return 'zero-size';
  return undefined;
}

function cellText(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, column: number, cells: number): string {
  if (column >= cells) return '';
  return new TextDecoder('latin1').decode(bytes.subarray(starts[column]!, ends[column]!)).trim();
}

function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    const byte = bytes[index]!;
    if (byte !== 32 && byte !== 9 && byte !== 13) return false;
  }
  return true;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** Reads and parses a whole tick file (gzip-aware), reporting bytes read. */
export async function readTickFile(file: string, options: TickParseOptions, onRead: (diskBytes: number) => void): Promise<ParsedTicks & { gzipped: boolean }> {
  const bytes = await openFileBytes(file);
  const parser = new TickCsvParser(options);
  for await (const chunk of bytes.chunks) {
    parser.push(chunk);
    onRead(bytes.diskBytesRead());
  }
  return { ...parser.finish(), gzipped: bytes.gzipped };
}
