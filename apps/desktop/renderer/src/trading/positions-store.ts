// Paper positions by instrument: seeded by `positions.list`, updated by `positions.>` events.
import { create } from 'zustand';
import type { PositionView } from './trading-types.js';

export interface PositionsState {
  byInstrument: Record<string, PositionView>;
  loaded: boolean;
  seed(positions: readonly PositionView[]): void;
  apply(updates: Iterable<PositionView>): void;
}

export const usePositionsStore = create<PositionsState>()((set, get) => ({
  byInstrument: {},
  loaded: false,
  seed(positions) {
    const byInstrument: Record<string, PositionView> = {};
    for (const position of positions) byInstrument[position.instrumentId] = position;
    set({ byInstrument: { ...byInstrument, ...newerOnly(get().byInstrument, byInstrument) }, loaded: true });
  },
  apply(updates) {
    const byInstrument = { ...get().byInstrument };
    for (const position of updates) byInstrument[position.instrumentId] = position;
    set({ byInstrument });
  },
}));

/** Positions already updated by events after the list was asked for win over the list. */
function newerOnly(current: Record<string, PositionView>, listed: Record<string, PositionView>): Record<string, PositionView> {
  const newer: Record<string, PositionView> = {};
  for (const [instrumentId, position] of Object.entries(current)) {
    const other = listed[instrumentId];
    if (other === undefined || position.tsLast > other.tsLast) newer[instrumentId] = position;
  }
  return newer;
}

/** Unrealised P&L of a position at `mark`; 0 when flat or without a mark. */
export function unrealisedPnl(position: PositionView, mark: number | undefined): number {
  if (mark === undefined || !Number.isFinite(mark) || position.netQty === 0) return 0;
  return (mark - position.avgOpenPrice) * position.netQty;
}
