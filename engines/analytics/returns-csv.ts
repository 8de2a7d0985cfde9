/**
 * Reads a returns file: CSV with a header, a date column (named date, time, timestamp or ts, else
 * the first column) and one return column (the other column). Dates are ISO (2024-01-31, or a full
 * ISO time) or epoch ms; an empty return cell is NaN (an unknown period).
 */
import { ErrorCode, NwsError } from '@nws/core';

export interface DatedReturns {
  /** Epoch ms UTC, strictly increasing. */
  timestamps: Float64Array;
  returns: Float64Array;
  /** The return column's header, e.g. `strategy` or `SPY`. */
  name: string;
}

const DATE_HEADERS = new Set(['date', 'time', 'timestamp', 'ts', 'datetime', 'daily_date']);

function fail(source: string, message: string): never {
  throw new NwsError(ErrorCode.InvalidArgument, `${source}: ${message}`);
}

function parseDate(cell: string): number {
  if (/^\d{10,13}$/.test(cell)) return Number(cell);
  const text = /^\d{4}-\d{2}-\d{2}$/.test(cell) ? `${cell}T00:00:00Z` : cell;
  return Date.parse(text);
}

export function parseReturnsCsv(text: string, source = 'returns file'): DatedReturns {
  const lines = text.split(/\r?\n/).filter((line) => line.trim().length > 0);
  if (lines.length < 2) fail(source, 'needs a header line and at least one row');
  const header = lines[0]!.split(',').map((cell) => cell.trim());
  if (header.length !== 2) fail(source, `needs exactly 2 columns (a date and a return), the header has ${header.length}: ${lines[0]}`);
  const dateColumn = DATE_HEADERS.has(header[1]!.toLowerCase()) && !DATE_HEADERS.has(header[0]!.toLowerCase()) ? 1 : 0;
  const returnColumn = 1 - dateColumn;
  const timestamps = new Float64Array(lines.length - 1);
  const returns = new Float64Array(lines.length - 1);
  for (let row = 1; row < lines.length; row++) {
    const cells = lines[row]!.split(',').map((cell) => cell.trim());
    if (cells.length !== 2) fail(source, `line ${row + 1} has ${cells.length} cells, expected 2`);
    const ts = parseDate(cells[dateColumn]!);
    if (!Number.isFinite(ts)) fail(source, `line ${row + 1}: ${JSON.stringify(cells[dateColumn])} is not a date (use YYYY-MM-DD)`);
    if (row > 1 && !(ts > timestamps[row - 2]!)) fail(source, `line ${row + 1}: date ${cells[dateColumn]} is not after the previous row's`);
    const cell = cells[returnColumn]!;
    const value = cell === '' || cell.toLowerCase() === 'nan' ? NaN : Number(cell);
    if (cell !== '' && cell.toLowerCase() !== 'nan' && (!Number.isFinite(value) || value < -1)) {
      fail(source, `line ${row + 1}: return ${JSON.stringify(cell)} is not a number of at least -1 (returns are fractions: 0.01 = +1%)`);
    }
    timestamps[row - 1] = ts;
    returns[row - 1] = value;
  }
  return { timestamps, returns, name: header[returnColumn]! };
}

/** The benchmark's return on each of `timestamps`; NaN where it has no row for that date. */
export function alignToDates(timestamps: Float64Array, other: DatedReturns): Float64Array {
  const byTs = new Map<number, number>();
  other.timestamps.forEach((ts, i) => byTs.set(ts, other.returns[i]!));
  return timestamps.map((ts) => byTs.get(ts) ?? NaN);
}
