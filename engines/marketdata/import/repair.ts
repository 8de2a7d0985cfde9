import type { ParsedBars } from './parsed-bars.js';
import { selectRows } from './parsed-bars.js';
import { sortedOrder } from './quality-checks.js';
import type { QualityIssue, QualityRule } from './quality-report.js';

/** What `--repair` did to one row. */
export interface RepairAction {
  row: number;
  rule: QualityRule;
  action: 'dropped' | 'fixed';
  detail: string;
}

export interface RepairSummary {
  /** The first actions, in row order (at most `maxActions`). */
  actions: RepairAction[];
  dropped: number;
  fixed: number;
}

/** The parser's unparseable rows: the listed ones and how many there were in all. */
export interface UnparseableRows {
  issues: readonly QualityIssue[];
  count: number;
}

export interface RepairResult {
  bars: ParsedBars;
  summary: RepairSummary;
}

/**
 * Makes bars storable: rows with a missing or negative price or a negative volume are dropped;
 * a missing volume becomes 0; high and low are swapped when inverted, then widened to hold open
 * and close; rows are sorted by time and, of equal timestamps, the first in the file is kept.
 * Rows the parser could not read are already gone; pass their issues to list them as dropped.
 */
export function repairBars(bars: ParsedBars, unparseable: UnparseableRows = { issues: [], count: 0 }, maxActions = 1000): RepairResult {
  const log = new RepairLog(maxActions);
  for (const issue of unparseable.issues) log.add(issue.row, 'unparseable', 'dropped', `${issue.column} ${JSON.stringify(issue.value)} could not be read`);
  log.countDropped(unparseable.count - unparseable.issues.length);
  const keep = fixRowValues(bars, log);
  const order = timeOrder(bars, keep, log);
  const unique = dropDuplicates(bars, order, log);
  return { bars: selectRows(bars, unique), summary: log.summary() };
}

/** Fixes what can be fixed in place; returns the indexes of the rows worth keeping. */
function fixRowValues(bars: ParsedBars, log: RepairLog): Uint32Array {
  const { open, high, low, close, volume, row } = bars;
  const keep = new Uint32Array(bars.length);
  let kept = 0;
  for (let index = 0; index < bars.length; index++) {
    const o = open[index]!;
    const c = close[index]!;
    let h = high[index]!;
    let l = low[index]!;
    const badPrice = [o, h, l, c].find((price) => !(price >= 0 && price < Infinity));
    if (badPrice !== undefined) {
      log.add(row[index]!, badPrice < 0 ? 'negative-price' : 'nan-price', 'dropped', `price ${badPrice}`);
      continue;
    }
    if (volume[index]! < 0 || volume[index] === Infinity) {
      log.add(row[index]!, volume[index]! < 0 ? 'negative-volume' : 'nan-volume', 'dropped', `volume ${volume[index]}`);
      continue;
    }
    if (Number.isNaN(volume[index]!)) {
      volume[index] = 0;
      log.add(row[index]!, 'nan-volume', 'fixed', 'missing volume set to 0');
    }
    if (h < l) {
      [h, l] = [l, h];
      high[index] = h;
      low[index] = l;
      log.add(row[index]!, 'high-below-low', 'fixed', `high and low swapped (high ${h}, low ${l})`);
    }
    if (o > h || c > h) {
      high[index] = Math.max(o, c, h);
      log.add(row[index]!, o > h ? 'open-outside-range' : 'close-outside-range', 'fixed', `high raised from ${h} to ${high[index]}`);
    }
    if (o < l || c < l) {
      low[index] = Math.min(o, c, l);
      log.add(row[index]!, o < l ? 'open-outside-range' : 'close-outside-range', 'fixed', `low lowered from ${l} to ${low[index]}`);
    }
    keep[kept++] = index;
  }
  return keep.subarray(0, kept);
}

/** The kept rows in time order (stable); logs each row that had to move. */
function timeOrder(bars: ParsedBars, keep: Uint32Array, log: RepairLog): Uint32Array {
  let sorted = true;
  for (let position = 1; position < keep.length && sorted; position++) {
    if (bars.tsUs[keep[position]!]! < bars.tsUs[keep[position - 1]!]!) sorted = false;
  }
  if (sorted) return keep;
  let latest = -Infinity;
  for (const index of keep) {
    if (bars.tsUs[index]! < latest) log.add(bars.row[index]!, 'out-of-order', 'fixed', 'moved into time order');
    else latest = bars.tsUs[index]!;
  }
  const keptTs = new Float64Array(keep.length);
  for (let position = 0; position < keep.length; position++) keptTs[position] = bars.tsUs[keep[position]!]!;
  const order = sortedOrder(keptTs, keep.length);
  return order.map((position) => keep[position]!);
}

/** Drops every row whose timestamp equals the one before it (after sorting: the later file row). */
function dropDuplicates(bars: ParsedBars, order: Uint32Array, log: RepairLog): Uint32Array {
  const unique = new Uint32Array(order.length);
  let count = 0;
  for (let position = 0; position < order.length; position++) {
    const index = order[position]!;
    if (count > 0 && bars.tsUs[index] === bars.tsUs[unique[count - 1]!]) {
      log.add(bars.row[index]!, 'duplicate-timestamp', 'dropped', `same time as row ${bars.row[unique[count - 1]!]}`);
      continue;
    }
    unique[count++] = index;
  }
  return unique.subarray(0, count);
}

/** Collects what a repair did: the first `maxActions` actions and every count. */
export class RepairLog {
  private readonly actions: RepairAction[] = [];
  private dropped = 0;
  private fixed = 0;

  constructor(private readonly maxActions: number) {}

  add(row: number, rule: QualityRule, action: RepairAction['action'], detail: string): void {
    if (action === 'dropped') this.dropped++;
    else this.fixed++;
    if (this.actions.length < this.maxActions) this.actions.push({ row, rule, action, detail });
  }

  countDropped(rows: number): void {
    this.dropped += Math.max(0, rows);
  }

  summary(): RepairSummary {
    return { actions: [...this.actions].sort((a, b) => a.row - b.row), dropped: this.dropped, fixed: this.fixed };
  }
}
