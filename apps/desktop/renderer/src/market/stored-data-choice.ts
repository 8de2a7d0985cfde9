// What a backtest or a replay steps over, as one <select> value: a bar type (`1d`), or stored ticks
// as `ticks:quotes`, `ticks:trades` or `ticks:quotes,trades`. Shared by the Backtest Lab and the
// Strategies page's replay form.
import type { MethodResult } from '@nws/core';

type StoredInstrument = MethodResult<'marketdata.instruments'>['instruments'][number];

export type TickKind = 'quotes' | 'trades';

const TICKS_PREFIX = 'ticks:';

/** An instrument's choices: its bar types, then its stored ticks (both kinds together first). */
export function dataChoicesOf(instrument: StoredInstrument): string[] {
  const kinds = instrument.ticks.map((tick) => tick.kind);
  const tickChoices = kinds.length === 2 ? [kinds.join(','), ...kinds] : kinds;
  return [...instrument.series.map((series) => series.barType), ...tickChoices.map((choice) => `${TICKS_PREFIX}${choice}`)];
}

/** The tick kinds a choice names, or undefined for a bar type. */
export function ticksOf(choice: string): TickKind[] | undefined {
  return choice.startsWith(TICKS_PREFIX) ? (choice.slice(TICKS_PREFIX.length).split(',') as TickKind[]) : undefined;
}

/** `1d`, or `quotes + trades (ticks)`. */
export function choiceLabel(choice: string): string {
  const ticks = ticksOf(choice);
  return ticks === undefined ? choice : `${ticks.join(' + ')} (ticks)`;
}

/** Whether an instrument has the data a choice names: that bar type, or every tick kind named. */
export function hasStoredData(instrument: StoredInstrument, choice: string): boolean {
  const ticks = ticksOf(choice);
  if (ticks === undefined) return instrument.series.some((series) => series.barType === choice);
  return ticks.every((kind) => instrument.ticks.some((tick) => tick.kind === kind));
}

/** The request fields a choice stands for: `{ barType }` or `{ ticks }`. */
export function dataRequestOf(choice: string): { barType: string } | { ticks: TickKind[] } {
  const ticks = ticksOf(choice);
  return ticks === undefined ? { barType: choice } : { ticks };
}
