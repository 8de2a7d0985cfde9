/**
 * Per-instrument strategy state looked up once per bar. Bars of several instruments arrive at
 * each time step in the order the instruments were given, and one instrument's bars arrive in a
 * row, so the entry after the last one asked for (or the last one itself) is almost always the
 * answer: one or two string checks instead of a map lookup per bar.
 */
import type { InstrumentId } from '@nws/core';

export class InstrumentStates<State> {
  private readonly ids: InstrumentId[] = [];
  private readonly states: State[] = [];
  private readonly slots = new Map<InstrumentId, number>();
  private lastSlot = -1;

  set(instrumentId: InstrumentId, state: State): void {
    const existing = this.slots.get(instrumentId);
    if (existing !== undefined) {
      this.states[existing] = state;
      return;
    }
    this.slots.set(instrumentId, this.ids.length);
    this.ids.push(instrumentId);
    this.states.push(state);
  }

  get(instrumentId: InstrumentId): State | undefined {
    const ids = this.ids;
    const last = this.lastSlot;
    if (last >= 0 && ids[last] === instrumentId) return this.states[last];
    const following = last + 1 === ids.length ? 0 : last + 1;
    const slot = ids[following] === instrumentId ? following : this.slots.get(instrumentId);
    if (slot === undefined) return undefined;
    this.lastSlot = slot;
    return this.states[slot];
  }
}
