// The shapes every part of the risk engine shares: scopes, refusals, the Barter-style decision,
// and the contract a limit check fulfils.
import type { InstrumentId, OrderSide, StrategyId } from '@nws/core';
import type { InstrumentEntry, RiskState } from './risk-state.js';

/** Who a limit applies to. */
export type LimitScope =
  | { kind: 'account' }
  | { kind: 'strategy'; strategyId: string }
  | { kind: 'instrument'; instrumentId: string }
  | { kind: 'sector'; sector: string };

export type LimitScopeKind = LimitScope['kind'];

/** What the monitor does when a limit is breached. */
export const LIMIT_ACTIONS = ['notify', 'block', 'reduce-only', 'flatten'] as const;
export type LimitAction = (typeof LIMIT_ACTIONS)[number];

/** Why one limit refused an order: the limit, the value it saw and its threshold. */
export interface Refusal {
  limitId: string;
  limitType: string;
  value: number;
  threshold: number;
  message: string;
}

/** The order manager may send this request on to a venue. */
export interface RiskApproved<T> {
  approved: true;
  request: T;
}

/** The order manager must not send this request; `reason` is one line for humans. */
export interface RiskRefused<T> {
  approved: false;
  request: T;
  reason: string;
  refusals: Refusal[];
}

export type RiskDecision<T> = RiskApproved<T> | RiskRefused<T>;

/**
 * One order as the checks see it, computed once per pre-trade check so no check repeats the
 * work: the signed quantity, the price used for notional, and the position before and after.
 */
export interface ProposedOrder {
  instrumentId: InstrumentId;
  strategyId: StrategyId | undefined;
  sector: string | undefined;
  side: OrderSide;
  quantity: number;
  /** +quantity for a buy, -quantity for a sell. */
  signedQuantity: number;
  /** The order's limit price when it has one, else the instrument's mark. */
  price: number;
  /** Limit (or stop-limit) price or trigger price: what the price band checks; NaN for market orders. */
  limitPrice: number;
  multiplier: number;
  /** Net position quantity of the instrument before and after the order fills completely. */
  positionBefore: number;
  positionAfter: number;
  /** True when the order only shrinks the position's absolute size (never opens or flips). */
  reducing: boolean;
  /**
   * The order's strategy's own net position in the instrument before and after the order fills
   * (0 and the signed quantity for an order without a strategy), and whether the order only
   * shrinks it: what strategy-scoped position limits measure.
   */
  strategyPositionBefore: number;
  strategyPositionAfter: number;
  strategyReducing: boolean;
  /** quantity x price x multiplier */
  notional: number;
  ts: number;
  /** True when this amends a working order (it already counts as open). */
  modify: boolean;
  /** The instrument's live state (mark, position, exposure contribution). */
  entry: InstrumentEntry;
}

/** A value a limit watches and its threshold, for the monitor's utilisation. */
export interface LimitReading {
  value: number;
  threshold: number;
  /** The instrument or sector the worst reading came from, when the limit is per instrument/sector. */
  subject?: string;
}

/** A limit type compiled from its config. `check` runs in the hot path: O(1), no allocation when it passes. */
export interface LimitCheck {
  readonly id: string;
  readonly type: string;
  readonly scope: LimitScope;
  readonly action: LimitAction;
  readonly warnAt: number;
  /** Undefined when the order passes. */
  check(order: ProposedOrder, state: RiskState): Refusal | undefined;
  /** Called once an order is approved (rate counters). */
  onApproved?(order: ProposedOrder): void;
  /** Current value against threshold, for the monitor; undefined for order-only limits. */
  read?(state: RiskState): LimitReading | undefined;
}
