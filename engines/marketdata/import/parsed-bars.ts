/**
 * Bars as read from a file, column by column, before they are checked and stored. Timestamps are
 * epoch microseconds held in a Float64Array (exact integers) so checks can compare them as plain
 * numbers; `toStoredColumns` turns them into the BigInt64Array storage wants, in place.
 */
export interface ParsedBars {
  length: number;
  tsUs: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  adjClose?: Float64Array;
  openInterest?: Float64Array;
  /** Where each bar came from: its 1-based line in a CSV file (header = line 1), or row in Parquet. */
  row: Int32Array;
}

/** The column set storage ingests; timestamps are epoch µs as int64. */
export interface StoredBarColumns {
  tsUs: BigInt64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  adjClose?: Float64Array;
  openInterest?: Float64Array;
}

export type PriceColumn = 'open' | 'high' | 'low' | 'close';
export const priceColumns: readonly PriceColumn[] = ['open', 'high', 'low', 'close'];

/** Growable columns that the parsers append rows to. */
export class ParsedBarsBuilder {
  private capacity: number;
  private bars: ParsedBars;

  constructor(capacityHint: number, withAdjClose: boolean, withOpenInterest: boolean) {
    this.capacity = Math.max(1024, Math.ceil(capacityHint));
    const capacity = this.capacity;
    this.bars = {
      length: 0,
      tsUs: new Float64Array(capacity),
      open: new Float64Array(capacity),
      high: new Float64Array(capacity),
      low: new Float64Array(capacity),
      close: new Float64Array(capacity),
      volume: new Float64Array(capacity),
      ...(withAdjClose ? { adjClose: new Float64Array(capacity) } : {}),
      ...(withOpenInterest ? { openInterest: new Float64Array(capacity) } : {}),
      row: new Int32Array(capacity),
    };
  }

  /** Rows committed so far. */
  get length(): number {
    return this.bars.length;
  }

  /** Columns to write the next row into; call `commit` after filling index `length`. */
  reserve(): ParsedBars {
    if (this.bars.length === this.capacity) this.grow();
    return this.bars;
  }

  commit(): void {
    this.bars.length++;
  }

  /**
   * The finished columns, trimmed to their length: copied when much capacity is unused (unless
   * `trim` is false: a block about to be moved to another thread whole), views otherwise.
   */
  finish({ trim = true }: { trim?: boolean } = {}): ParsedBars {
    const bars = this.bars;
    const wasteful = trim && bars.length < this.capacity * 0.8;
    return mapColumns(bars, bars.length, <T extends AnyColumn>(column: T) => (wasteful ? column.slice(0, bars.length) : column.subarray(0, bars.length)) as T);
  }

  private grow(): void {
    this.capacity = Math.ceil(this.capacity * 1.5);
    const capacity = this.capacity;
    this.bars = mapColumns(this.bars, this.bars.length, <T extends AnyColumn>(column: T) => {
      const bigger = new (column.constructor as new (length: number) => T)(capacity);
      bigger.set(column);
      return bigger;
    });
  }
}

type AnyColumn = Float64Array | Int32Array;

/** Applies `transform` to every column, keeping optional ones optional. */
export function mapColumns(bars: ParsedBars, length: number, transform: <T extends AnyColumn>(column: T) => T): ParsedBars {
  return {
    length,
    tsUs: transform(bars.tsUs),
    open: transform(bars.open),
    high: transform(bars.high),
    low: transform(bars.low),
    close: transform(bars.close),
    volume: transform(bars.volume),
    ...(bars.adjClose ? { adjClose: transform(bars.adjClose) } : {}),
    ...(bars.openInterest ? { openInterest: transform(bars.openInterest) } : {}),
    row: transform(bars.row),
  };
}

/** Keeps the rows whose indexes are listed, in that order. */
export function selectRows(bars: ParsedBars, indexes: ArrayLike<number>): ParsedBars {
  return mapColumns(bars, indexes.length, <T extends AnyColumn>(column: T) => {
    const picked = new (column.constructor as new (length: number) => T)(indexes.length);
    for (let target = 0; target < indexes.length; target++) picked[target] = column[indexes[target]!]!;
    return picked;
  });
}

const TWO_POW_32 = 4_294_967_296;

/**
 * Whole epoch µs held as doubles, rewritten as int64 in the same memory (no BigInt per row, no
 * copy); `doubles` must not be used afterwards. Little-endian words, as on every platform we run.
 */
export function microsAsInt64InPlace(doubles: Float64Array): BigInt64Array {
  const words = new Int32Array(doubles.buffer, doubles.byteOffset, doubles.length * 2);
  for (let index = 0; index < doubles.length; index++) {
    const value = doubles[index]!;
    const high = Math.floor(value / TWO_POW_32);
    words[index * 2] = value - high * TWO_POW_32;
    words[index * 2 + 1] = high;
  }
  return new BigInt64Array(doubles.buffer, doubles.byteOffset, doubles.length);
}

/**
 * Hands the columns over to storage. The Float64 timestamps are rewritten as int64 in the same
 * memory, so `bars.tsUs` must not be used afterwards (a 10M-row import cannot afford a copy).
 */
export function toStoredColumns(bars: ParsedBars): StoredBarColumns {
  return {
    tsUs: microsAsInt64InPlace(bars.tsUs),
    open: bars.open,
    high: bars.high,
    low: bars.low,
    close: bars.close,
    volume: bars.volume,
    ...(bars.adjClose ? { adjClose: bars.adjClose } : {}),
    ...(bars.openInterest ? { openInterest: bars.openInterest } : {}),
  };
}
