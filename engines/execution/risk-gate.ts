import type { Account, ClientOrderId, InstrumentId, Order, OrderRequest, Position, StrategyId } from '@nws/core';

declare const riskApprovedBrand: unique symbol;

/**
 * A request the risk hook has approved. Only the order manager can make one (the function that
 * brands it is not exported from the package), so a venue that accepts only `RiskApproved<...>`
 * cannot be handed an order that skipped the risk check.
 */
export type RiskApproved<T> = T & { readonly [riskApprovedBrand]: true };

/** What a venue receives: a request whose ids the order manager has filled in. */
export type VenueOrderRequest = OrderRequest & { clientOrderId: ClientOrderId; strategyId: StrategyId };

/** Read-only view of the trading state the risk hook decides on. */
export interface ExecutionView {
  /** Epoch ms UTC. */
  now(): number;
  account(): Account;
  position(instrumentId: InstrumentId): Position | undefined;
  /** Last traded / close / mid price the venue has seen, or undefined before any data. */
  lastPrice(instrumentId: InstrumentId): number | undefined;
  /** Net liquidation value in the account's base currency. */
  equity(): number;
  openOrders(): readonly Order[];
}

export interface RiskContext {
  /** `submit` for new orders, `modify` for an amended request of an existing order. */
  action: 'submit' | 'modify';
  view: ExecutionView;
  /** The existing order when action is `modify`. */
  order?: Order;
}

export type RiskDecision = { approved: true; request: OrderRequest } | { approved: false; reason: string };

/**
 * The risk engine's hook. It may approve the request as is, approve a changed request (e.g. a
 * smaller quantity), or deny it with a reason the order keeps as it goes to DENIED.
 */
export type RiskCheck = (request: OrderRequest, context: RiskContext) => RiskDecision;

/** The default hook: approves everything unchanged. */
export const approveAll: RiskCheck = (request) => ({ approved: true, request });

/** Brands a request as approved. Internal to the execution engine: never re-exported. */
export function markRiskApproved<T>(request: T): RiskApproved<T> {
  return request as RiskApproved<T>;
}
