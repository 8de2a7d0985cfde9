import { ErrorCode, NwsError } from '@nws/core';
import { detectCsvLayout, type CsvLayout } from './csv-layout.js';
import { NOT_A_NUMBER, parseDecimal } from './decimal.js';
import { ParsedBarsBuilder, type ParsedBars } from './parsed-bars.js';
import { QualityReport, type QualityReportSummary } from './quality-report.js';
import { TimeZoneConverter } from './time-zone.js';
import { isStorableTime, parseEpoch, parseTimeOfDay, TimestampParser, US_PER_MS } from './timestamp.js';

export interface CsvParseOptions {
  /** File name or label used in messages. */
  source: string;
  /** IANA zone of timestamps written without an offset; default UTC. */
  timeZone?: string;
  /** Total bytes expected (the file size) so columns are sized once instead of grown. */
  sizeHintBytes?: number;
  maxIssues?: number;
}

export interface CsvParseResult {
  layout: CsvLayout;
  bars: ParsedBars;
  /** Rows that could not be read (rule `unparseable`); they are not in `bars`. */
  report: QualityReportSummary;
  /** Lines read, header included. */
  lines: number;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const HASH = 35;
const MINUS = 45;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const MAX_EXACT_DIGITS = 15;
const latin1 = new TextDecoder('latin1');
const powersOf10 = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

/** What the parser does with each column of a row. */
const Role = { skip: 0, date: 1, time: 2, open: 3, high: 4, low: 5, close: 6, volume: 7, adjClose: 8, openInterest: 9 } as const;

/**
 * Streaming CSV reader over raw bytes: feed chunks with `push` in file order, then `finish`.
 * Each chunk is cut at its last newline and the complete lines are read in one pass: a cell is
 * parsed while it is scanned (no splitting, no strings), so memory is the columns plus one chunk
 * and time is a few nanoseconds per byte. Unusual cells (quotes, spaces, exponents, long numbers)
 * take the careful path in decimal.ts, with the same result.
 */
export class CsvBarParser {
  private readonly options: CsvParseOptions;
  private readonly zone: TimeZoneConverter;
  private readonly timestamps = new TimestampParser();
  private readonly report: QualityReport;
  private leftover: Uint8Array | undefined;
  private lineNumber = 0;
  private headerLine: string | undefined;
  private layout: CsvLayout | undefined;
  private builder: ParsedBarsBuilder | undefined;
  private fieldNames: string[] = [];
  private roles = new Uint8Array(0);
  private delimiter = 0;
  private bytesSeen = 0;
  /** Position where the last scanned cell ended (at its delimiter, CR or LF). */
  private cursor = 0;
  // Where the date and time cells of the current row are.
  private dateStart = 0;
  private dateEnd = 0;
  private timeStart = 0;
  private timeEnd = 0;
  private targets: Float64Array[] = [];
  private targetsOf: ParsedBars | undefined;

  constructor(options: CsvParseOptions) {
    this.options = options;
    this.zone = new TimeZoneConverter(options.timeZone ?? 'UTC');
    this.report = new QualityReport(options.maxIssues);
  }

  push(chunk: Uint8Array): void {
    this.bytesSeen += chunk.length;
    let start = 0;
    if (this.leftover !== undefined) {
      const firstNewline = chunk.indexOf(LF);
      if (firstNewline < 0) {
        this.leftover = concat(this.leftover, chunk);
        return;
      }
      const joined = concat(this.leftover, chunk.subarray(0, firstNewline + 1));
      this.leftover = undefined;
      this.readLines(joined, 0, joined.length);
      start = firstNewline + 1;
    }
    const lastNewline = chunk.lastIndexOf(LF);
    if (lastNewline < start) {
      if (start < chunk.length) this.leftover = chunk.slice(start);
      return;
    }
    this.readLines(chunk, start, lastNewline + 1);
    if (lastNewline + 1 < chunk.length) this.leftover = chunk.slice(lastNewline + 1);
  }

  finish(): CsvParseResult {
    if (this.leftover !== undefined) {
      const last = concat(this.leftover, Uint8Array.of(LF));
      this.leftover = undefined;
      this.readLines(last, 0, last.length);
    }
    if (this.headerLine === undefined) {
      throw new NwsError(ErrorCode.InvalidArgument, `${this.options.source}: the file is empty (no header line)`, { source: this.options.source });
    }
    const layout = this.layout ?? detectCsvLayout(this.headerLine, undefined, this.options.source);
    const builder = this.builder ?? new ParsedBarsBuilder(0, layout.columns.adjClose !== undefined, layout.columns.openInterest !== undefined);
    return { layout, bars: builder.finish(), report: this.report.summary(), lines: this.lineNumber };
  }

  /** Bars parsed so far and not yet taken (complete lines only). */
  get pendingBars(): number {
    return this.builder?.length ?? 0;
  }

  /** Rows found unreadable so far. */
  get errors(): number {
    return this.report.errors;
  }

  /** The layout, once the first data line has settled it. */
  get currentLayout(): CsvLayout | undefined {
    return this.layout;
  }

  /**
   * Hands over the bars parsed since the last take and starts new columns sized for
   * `nextCapacity` rows, so a streamed import holds one block at a time instead of the whole
   * file. Undefined before the first data line. `finish` returns only what was not taken.
   */
  takeBars(nextCapacity: number): ParsedBars | undefined {
    const builder = this.builder;
    if (builder === undefined) return undefined;
    const columns = this.layout!.columns;
    this.builder = new ParsedBarsBuilder(nextCapacity, columns.adjClose !== undefined, columns.openInterest !== undefined);
    return builder.finish({ trim: false });
  }

  /** Reads the complete lines in bytes[start, end); bytes[end - 1] is a newline. */
  private readLines(bytes: Uint8Array, start: number, end: number): void {
    let position = start;
    while (position < end) {
      this.lineNumber++;
      const first = bytes[position]!;
      if (first === LF || first === CR || first === SPACE || first === TAB || first === HASH || this.layout === undefined) {
        const lineEnd = bytes.indexOf(LF, position);
        this.readSpecialLine(bytes, position, lineEnd);
        position = lineEnd + 1;
      } else {
        position = this.readRow(bytes, position);
      }
    }
  }

  /** Blank and comment lines, the header, and the first data line (which settles the layout). */
  private readSpecialLine(bytes: Uint8Array, start: number, end: number): void {
    const text = latin1.decode(bytes.subarray(start, end)).replace(/\r$/, '');
    if (text.trim() === '' || text.startsWith('#')) return;
    if (this.headerLine === undefined) {
      this.headerLine = text;
      return;
    }
    if (this.layout === undefined) this.startData(text, bytes.length - start);
    this.readRow(bytes, start);
  }

  private startData(firstDataLine: string, bytesLeftInChunk: number): void {
    const layout = detectCsvLayout(this.headerLine!, firstDataLine, this.options.source);
    const columns = layout.columns;
    this.layout = layout;
    this.delimiter = layout.delimiter;
    this.fieldNames = layout.header.map((name, index) => name || `column ${index + 1}`);
    this.roles = new Uint8Array(Math.max(...Object.values(columns)) + 1);
    for (const [field, index] of Object.entries(columns) as [keyof typeof Role, number][]) this.roles[index] = Role[field];
    const lineLength = firstDataLine.length + 1;
    const expectedBytes = this.options.sizeHintBytes === undefined ? bytesLeftInChunk : this.options.sizeHintBytes - this.bytesSeen + bytesLeftInChunk;
    this.builder = new ParsedBarsBuilder((expectedBytes / lineLength) * 1.1, columns.adjClose !== undefined, columns.openInterest !== undefined);
  }

  /** Reads one data line starting at `start`; returns the position after its newline. */
  private readRow(bytes: Uint8Array, start: number): number {
    const bars = this.builder!.reserve();
    const row = bars.length;
    if (bars !== this.targetsOf) this.bindTargets(bars);
    const targets = this.targets;
    const roles = this.roles;
    const delimiter = this.delimiter;
    let position = start;
    let complete = true;
    for (let column = 0; column < roles.length; column++) {
      const role = roles[column]!;
      if (role >= Role.open) {
        const value = this.scanNumber(bytes, position, delimiter);
        if (value === NOT_A_NUMBER) {
          this.flagUnparseable(column, bytes, position, this.cursor);
          complete = false;
          break;
        }
        targets[role]![row] = value;
      } else {
        const end = scanToCellEnd(bytes, position, delimiter);
        if (role === Role.date) {
          this.dateStart = position;
          this.dateEnd = end;
        } else if (role === Role.time) {
          this.timeStart = position;
          this.timeEnd = end;
        }
        this.cursor = end;
      }
      if (bytes[this.cursor] !== delimiter && column < roles.length - 1) {
        this.report.add(this.lineNumber, this.fieldNames[column + 1]!, '', 'unparseable');
        complete = false;
        break;
      }
      position = this.cursor + 1;
    }
    const lineEnd = findLineEnd(bytes, this.cursor);
    if (!complete) return lineEnd + 1;
    const tsUs = this.readTimestamp(bytes);
    if (Number.isNaN(tsUs)) return lineEnd + 1;
    bars.tsUs[row] = tsUs;
    if (this.layout!.columns.volume === undefined) bars.volume[row] = 0;
    bars.row[row] = this.lineNumber;
    this.builder!.commit();
    return lineEnd + 1;
  }

  /**
   * Plain decimals (`-123.45`) are parsed while scanning; anything else is handed to the careful
   * parser. Leaves `cursor` at the cell's end.
   */
  private scanNumber(bytes: Uint8Array, start: number, delimiter: number): number {
    let index = start;
    let byte = bytes[index]!;
    const negative = byte === MINUS;
    if (negative) byte = bytes[++index]!;
    let mantissa = 0;
    let digits = 0;
    while (byte >= DIGIT_0 && byte <= DIGIT_9) {
      mantissa = mantissa * 10 + (byte - DIGIT_0);
      digits++;
      byte = bytes[++index]!;
    }
    let fractionDigits = 0;
    if (byte === DOT) {
      byte = bytes[++index]!;
      while (byte >= DIGIT_0 && byte <= DIGIT_9) {
        mantissa = mantissa * 10 + (byte - DIGIT_0);
        fractionDigits++;
        byte = bytes[++index]!;
      }
    }
    if ((byte === delimiter || byte === LF || byte === CR) && digits + fractionDigits > 0 && digits + fractionDigits <= MAX_EXACT_DIGITS) {
      this.cursor = index;
      const magnitude = fractionDigits === 0 ? mantissa : mantissa / powersOf10[fractionDigits]!;
      return negative ? -magnitude : magnitude;
    }
    const end = scanToCellEnd(bytes, index, delimiter);
    this.cursor = end;
    return parseDecimal(bytes, start, end);
  }

  /** Epoch µs in UTC, or NaN after reporting the row as unparseable. */
  private readTimestamp(bytes: Uint8Array): number {
    const layout = this.layout!;
    if (layout.epochUnit !== undefined) {
      const epochUs = parseEpoch(bytes, this.dateStart, this.dateEnd, layout.epochUnit);
      if (isStorableTime(epochUs)) return epochUs;
      this.flagUnparseable(layout.columns.date, bytes, this.dateStart, this.dateEnd);
      return NaN;
    }
    let tsUs = this.timestamps.parseDateTime(bytes, this.dateStart, this.dateEnd);
    if (Number.isNaN(tsUs)) {
      this.flagUnparseable(layout.columns.date, bytes, this.dateStart, this.dateEnd);
      return NaN;
    }
    if (layout.columns.time !== undefined) {
      const timeUs = parseTimeOfDay(bytes, this.timeStart, this.timeEnd);
      if (Number.isNaN(timeUs)) {
        this.flagUnparseable(layout.columns.time, bytes, this.timeStart, this.timeEnd);
        return NaN;
      }
      tsUs += timeUs;
    }
    if (!this.zone.isUtc && Number.isNaN(this.timestamps.zoneOffsetUs)) {
      tsUs -= this.zone.offsetAtLocalMs(Math.floor(tsUs / US_PER_MS)) * US_PER_MS;
    }
    if (!isStorableTime(tsUs)) {
      this.flagUnparseable(layout.columns.date, bytes, this.dateStart, this.dateEnd);
      return NaN;
    }
    return tsUs;
  }

  /** Columns by role, looked up once per growth of the builder instead of once per cell. */
  private bindTargets(bars: ParsedBars): void {
    this.targetsOf = bars;
    const none = new Float64Array(0);
    this.targets = Array.from({ length: Role.openInterest + 1 }, (_, role) => (role >= Role.open ? (numberColumn(bars, role) ?? none) : none));
  }

  private flagUnparseable(column: number, bytes: Uint8Array, start: number, end: number): void {
    const value = latin1.decode(bytes.subarray(start, Math.min(end, start + 64))).trim();
    this.report.add(this.lineNumber, this.fieldNames[column]!, value, 'unparseable');
  }
}

function numberColumn(bars: ParsedBars, role: number): Float64Array | undefined {
  switch (role) {
    case Role.open:
      return bars.open;
    case Role.high:
      return bars.high;
    case Role.low:
      return bars.low;
    case Role.close:
      return bars.close;
    case Role.volume:
      return bars.volume;
    case Role.adjClose:
      return bars.adjClose;
    default:
      return bars.openInterest;
  }
}

/** Index of the delimiter, CR or LF that ends the cell starting at `start` (a LF always follows). */
function scanToCellEnd(bytes: Uint8Array, start: number, delimiter: number): number {
  let index = start;
  for (;;) {
    const byte = bytes[index]!;
    if (byte === delimiter || byte === LF || byte === CR) return index;
    index++;
  }
}

function findLineEnd(bytes: Uint8Array, from: number): number {
  let index = from;
  while (bytes[index] !== LF) index++;
  return index;
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first, 0);
  joined.set(second, first.length);
  return joined;
}

/** Parses a whole CSV text or byte array (tests and small inputs). */
export function parseCsvBars(content: string | Uint8Array, options: CsvParseOptions): CsvParseResult {
  const parser = new CsvBarParser(options);
  parser.push(typeof content === 'string' ? new TextEncoder().encode(content) : content);
  return parser.finish();
}
