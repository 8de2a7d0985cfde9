/**
 * Reads OHLCV CSV text (Yahoo `Date,Open,High,Low,Close,Adj Close,Volume`, backtrader
 * `Date,Open,High,Low,Close,Volume,OpenInterest`, any header case) into columns. Pure string
 * work, so it runs anywhere; reading the file is the caller's job.
 */
import { ErrorCode, NwsError } from '@nws/core';

/** Header names accepted for the date/time column, in order of preference. */
const TIME_HEADERS = ['date', 'datetime', 'time', 'timestamp', 'ts'];

export interface OhlcvTable {
  /** The date/time column's header as written in the file. */
  timeHeader: string;
  /** Date/time cells exactly as in the file, one per row. */
  index: string[];
  /** Numeric columns by lower-cased header (`adj close` keeps its space). */
  columns: Record<string, Float64Array>;
}

function invalid(message: string): NwsError {
  return new NwsError(ErrorCode.InvalidArgument, message);
}

/** Splits one CSV line; double-quoted fields may contain commas and doubled quotes. */
function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',').map((cell) => cell.trim());
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += char;
  }
  cells.push(cell.trim());
  return cells;
}

/**
 * Parses the table, converting the `required` columns (lower-case names) to numbers. Throws
 * INVALID_ARGUMENT naming the missing column or the first bad cell (with its line number).
 */
export function parseOhlcvCsv(text: string, required: readonly string[]): OhlcvTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerLine = lines.findIndex((line) => line.trim() !== '');
  if (headerLine < 0) throw invalid('input CSV is empty');
  const header = splitLine(lines[headerLine]);
  const names = header.map((name) => name.toLowerCase());
  const timeColumn = TIME_HEADERS.map((name) => names.indexOf(name)).find((position) => position >= 0);
  if (timeColumn === undefined) throw invalid(`input CSV has no date/time column; expected one of ${TIME_HEADERS.join(', ')} (header: ${header.join(',')})`);
  const positions = required.map((name) => names.indexOf(name));
  const missing = required.filter((_, i) => positions[i] < 0);
  if (missing.length > 0) throw invalid(`input CSV lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header: ${header.join(',')})`);

  const index: string[] = [];
  const values: number[][] = required.map(() => []);
  for (let lineNumber = headerLine + 1; lineNumber < lines.length; lineNumber++) {
    if (lines[lineNumber].trim() === '') continue;
    const cells = splitLine(lines[lineNumber]);
    index.push(cells[timeColumn] ?? '');
    positions.forEach((position, column) => {
      const cell = cells[position] ?? '';
      const value = cell === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(value)) throw invalid(`input CSV line ${lineNumber + 1}: ${header[position]} '${cell}' is not a number`);
      values[column].push(value);
    });
  }
  const columns: Record<string, Float64Array> = {};
  required.forEach((name, column) => (columns[name] = Float64Array.from(values[column])));
  return { timeHeader: header[timeColumn], index, columns };
}

/**
 * Epoch milliseconds of a date/time cell: ISO dates and date-times (UTC unless the text carries
 * an offset), or epoch numbers (seconds below 1e11, else milliseconds).
 */
export function parseTimestamp(text: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const value = Number(trimmed);
    return value < 1e11 ? value * 1000 : value;
  }
  let iso = trimmed.replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(iso)) iso += 'Z';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw invalid(`date/time '${text}' is not an ISO date, date-time or epoch number`);
  return ms;
}
