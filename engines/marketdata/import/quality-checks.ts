import type { BarSpec } from '@nws/core';
import { inferBarSpec, isCalendarSpec, specMs } from '../bar-step.js';
import type { CsvLayout } from './csv-layout.js';
import type { ParsedBars } from './parsed-bars.js';
import { QualityReport, type QualityReportSummary } from './quality-report.js';
import { US_PER_DAY, US_PER_MS } from './timestamp.js';

/** Column names as the file spells them, so a report points at what the user sees. */
export interface ColumnLabels {
  date: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

export const defaultColumnLabels: ColumnLabels = Object.freeze({
  date: 'Date',
  open: 'Open',
  high: 'High',
  low: 'Low',
  close: 'Close',
  volume: 'Volume',
});

/** The labels a file's header gives the checked columns (defaults for columns it lacks). */
export function columnLabelsOf(layout: CsvLayout): ColumnLabels {
  const label = (field: keyof ColumnLabels) => {
    const index = layout.columns[field];
    return index === undefined ? defaultColumnLabels[field] : (layout.header[index] ?? defaultColumnLabels[field]);
  };
  return { date: label('date'), open: label('open'), high: label('high'), low: label('low'), close: label('close'), volume: label('volume') };
}

export interface QualityCheckOptions {
  /** Bar spec for the gap check; inferred from the spacing of the first bars when absent. */
  spec?: BarSpec;
  labels?: ColumnLabels;
  maxIssues?: number;
  /** Report to add to (e.g. the parser's unparseable rows); a new one otherwise. */
  report?: QualityReport;
}

export interface QualityCheckResult {
  report: QualityReportSummary;
  spec: BarSpec;
}

/**
 * Runs every row rule and the ordering rules over parsed bars. Nothing is changed: bad rows are
 * reported with their row, column, value and rule. Gaps longer than the step are warnings.
 */
export function checkBars(bars: ParsedBars, options: QualityCheckOptions = {}): QualityCheckResult {
  const report = options.report ?? new QualityReport(options.maxIssues);
  const labels = options.labels ?? defaultColumnLabels;
  const spec = options.spec ?? inferSpec(bars);
  checkRowValues(bars, labels, report);
  checkOrdering(bars, labels, spec, report);
  return { report: report.summary(), spec };
}

/**
 * The same checks over a file read block by block (a streamed import): `check` each block in
 * file order, then `finish`. Row rules run per block, and the ordering rules also across each
 * block boundary, so a sound file gets exactly the report `checkBars` gives (its gap warnings).
 * A file with errors may list them differently (out-of-order rows are judged per block); the
 * importer then re-reads it whole for `checkBars`' report or `--repair`, so only `errors > 0`
 * matters here. The first block must hold SPEC_SAMPLE_BARS bars, or be the whole file, so that the
 * inferred bar spec is the one `checkBars` infers.
 */
export class BarStreamChecks {
  private readonly report: QualityReport;
  private readonly labels: ColumnLabels;
  private spec: BarSpec | undefined;
  private lastUs = Number.NaN;

  constructor(options: QualityCheckOptions = {}) {
    this.report = options.report ?? new QualityReport(options.maxIssues);
    this.labels = options.labels ?? defaultColumnLabels;
    this.spec = options.spec;
  }

  /** Errors found so far. */
  get errors(): number {
    return this.report.errors;
  }

  /** The bar spec the gap rule uses: given, or inferred from the first block once it is checked. */
  get barSpec(): BarSpec | undefined {
    return this.spec;
  }

  check(bars: ParsedBars): void {
    if (bars.length === 0) return;
    this.spec ??= inferSpec(bars);
    this.checkBoundary(bars);
    checkBars(bars, { spec: this.spec, labels: this.labels, report: this.report });
    this.lastUs = bars.tsUs[bars.length - 1]!;
  }

  finish(): QualityCheckResult {
    return { report: this.report.summary(), spec: this.spec ?? { step: 1, unit: 'd' } };
  }

  /** The ordering rules between the previous block's last bar and this block's first. */
  private checkBoundary(bars: ParsedBars): void {
    const previous = this.lastUs;
    if (Number.isNaN(previous)) return;
    const ts = bars.tsUs[0]!;
    const row = bars.row[0]!;
    const { date } = this.labels;
    if (ts < previous) this.report.add(row, date, `${isoOf(ts)} (after ${isoOf(previous)})`, 'out-of-order');
    else if (ts === previous) this.report.add(row, date, isoOf(ts), 'duplicate-timestamp');
    else if (ts - previous > stepUsOf(this.spec!) && isGap(previous, ts, this.spec!)) this.report.add(row, date, `${isoOf(ts)} (previous ${isoOf(previous)})`, 'gap');
  }
}

function stepUsOf(spec: BarSpec): number {
  return isCalendarSpec(spec) ? US_PER_DAY : specMs(spec) * US_PER_MS;
}

function checkRowValues(bars: ParsedBars, labels: ColumnLabels, report: QualityReport): void {
  const { open, high, low, close, volume, row } = bars;
  for (let index = 0; index < bars.length; index++) {
    const o = open[index]!;
    const h = high[index]!;
    const l = low[index]!;
    const c = close[index]!;
    const v = volume[index]!;
    // Fast path: one comparison chain decides that a normal row is fine (NaN fails every comparison).
    if (l >= 0 && l <= h && h < Infinity && o >= l && o <= h && c >= l && c <= h && v >= 0 && v < Infinity) continue;
    const line = row[index]!;
    let pricesValid = true;
    for (const [label, value] of [[labels.open, o], [labels.high, h], [labels.low, l], [labels.close, c]] as const) {
      if (!Number.isFinite(value)) report.add(line, label, value, 'nan-price');
      else if (value < 0) report.add(line, label, value, 'negative-price');
      else continue;
      pricesValid = false;
    }
    if (pricesValid) {
      if (h < l) report.add(line, labels.high, h, 'high-below-low');
      else {
        if (o < l || o > h) report.add(line, labels.open, o, 'open-outside-range');
        if (c < l || c > h) report.add(line, labels.close, c, 'close-outside-range');
      }
    }
    if (!Number.isFinite(v)) report.add(line, labels.volume, v, 'nan-volume');
    else if (v < 0) report.add(line, labels.volume, v, 'negative-volume');
  }
}

function checkOrdering(bars: ParsedBars, labels: ColumnLabels, spec: BarSpec, report: QualityReport): void {
  if (reportOutOfOrder(bars, labels, report)) {
    reportDuplicatesInUnsorted(bars, labels, report);
    return;
  }
  const { tsUs, row } = bars;
  // Only spacings longer than one step can be gaps; the calendar rules run for those alone.
  const stepUs = stepUsOf(spec);
  for (let index = 1; index < bars.length; index++) {
    const previous = tsUs[index - 1]!;
    const ts = tsUs[index]!;
    if (ts === previous) report.add(row[index]!, labels.date, isoOf(ts), 'duplicate-timestamp');
    else if (ts - previous > stepUs && isGap(previous, ts, spec)) report.add(row[index]!, labels.date, `${isoOf(ts)} (previous ${isoOf(previous)})`, 'gap');
  }
}

/** Reports each row older than one before it; true when there was any. */
function reportOutOfOrder(bars: ParsedBars, labels: ColumnLabels, report: QualityReport): boolean {
  const { tsUs, row } = bars;
  let latest = -Infinity;
  let found = false;
  for (let index = 0; index < bars.length; index++) {
    const ts = tsUs[index]!;
    if (ts >= latest) latest = ts;
    else {
      report.add(row[index]!, labels.date, `${isoOf(ts)} (after ${isoOf(latest)})`, 'out-of-order');
      found = true;
    }
  }
  return found;
}

/** Once rows are out of order, equal timestamps may be far apart: find them by sorting. */
function reportDuplicatesInUnsorted(bars: ParsedBars, labels: ColumnLabels, report: QualityReport): void {
  const order = sortedOrder(bars.tsUs, bars.length);
  for (let position = 1; position < order.length; position++) {
    const index = order[position]!;
    if (bars.tsUs[index] === bars.tsUs[order[position - 1]!]) report.add(bars.row[index]!, labels.date, isoOf(bars.tsUs[index]!), 'duplicate-timestamp');
  }
}

/** Row indexes in timestamp order; equal timestamps keep their file order. */
export function sortedOrder(tsUs: Float64Array, length: number): Uint32Array {
  const order = new Uint32Array(length);
  for (let index = 0; index < length; index++) order[index] = index;
  order.sort((a, b) => tsUs[a]! - tsUs[b]! || a - b);
  return order;
}

const DAYS_PER_WEEK = 7;

/**
 * Whether two consecutive bars leave bars out. Weekends are not gaps for daily bars; weekly
 * bars compare Monday-based weeks (so a week closed on Thursday is fine); intraday bars are only
 * compared within one UTC day, since the night between sessions is not missing data.
 */
export function isGap(previousUs: number, currentUs: number, spec: BarSpec): boolean {
  const previousDay = Math.floor(previousUs / US_PER_DAY);
  const currentDay = Math.floor(currentUs / US_PER_DAY);
  if (spec.unit === 'M') return monthOf(currentDay) - monthOf(previousDay) > spec.step;
  if (spec.unit === 'w') return weekOf(currentDay) - weekOf(previousDay) > spec.step;
  if (spec.unit === 'd') return weekdaysBetween(previousDay, currentDay, spec.step) >= spec.step;
  return previousDay === currentDay && currentUs - previousUs > specMs(spec) * US_PER_MS;
}

function monthOf(day: number): number {
  const date = new Date(day * 86_400_000);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** Monday-based week number: 1970-01-01 was a Thursday, so day 4 is the first Monday. */
function weekOf(day: number): number {
  return Math.floor((day + 3) / DAYS_PER_WEEK);
}

/** Weekdays strictly between two days (day numbers since the epoch), counted up to `limit`. */
function weekdaysBetween(fromDay: number, toDay: number, limit: number): number {
  let count = 0;
  for (let day = fromDay + 1; day < toDay && count < limit; day++) {
    const weekday = (((day + 3) % 7) + 7) % 7; // 0 = Monday
    if (weekday < 5) count++;
  }
  return count;
}

/** How many of the first bars the bar spec is inferred from. */
export const SPEC_SAMPLE_BARS = 1001;

/**
 * The spec whose length is nearest the median spacing of the first bars. Date-only bars are
 * spaced in weekdays (Friday to Monday is one trading day), each counted as 7/5 of a calendar
 * day, so a short daily file spanning a weekend is not taken for weekly bars.
 */
function inferSpec(bars: ParsedBars): BarSpec {
  const sample = Math.min(bars.length, SPEC_SAMPLE_BARS);
  let dateOnly = true;
  for (let index = 0; index < sample && dateOnly; index++) dateOnly = bars.tsUs[index]! % US_PER_DAY === 0;
  const spacings: number[] = [];
  for (let index = 1; index < sample; index++) {
    const previous = bars.tsUs[index - 1]!;
    const current = bars.tsUs[index]!;
    if (current <= previous) continue;
    spacings.push(dateOnly ? tradingDaysBetween(previous / US_PER_DAY, current / US_PER_DAY) * (7 / 5) * US_PER_DAY : current - previous);
  }
  if (spacings.length === 0) return { step: 1, unit: 'd' };
  spacings.sort((a, b) => a - b);
  return inferBarSpec(spacings[Math.floor(spacings.length / 2)]! / US_PER_MS);
}

/** Weekdays in (fromDay, toDay], at least 1 (a bar dated on a weekend still counts a day). */
function tradingDaysBetween(fromDay: number, toDay: number): number {
  const whole = Math.floor((toDay - fromDay) / 7) * 5;
  let count = whole;
  for (let day = fromDay + 1 + Math.floor((toDay - fromDay) / 7) * 7; day <= toDay; day++) {
    const weekday = (((day + 3) % 7) + 7) % 7;
    if (weekday < 5) count++;
  }
  return Math.max(1, count);
}

export { inferSpec as inferSpecOfBars };

function isoOf(tsUs: number): string {
  const date = new Date(Math.floor(tsUs / US_PER_MS));
  return Number.isNaN(date.getTime()) ? String(tsUs) : date.toISOString();
}
