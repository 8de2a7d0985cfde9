import { DuckDBInstance, type DuckDBConnection, type DuckDBVector } from '@duckdb/node-api';
import { ErrorCode, NwsError } from '@nws/core';
import { layoutKind, matchHeader, type CsvLayout } from './csv-layout.js';
import { ParsedBarsBuilder, type ParsedBars } from './parsed-bars.js';
import { QualityReport, type QualityReportSummary } from './quality-report.js';
import { assertTimeZone } from './time-zone.js';
import { epochUnitOf, isStorableTime, parseTimeOfDay, TimestampParser, type EpochUnit } from './timestamp.js';

export interface ParquetParseResult {
  layout: CsvLayout;
  bars: ParsedBars;
  report: QualityReportSummary;
  rows: number;
}

type TimeEncoding = 'instant' | 'number' | 'text';

const encoder = new TextEncoder();
const epochScale: Record<EpochUnit, number> = { s: 1_000_000, ms: 1_000, us: 1 };

/**
 * Reads bars from a Parquet file with DuckDB's `read_parquet`, in a private in-memory database so
 * the time-series store is never blocked. Columns are matched by name like CSV headers; the time
 * column may be a TIMESTAMP (with or without zone), a DATE, epoch numbers or date text. Rows are
 * numbered from 1 in reports.
 */
export async function readParquetBars(path: string, options: { source: string; timeZone?: string; maxIssues?: number }): Promise<ParquetParseResult> {
  const timeZone = options.timeZone ?? 'UTC';
  assertTimeZone(timeZone);
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    const described = await describeParquet(connection, path, options.source);
    const columns = matchHeader(described.map((column) => column.name), options.source);
    const encoding = timeEncoding(described[columns.date]!.type);
    const select = selectList(described, columns, encoding, timeZone);
    const result = await connection.stream(`SELECT ${select} FROM read_parquet($1)`, [path]);
    const reader = new ParquetRowReader(columns, encoding, timeZone, options);
    for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      reader.read(Array.from({ length: chunk.columnCount }, (_, index) => chunk.getColumnVector(index)), chunk.rowCount);
    }
    return reader.finish(described.map((column) => column.name));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

interface DescribedColumn {
  name: string;
  type: string;
}

async function describeParquet(connection: DuckDBConnection, path: string, source: string): Promise<DescribedColumn[]> {
  try {
    const reader = await connection.runAndReadAll('DESCRIBE SELECT * FROM read_parquet($1)', [path]);
    return reader.getRowObjectsJS().map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  } catch (error) {
    throw new NwsError(ErrorCode.InvalidArgument, `${source}: not a readable Parquet file (${error instanceof Error ? error.message : String(error)})`, { source });
  }
}

function timeEncoding(type: string): TimeEncoding {
  if (/^(TIMESTAMP|DATE)/.test(type)) return 'instant';
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|DOUBLE|FLOAT|DECIMAL)/.test(type)) return 'number';
  return 'text';
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function selectList(described: DescribedColumn[], columns: CsvLayout['columns'], encoding: TimeEncoding, timeZone: string): string {
  const dateColumn = described[columns.date]!;
  const date = quote(dateColumn.name);
  const withZone = dateColumn.type.includes('WITH TIME ZONE');
  let time: string;
  if (encoding === 'instant') {
    // A naive TIMESTAMP or DATE is wall-clock time in --tz; timezone() turns it into an instant.
    time = withZone || timeZone === 'UTC' ? `epoch_us(${date})::DOUBLE` : `epoch_us(timezone('${timeZone.replace(/'/g, "''")}', ${date}::TIMESTAMP))::DOUBLE`;
  } else {
    time = encoding === 'number' ? `CAST(${date} AS DOUBLE)` : `CAST(${date} AS VARCHAR)`;
  }
  const number = (index: number | undefined) => (index === undefined ? 'NULL::DOUBLE' : `TRY_CAST(${quote(described[index]!.name)} AS DOUBLE)`);
  const timeOfDay = columns.time === undefined ? "''" : `CAST(${quote(described[columns.time]!.name)} AS VARCHAR)`;
  return [time, timeOfDay, number(columns.open), number(columns.high), number(columns.low), number(columns.close), number(columns.volume), number(columns.adjClose), number(columns.openInterest)].join(', ');
}

/** Fills parsed-bar columns from DuckDB result vectors (selected in `selectList` order). */
class ParquetRowReader {
  private readonly builder: ParsedBarsBuilder;
  private readonly report: QualityReport;
  private readonly timestamps = new TimestampParser();
  private epochUnit: EpochUnit | undefined;
  private rows = 0;

  constructor(
    private readonly columns: CsvLayout['columns'],
    private readonly encoding: TimeEncoding,
    private readonly timeZone: string,
    private readonly options: { source: string; maxIssues?: number },
  ) {
    this.builder = new ParsedBarsBuilder(0, columns.adjClose !== undefined, columns.openInterest !== undefined);
    this.report = new QualityReport(options.maxIssues);
    if (encoding === 'text' && timeZone !== 'UTC') {
      throw new NwsError(ErrorCode.InvalidArgument, `${options.source}: --tz applies to Parquet TIMESTAMP columns; text dates in Parquet must carry their zone`);
    }
  }

  read(vectors: DuckDBVector[], count: number): void {
    const [times, timesOfDay, open, high, low, close, volume, adjClose, openInterest] = vectors as [DuckDBVector, ...DuckDBVector[]];
    for (let index = 0; index < count; index++) {
      const rowNumber = ++this.rows;
      const tsUs = this.timestamp(times.getItem(index), timesOfDay!.getItem(index));
      if (!isStorableTime(tsUs)) {
        this.report.add(rowNumber, 'date', String(times.getItem(index)), 'unparseable');
        continue;
      }
      const bars = this.builder.reserve();
      const row = bars.length;
      bars.tsUs[row] = tsUs;
      bars.open[row] = numberOrNaN(open!.getItem(index));
      bars.high[row] = numberOrNaN(high!.getItem(index));
      bars.low[row] = numberOrNaN(low!.getItem(index));
      bars.close[row] = numberOrNaN(close!.getItem(index));
      bars.volume[row] = this.columns.volume === undefined ? 0 : numberOrNaN(volume!.getItem(index));
      if (bars.adjClose) bars.adjClose[row] = numberOrNaN(adjClose!.getItem(index));
      if (bars.openInterest) bars.openInterest[row] = numberOrNaN(openInterest!.getItem(index));
      bars.row[row] = rowNumber;
      this.builder.commit();
    }
  }

  finish(header: string[]): ParquetParseResult {
    return {
      layout: Object.freeze({ kind: layoutKind(this.columns, this.epochUnit), delimiter: 0, header, columns: this.columns, ...(this.epochUnit ? { epochUnit: this.epochUnit } : {}) }),
      bars: this.builder.finish(),
      report: this.report.summary(),
      rows: this.rows,
    };
  }

  private timestamp(value: unknown, timeOfDay: unknown): number {
    if (value === null || value === undefined) return NaN;
    let tsUs: number;
    if (this.encoding === 'instant') tsUs = value as number;
    else if (this.encoding === 'number') {
      this.epochUnit ??= epochUnitOf(String(value));
      tsUs = Math.round((value as number) * epochScale[this.epochUnit]);
    } else {
      const bytes = encoder.encode(String(value));
      tsUs = this.timestamps.parseDateTime(bytes, 0, bytes.length);
    }
    if (typeof timeOfDay === 'string' && timeOfDay !== '') {
      const bytes = encoder.encode(timeOfDay);
      tsUs += parseTimeOfDay(bytes, 0, bytes.length);
    }
    return tsUs;
  }
}

function numberOrNaN(value: unknown): number {
  return typeof value === 'number' ? value : NaN;
}
