// `risk.precheck`: what the RiskEngine would say about an order, limit by limit, without asking it.
// RiskEngine.check stops at the verdict, audits refusals and lets rate limits count approvals;
// a ticket that asks on every keystroke must do none of that. So this takes the engine's own
// proposed order (RiskEngine.proposeOrder) and runs each compiled LimitCheck's `check` (pure:
// O(1) reads of the risk state; only `onApproved` records, and it is never called here).
import type { OrderRequest } from '@nws/core';
import type { LimitCheck, LimitConfig, ProposedOrder, RiskEngine } from '@nws/risk';

export interface PrecheckLimitVerdict {
  limit: string;
  type: string;
  ok: boolean;
  reason?: string;
  utilisationAfter?: number;
}

export interface PrecheckReport {
  ok: boolean;
  results: PrecheckLimitVerdict[];
}

/** Every limit's verdict on `request` as if it were submitted now; changes nothing. */
export function precheckOrder(risk: RiskEngine, request: OrderRequest, ts: number): PrecheckReport {
  const order = risk.proposeOrder(request, { ts });
  if (order === undefined) {
    return refusedBy({ limit: 'instrument', type: 'instrument', ok: false, reason: `instrument ${request.instrumentId} is not traded on the paper venue` });
  }
  const results: PrecheckLimitVerdict[] = [tradingStateVerdict(risk, order)];
  const checks = risk.limitChecks();
  const configs = risk.limits();
  for (let index = 0; index < checks.length; index++) results.push(limitVerdict(checks[index]!, configs[index]!, order, risk));
  return { ok: results.every((result) => result.ok), results };
}

function refusedBy(verdict: PrecheckLimitVerdict): PrecheckReport {
  return { ok: false, results: [verdict] };
}

function tradingStateVerdict(risk: RiskEngine, order: ProposedOrder): PrecheckLimitVerdict {
  const state = risk.tradingState;
  const verdict = { limit: 'trading-state', type: 'trading-state' };
  if (state === 'HALTED') return { ...verdict, ok: false, reason: 'trading is HALTED: no new orders until re-armed' };
  if (state === 'REDUCING' && !order.reducing) return { ...verdict, ok: false, reason: 'trading is REDUCING: only orders that reduce a position pass' };
  return { ...verdict, ok: true };
}

function limitVerdict(check: LimitCheck, config: LimitConfig, order: ProposedOrder, risk: RiskEngine): PrecheckLimitVerdict {
  const refusal = check.check(order, risk.state);
  const verdict: PrecheckLimitVerdict = { limit: check.id, type: check.type, ok: refusal === undefined };
  if (refusal !== undefined) verdict.reason = refusal.message;
  const after = appliesTo(check, order) ? utilisationAfter(config, check, order, risk) : undefined;
  if (after !== undefined && Number.isFinite(after)) verdict.utilisationAfter = after;
  return verdict;
}

/** Utilisation is only meaningful for a limit that watches this order. */
function appliesTo(check: LimitCheck, order: ProposedOrder): boolean {
  const scope = check.scope;
  if (scope.kind === 'account') return true;
  if (scope.kind === 'instrument') return scope.instrumentId === order.instrumentId;
  if (scope.kind === 'sector') return scope.sector === order.sector;
  return scope.strategyId === order.strategyId;
}

/**
 * value / threshold with the order in, for the limits whose "after" follows from the order alone
 * (or, for open orders, one more than now). State-wide limits (exposure, loss, VaR) are left out
 * rather than guessed: they depend on fills and prices the ticket cannot know.
 */
function utilisationAfter(config: LimitConfig, check: LimitCheck, order: ProposedOrder, risk: RiskEngine): number | undefined {
  switch (config.type) {
    case 'max-order-notional':
      return order.notional / config.maxNotional;
    case 'max-order-quantity':
      return order.quantity / config.maxQuantity;
    case 'max-position-quantity':
      return Math.abs(positionAfter(check, order)) / config.maxQuantity;
    case 'max-position-notional':
      return (Math.abs(positionAfter(check, order)) * order.price * order.multiplier) / config.maxNotional;
    case 'price-band': {
      const mark = order.entry.mark;
      if (Number.isNaN(order.limitPrice) || !Number.isFinite(mark) || mark === 0) return undefined;
      return (Math.abs(order.limitPrice - mark) / Math.abs(mark) / config.maxDeviationPercent) * 100;
    }
    case 'max-open-orders': {
      const reading = check.read?.(risk.state);
      return reading === undefined ? undefined : (reading.value + 1) / reading.threshold;
    }
    default:
      return undefined;
  }
}

/** A strategy-scoped position limit watches the strategy's own position, not the account's. */
function positionAfter(check: LimitCheck, order: ProposedOrder): number {
  return check.scope.kind === 'strategy' ? order.strategyPositionAfter : order.positionAfter;
}
