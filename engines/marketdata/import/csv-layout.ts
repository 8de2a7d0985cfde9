import { ErrorCode, NwsError } from '@nws/core';
import { epochUnitOf, looksLikeEpoch, type EpochUnit } from './timestamp.js';

/**
 * Which kind of file a header describes. `yahoo` has an Adj Close column; `date-time` keeps the
 * date and the time of day in two columns; `epoch` stamps rows with Unix seconds, ms or µs;
 * `ohlcv` is everything else with a date(-time) column (optionally OpenInterest).
 */
export type CsvLayoutKind = 'yahoo' | 'ohlcv' | 'date-time' | 'epoch';

export type BarField = 'date' | 'time' | 'open' | 'high' | 'low' | 'close' | 'adjClose' | 'volume' | 'openInterest';

export interface CsvLayout {
  readonly kind: CsvLayoutKind;
  /** Field separator byte: comma, semicolon, tab or pipe. */
  readonly delimiter: number;
  /** Header names as written in the file. */
  readonly header: readonly string[];
  /** Column index of each field found; `date` and the four prices are always present. */
  readonly columns: Readonly<Partial<Record<BarField, number>>> & { readonly date: number; readonly open: number; readonly high: number; readonly low: number; readonly close: number };
  /** Set when the date column holds epoch numbers rather than dates. */
  readonly epochUnit?: EpochUnit;
}

/** Header names, lower-cased and stripped of everything but letters and digits, per field. */
const fieldAliases: Record<BarField, readonly string[]> = {
  date: ['date', 'day', 'datetime', 'timestamp', 'ts', 'unix', 'epoch', 'dt', 'tradedate', 'timeutc', 'opentime', 'time'],
  time: ['time', 'timeofday'],
  open: ['open', 'o', 'openprice'],
  high: ['high', 'h', 'highprice'],
  low: ['low', 'l', 'lowprice'],
  close: ['close', 'c', 'closeprice', 'last'],
  adjClose: ['adjclose', 'adjustedclose', 'adjclosing', 'closeadj'],
  volume: ['volume', 'vol', 'v'],
  openInterest: ['openinterest', 'oi', 'openint'],
};

export function normalizeHeaderName(name: string): string {
  return name.replace(/^\uFEFF/, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

const candidateDelimiters = [',', ';', '\t', '|'];

export function detectDelimiter(headerLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const delimiter of candidateDelimiters) {
    const count = headerLine.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

export function splitCells(line: string, delimiter: string): string[] {
  return line.replace(/\r$/, '').split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
}

/**
 * Finds each field's column among header names (case-insensitive, punctuation ignored). Throws
 * INVALID_ARGUMENT naming the missing columns.
 */
export function matchHeader(header: readonly string[], source: string, shownHeader = header.join(',')): CsvLayout['columns'] {
  const normalized = header.map(normalizeHeaderName);
  const columns: Partial<Record<BarField, number>> = {};
  const taken = new Set<number>();
  const fieldOrder: BarField[] = ['adjClose', 'openInterest', 'open', 'high', 'low', 'close', 'volume', 'date', 'time'];
  for (const field of fieldOrder) {
    const index = normalized.findIndex((name, column) => !taken.has(column) && fieldAliases[field].includes(name));
    if (index >= 0) {
      columns[field] = index;
      taken.add(index);
    }
  }
  const missing = (['date', 'open', 'high', 'low', 'close'] as const).filter((field) => columns[field] === undefined);
  if (missing.length > 0) {
    throw new NwsError(
      ErrorCode.InvalidArgument,
      `${source}: cannot detect the layout: no ${missing.join(', ')} column in header "${shownHeader}" ` +
        '(expected e.g. Date,Open,High,Low,Close,Volume or the Yahoo layout Date,Open,High,Low,Close,Adj Close,Volume)',
      { source, header, missing },
    );
  }
  return Object.freeze(columns as CsvLayout['columns']);
}

/**
 * Reads the layout from the header line (case-insensitive) and the first data line (which tells
 * epoch numbers from dates). Throws INVALID_ARGUMENT naming the missing columns.
 */
export function detectCsvLayout(headerLine: string, firstDataLine: string | undefined, source: string): CsvLayout {
  const delimiterText = detectDelimiter(headerLine);
  const header = splitCells(headerLine, delimiterText);
  const columns = matchHeader(header, source, header.join(delimiterText));
  const dateCell = firstDataLine === undefined ? undefined : splitCells(firstDataLine, delimiterText)[columns.date];
  const epochUnit = dateCell !== undefined && columns.time === undefined && looksLikeEpoch(dateCell) ? epochUnitOf(dateCell) : undefined;
  return Object.freeze({
    kind: layoutKind(columns, epochUnit),
    delimiter: delimiterText.charCodeAt(0),
    header: Object.freeze(header),
    columns,
    ...(epochUnit === undefined ? {} : { epochUnit }),
  });
}

export function layoutKind(columns: CsvLayout['columns'], epochUnit: EpochUnit | undefined): CsvLayoutKind {
  if (columns.adjClose !== undefined) return 'yahoo';
  if (columns.time !== undefined) return 'date-time';
  return epochUnit !== undefined ? 'epoch' : 'ohlcv';
}
