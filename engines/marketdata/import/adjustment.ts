import type { ParsedBars } from './parsed-bars.js';

/**
 * Yahoo's Adj Close folds splits and dividends into the close; scaling open, high and low by
 * the same factor gives a consistent adjusted bar. Volume is left as traded, and Adj Close
 * itself is stored as read, so the raw close can be recovered as close × close / adjClose.
 * Works on any block of bars (a streamed import adjusts block by block). Returns how many bars
 * had no usable Adj Close and were left unadjusted; bars without the column are left alone.
 */
export function adjustBars(bars: ParsedBars): number {
  const adjClose = bars.adjClose;
  if (adjClose === undefined) return 0;
  let skipped = 0;
  for (let index = 0; index < bars.length; index++) {
    const factor = adjClose[index]! / bars.close[index]!;
    if (!(factor > 0 && factor < Infinity)) {
      skipped++;
      continue;
    }
    bars.open[index] = bars.open[index]! * factor;
    bars.high[index] = bars.high[index]! * factor;
    bars.low[index] = bars.low[index]! * factor;
    bars.close[index] = adjClose[index]!;
  }
  return skipped;
}

/** The import's remarks about adjustment, the same whether the file was read whole or streamed. */
export function adjustmentNotes(adjust: boolean, hasAdjClose: boolean, skipped: number): string[] {
  if (!adjust) return hasAdjClose ? ['Adj Close stored beside the prices, not applied to them (use --adjust to adjust open, high, low and close)'] : [];
  if (!hasAdjClose) return ['--adjust: the file has no Adj Close column; prices are stored as given'];
  const notes = ['--adjust: open, high, low and close scaled by Adj Close / Close; Adj Close stored as read'];
  if (skipped > 0) notes.push(`--adjust: ${skipped} bars had no usable Adj Close and were stored unadjusted`);
  return notes;
}
