// Lets shortcuts reach the order ticket: `b` / `s` ask the ticket to take the side and focus
// its quantity field; the ticket reacts to each new request (the counter changes every time).
import { create } from 'zustand';

export type TicketSide = 'BUY' | 'SELL';

export interface TicketState {
  focusRequest: { side: TicketSide; count: number } | null;
  requestFocus(side: TicketSide): void;
}

export const useTicketStore = create<TicketState>()((set, get) => ({
  focusRequest: null,
  requestFocus: (side) => set({ focusRequest: { side, count: (get().focusRequest?.count ?? 0) + 1 } }),
}));
