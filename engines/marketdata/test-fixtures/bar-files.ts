// Builders of bar files for tests: random valid files in every supported layout (for property
// tests), and the bars they hold, to compare with what storage returns.
import fc from 'fast-check';

export type FixtureLayout = 'ohlcv' | 'yahoo' | 'date-time' | 'epoch-s' | 'epoch-ms' | 'iso-offset';

export interface FixtureBar {
  tsMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  adjClose: number;
  openInterest: number;
}

export interface FixtureFile {
  layout: FixtureLayout;
  daily: boolean;
  withOpenInterest: boolean;
  delimiter: string;
  lineEnd: string;
  header: string[];
  /** Cells of each data row, in file order. */
  rows: string[][];
  bars: FixtureBar[];
}

const DAY_MS = 86_400_000;

const priceArbitrary = fc.double({ min: 0.0001, max: 1e6, noNaN: true });
const fraction = fc.double({ min: 0, max: 1, noNaN: true });

const barArbitrary = fc
  .record({
    low: priceArbitrary,
    spread: fc.double({ min: 0, max: 1000, noNaN: true }),
    openAt: fraction,
    closeAt: fraction,
    volume: fc.oneof(fc.integer({ min: 0, max: 2 ** 40 }), fc.double({ min: 0, max: 1e9, noNaN: true })),
    adjustment: fc.double({ min: 0.01, max: 1, noNaN: true }),
    openInterest: fc.integer({ min: 0, max: 1e9 }),
  })
  .map(({ low, spread, openAt, closeAt, volume, adjustment, openInterest }) => {
    const high = low + spread;
    // Clamped so rounding in the interpolation can never leave [low, high].
    const within = (at: number) => Math.min(high, Math.max(low, low + spread * at));
    const close = within(closeAt);
    return { open: within(openAt), high, low, close, volume, adjClose: close * adjustment, openInterest };
  });

export const fixtureFileArbitrary: fc.Arbitrary<FixtureFile> = fc
  .record({
    layout: fc.constantFrom<FixtureLayout>('ohlcv', 'yahoo', 'date-time', 'epoch-s', 'epoch-ms', 'iso-offset'),
    // 2000-02-12 to 2024-10-04: epoch values then have the 9+ (s) or 12+ (ms) digits that tell them from dates.
    startDay: fc.integer({ min: 11_000, max: 20_000 }),
    gaps: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 40 }),
    values: fc.array(barArbitrary, { minLength: 40, maxLength: 40 }),
    withOpenInterest: fc.boolean(),
    delimiter: fc.constantFrom(',', ';', '\t'),
    lineEnd: fc.constantFrom('\n', '\r\n'),
    upperHeader: fc.boolean(),
    compactDate: fc.boolean(),
  })
  .map(({ layout, startDay, gaps, values, withOpenInterest, delimiter, lineEnd, upperHeader, compactDate }) => {
    const daily = layout === 'ohlcv' || layout === 'yahoo';
    const stepMs = daily ? DAY_MS : 60_000;
    let tsMs = startDay * DAY_MS + (daily ? 0 : 9 * 3_600_000);
    const bars = gaps.map((gap, index) => {
      tsMs += gap * stepMs;
      return { tsMs, ...values[index]! };
    });
    const header = headerFor(layout, withOpenInterest && layout !== 'yahoo').map((name) => (upperHeader ? name.toUpperCase() : name));
    const rows = bars.map((bar) => cellsFor(layout, bar, withOpenInterest && layout !== 'yahoo', compactDate));
    return { layout, daily, withOpenInterest: withOpenInterest && layout !== 'yahoo', delimiter, lineEnd, header, rows, bars };
  });

function headerFor(layout: FixtureLayout, withOpenInterest: boolean): string[] {
  const prices = ['Open', 'High', 'Low', 'Close'];
  const tail = withOpenInterest ? ['Volume', 'OpenInterest'] : ['Volume'];
  switch (layout) {
    case 'yahoo':
      return ['Date', ...prices, 'Adj Close', 'Volume'];
    case 'date-time':
      return ['Date', 'Time', ...prices, ...tail];
    case 'epoch-s':
    case 'epoch-ms':
      return ['Timestamp', ...prices, ...tail];
    case 'iso-offset':
      return ['Datetime', ...prices, ...tail];
    default:
      return ['Date', ...prices, ...tail];
  }
}

function cellsFor(layout: FixtureLayout, bar: FixtureBar, withOpenInterest: boolean, compactDate: boolean): string[] {
  const iso = new Date(bar.tsMs).toISOString();
  const date = compactDate ? iso.slice(0, 10).replace(/-/g, '') : iso.slice(0, 10);
  const prices = [bar.open, bar.high, bar.low, bar.close].map(String);
  const tail = withOpenInterest ? [String(bar.volume), String(bar.openInterest)] : [String(bar.volume)];
  switch (layout) {
    case 'yahoo':
      return [date, ...prices, String(bar.adjClose), String(bar.volume)];
    case 'date-time':
      return [date, iso.slice(11, 19), ...prices, ...tail];
    case 'epoch-s':
      return [String(bar.tsMs / 1000), ...prices, ...tail];
    case 'epoch-ms':
      return [String(bar.tsMs), ...prices, ...tail];
    case 'iso-offset': {
      // Written in UTC+02:00 wall-clock time with its offset.
      const shifted = new Date(bar.tsMs + 2 * 3_600_000).toISOString().slice(0, 19);
      return [`${shifted}+02:00`, ...prices, ...tail];
    }
    default:
      return [date, ...prices, ...tail];
  }
}

export function fixtureText(file: Pick<FixtureFile, 'header' | 'rows' | 'delimiter' | 'lineEnd'>): string {
  return [file.header, ...file.rows].map((cells) => cells.join(file.delimiter)).join(file.lineEnd) + file.lineEnd;
}

/** Corruptions a quality check must catch, with the rule it must report. */
export const corruptions = [
  'nan-price',
  'negative-price',
  'high-below-low',
  'open-outside-range',
  'close-outside-range',
  'negative-volume',
  'duplicate-timestamp',
  'out-of-order',
  'unparseable',
] as const;
export type Corruption = (typeof corruptions)[number];

/**
 * Applies one corruption to data row `at` (0-based, ≥ 1); returns the rows and the 1-based file
 * line where the check must report it (the header is line 1).
 */
export function corrupt(file: FixtureFile, corruption: Corruption, at: number): { rows: string[][]; line: number } {
  const rows = file.rows.map((cells) => [...cells]);
  const column = (name: string) => file.header.findIndex((header) => header.toLowerCase() === name.toLowerCase());
  const row = rows[at]!;
  const bar = file.bars[at]!;
  switch (corruption) {
    case 'nan-price':
      row[column('Close')] = 'NaN';
      break;
    case 'negative-price':
      row[column('Low')] = String(-bar.low - 1);
      break;
    case 'high-below-low':
      row[column('High')] = String(bar.low / 2);
      break;
    case 'open-outside-range':
      row[column('Open')] = String(bar.high * 2 + 1);
      break;
    case 'close-outside-range':
      row[column('Close')] = String(bar.high * 2 + 1);
      break;
    case 'negative-volume':
      row[column('Volume')] = '-5';
      break;
    case 'duplicate-timestamp':
      rows.splice(at, 0, [...rows[at - 1]!]);
      break;
    case 'out-of-order':
      [rows[at - 1], rows[at]] = [rows[at]!, rows[at - 1]!];
      break;
    case 'unparseable':
      row[column('High')] = 'abc';
      break;
  }
  return { rows, line: at + 2 };
}
