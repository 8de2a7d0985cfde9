/**
 * The k-way merge step the bar and tick feeds share: which series holds the next row in time.
 * Linear scan over the heads: for the handful of series of a backtest it beats a heap.
 */

/**
 * Index of the series whose next row (at `cursors[index]`) is earliest, ties going to the series
 * given first so a run is deterministic; its cursor is advanced past that row. -1 when every
 * series is exhausted.
 */
export function takeEarliest(series: ReadonlyArray<{ readonly ts: Float64Array }>, cursors: Int32Array): number {
  let chosen = -1;
  let chosenTs = Number.POSITIVE_INFINITY;
  for (let index = 0; index < series.length; index++) {
    const cursor = cursors[index]!;
    const ts = series[index]!.ts;
    if (cursor < ts.length && ts[cursor]! < chosenTs) {
      chosenTs = ts[cursor]!;
      chosen = index;
    }
  }
  if (chosen >= 0) cursors[chosen] = cursors[chosen]! + 1;
  return chosen;
}

/** Earliest time among the series' next rows (at `cursors`); +Infinity when every series is exhausted. */
export function earliestHead(series: ReadonlyArray<{ readonly ts: Float64Array }>, cursors: Int32Array): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (let index = 0; index < series.length; index++) {
    const cursor = cursors[index]!;
    const ts = series[index]!.ts;
    if (cursor < ts.length && ts[cursor]! < earliest) earliest = ts[cursor]!;
  }
  return earliest;
}
