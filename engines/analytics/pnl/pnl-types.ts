import type { AccountId, InstrumentId, StrategyId } from '@nws/core';

/** P&L of one position, in its instrument's currency (assumed to be the account's base currency). */
export interface PositionPnl {
  strategyId: StrategyId;
  instrumentId: InstrumentId;
  netQty: number;
  avgOpenPrice: number;
  /** Mid of the last quote, or the last fill price before any quote. */
  markPrice: number;
  /** Closed trading P&L minus commissions, since inception. */
  realized: number;
  /** Open P&L at the mark. */
  unrealized: number;
  /** realized + unrealized since inception. */
  total: number;
  /** total now minus total at the start of the current day. */
  day: number;
  ts: number;
}

export interface PnlTotals {
  realized: number;
  unrealized: number;
  total: number;
  day: number;
}

export interface StrategyPnl extends PnlTotals {
  strategyId: StrategyId;
  positions: PositionPnl[];
  ts: number;
}

export interface AccountPnl extends PnlTotals {
  accountId: AccountId;
  strategies: Array<{ strategyId: StrategyId } & PnlTotals>;
  ts: number;
}
