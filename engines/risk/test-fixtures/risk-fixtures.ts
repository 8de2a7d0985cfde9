// Builders for risk tests: a state with three equities in two sectors, and fills into it.
import { testkit } from '@nws/core';
import type { Fill, InstrumentId, OrderSide } from '@nws/core';
import { RiskState } from '../risk-state.js';

export const AAPL = 'AAPL.XNAS' as InstrumentId;
export const MSFT = 'MSFT.XNAS' as InstrumentId;
export const XOM = 'XOM.XNYS' as InstrumentId;
export const ES = 'ESZ24.XCME' as InstrumentId;

export function riskState(startingEquity = 1_000_000): RiskState {
  const state = new RiskState({ startingEquity });
  state.registerInstrument(testkit.instruments.aapl());
  state.registerInstrument({ id: MSFT, multiplier: 1, sector: 'Technology', currency: 'USD' });
  state.registerInstrument({ id: XOM, multiplier: 1, sector: 'Energy', currency: 'USD' });
  state.registerInstrument(testkit.instruments.esz24());
  state.setMark(AAPL, 100);
  state.setMark(MSFT, 200);
  state.setMark(XOM, 50);
  state.setMark(ES, 5000);
  return state;
}

let tradeNumber = 1;

/** Books a fill of `qty` at `price` straight into the state (as the order manager's fill listener would). */
export function fill(state: RiskState, instrumentId: InstrumentId, side: OrderSide, qty: number, price: number, ts = 0): Fill {
  const booked = testkit.fills.of(testkit.orders.market({ instrumentId, side, quantity: qty }), { qty, price, ts, tradeId: `T-${tradeNumber++}` });
  state.onFill(booked);
  return booked;
}

export const buy = (quantity: number, overrides: Record<string, unknown> = {}) => testkit.orders.market({ quantity, ...overrides });
export const sell = (quantity: number, overrides: Record<string, unknown> = {}) => testkit.orders.market({ quantity, side: 'SELL', ...overrides });
