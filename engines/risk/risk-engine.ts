// RiskEngine: runs every enabled limit against an order request and sorts it into
// RiskApproved or RiskRefused (Barter style). The order manager calls `riskCheck` before any
// order reaches a venue. Limits and their changes, refusals and trading-state changes are audited.
import { ErrorCode, NwsError } from '@nws/core';
import type { Clock, InstrumentId, OrderRequest, StrategyId } from '@nws/core';
import { LIMIT_TYPES } from './checks/index.js';
import type { LimitConfig, LimitType } from './checks/index.js';
import { loadRiskEngineConfig, parseLimitConfig } from './config.js';
import type { RiskEngineConfig, RiskEngineConfigInput } from './config.js';
import { RiskAuditAction, RiskSettingKey } from './audit.js';
import type { RiskStore } from './audit.js';
import type { RiskState } from './risk-state.js';
import type { LimitCheck, ProposedOrder, Refusal, RiskDecision } from './types.js';

/** Nautilus' TradingState: ACTIVE trades freely, REDUCING only shrinks positions, HALTED refuses every order. */
export const TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;
export type TradingState = (typeof TRADING_STATES)[number];

/** What the order manager passes with a request. */
export interface RiskCheckContext {
  /** Epoch ms of the request; defaults to `view.now()`, else the engine's clock. */
  ts?: number;
  strategyId?: StrategyId | string;
  /** The execution engine's `RiskContext` carries these; only `view.now` is read. */
  action?: 'submit' | 'modify';
  view?: { now(): number };
}

export interface RiskEngineOptions {
  state: RiskState;
  config?: RiskEngineConfigInput;
  store?: RiskStore;
  clock?: Pick<Clock, 'now'>;
}

export class RiskEngine {
  readonly state: RiskState;
  readonly config: RiskEngineConfig;
  private readonly store: RiskStore | undefined;
  private readonly clock: Pick<Clock, 'now'>;
  private configs: LimitConfig[] = [];
  private checks: LimitCheck[] = [];
  private tradingStateValue: TradingState = 'ACTIVE';
  private tradingStateReason = '';
  /** Set only while the kill switch flattens: reducing orders then pass without limit checks. */
  private emergencyFlatten = false;
  // Reused for every check: the order path allocates nothing but the decision.
  private readonly scratch = { refusals: [] as Refusal[] };

  constructor(options: RiskEngineOptions) {
    this.state = options.state;
    this.store = options.store;
    this.clock = options.clock ?? { now: Date.now };
    this.config = loadRiskEngineConfig(options.config ?? {});
    const stored = this.store?.getSetting(RiskSettingKey.limits);
    const initial = Array.isArray(stored) ? stored.map((limit) => parseLimitConfig(limit)) : this.config.limits;
    for (const limit of initial) this.install(limit);
  }

  /** The hook the order manager calls: `{approved: true, request}` or `{approved: false, reason}`. */
  readonly riskCheck = <T extends OrderRequest>(request: T, context: RiskCheckContext = {}): RiskDecision<T> => this.check(request, context);

  check<T extends OrderRequest>(request: T, context: RiskCheckContext = {}): RiskDecision<T> {
    const ts = context.ts ?? context.view?.now() ?? this.clock.now();
    const entry = this.state.entry(request.instrumentId);
    if (!entry) {
      return this.refuseWith(request, ts, [{ limitId: 'instrument', limitType: 'instrument', value: 0, threshold: 0, message: `instrument ${request.instrumentId} is not registered with the risk engine` }]);
    }
    const order = this.propose(request, context, ts, entry);
    if (this.emergencyFlatten && order.reducing) {
      this.audit(RiskAuditAction.EmergencyFlatten, { instrumentId: request.instrumentId, side: request.side, quantity: request.quantity });
      return { approved: true, request };
    }
    const stateRefusal = this.tradingStateRefusal(order);
    if (stateRefusal) return this.refuseWith(request, ts, [stateRefusal]);
    const refusals = this.scratch.refusals;
    refusals.length = 0;
    const checks = this.checks;
    for (let index = 0; index < checks.length; index++) {
      const refusal = checks[index]!.check(order, this.state);
      if (refusal) refusals.push(refusal);
    }
    if (refusals.length > 0) return this.refuseWith(request, ts, refusals.slice());
    for (let index = 0; index < checks.length; index++) checks[index]!.onApproved?.(order);
    return { approved: true, request };
  }

  /**
   * The order as the checks would see it now (positions before and after, the strategy's own,
   * notional, reducing), without running any check or counting anything: for pre-check views.
   * Undefined when the instrument is not registered.
   */
  proposeOrder(request: OrderRequest, context: RiskCheckContext = {}): ProposedOrder | undefined {
    const entry = this.state.entry(request.instrumentId);
    if (!entry) return undefined;
    return this.propose(request, context, context.ts ?? context.view?.now() ?? this.clock.now(), entry);
  }

  // ---- limits ----

  limits(): readonly LimitConfig[] {
    return this.configs;
  }

  limitChecks(): readonly LimitCheck[] {
    return this.checks;
  }

  /** Adds or replaces (same id) a limit; validated first, so a bad one changes nothing. */
  setLimit(input: unknown): LimitCheck {
    const config = parseLimitConfig(input);
    const check = this.install(config);
    this.persistLimits();
    this.audit(RiskAuditAction.LimitSet, { id: check.id, limit: config });
    return check;
  }

  removeLimit(id: string): boolean {
    const index = this.checks.findIndex((check) => check.id === id);
    if (index < 0) return false;
    this.checks.splice(index, 1);
    this.configs.splice(index, 1);
    this.persistLimits();
    this.audit(RiskAuditAction.LimitRemoved, { id });
    return true;
  }

  // ---- trading state ----

  get tradingState(): TradingState {
    return this.tradingStateValue;
  }

  setTradingState(next: TradingState, reason: string): void {
    if (!TRADING_STATES.includes(next)) throw new NwsError(ErrorCode.InvalidArgument, `trading state must be one of ${TRADING_STATES.join(', ')}, got ${String(next)}`);
    if (next === this.tradingStateValue && reason === this.tradingStateReason) return;
    const previous = this.tradingStateValue;
    this.tradingStateValue = next;
    this.tradingStateReason = reason;
    this.audit(RiskAuditAction.TradingStateChanged, { from: previous, to: next, reason });
  }

  /**
   * Runs `body` (which submits closing orders) with limit checks lifted for orders that reduce a
   * position: an emergency flatten must not be stopped by, say, trading hours or the order rate.
   */
  whileFlattening<T>(body: () => T): T {
    this.emergencyFlatten = true;
    try {
      return body();
    } finally {
      this.emergencyFlatten = false;
    }
  }

  audit(action: string, details: unknown): void {
    this.store?.audit(this.config.auditActor, action, details);
  }

  // ---- internals ----

  private install(config: LimitConfig): LimitCheck {
    const definition = LIMIT_TYPES[config.type as LimitType] as { create(config: LimitConfig): LimitCheck };
    const check = definition.create(config);
    const existing = this.checks.findIndex((each) => each.id === check.id);
    if (!config.enabled) {
      if (existing >= 0) {
        this.checks.splice(existing, 1);
        this.configs.splice(existing, 1);
      }
      return check;
    }
    if (existing >= 0) {
      this.checks[existing] = check;
      this.configs[existing] = config;
    } else {
      this.insertInTypeOrder(check, config);
    }
    return check;
  }

  /** Keeps LIMIT_TYPES order (cheap checks first, rate counters last: they must see a passing order). */
  private insertInTypeOrder(check: LimitCheck, config: LimitConfig): void {
    const order = Object.keys(LIMIT_TYPES);
    const rank = order.indexOf(check.type);
    let at = this.checks.length;
    while (at > 0 && order.indexOf(this.checks[at - 1]!.type) > rank) at--;
    this.checks.splice(at, 0, check);
    this.configs.splice(at, 0, config);
  }

  private persistLimits(): void {
    this.store?.setSetting(RiskSettingKey.limits, this.configs);
  }

  private propose(request: OrderRequest, context: RiskCheckContext, ts: number, entry: NonNullable<ReturnType<RiskState['entry']>>): ProposedOrder {
    const signedQuantity = request.side === 'BUY' ? request.quantity : -request.quantity;
    const positionBefore = entry.position.netQty;
    const positionAfter = positionBefore + signedQuantity;
    const limitPrice = 'price' in request ? request.price : 'triggerPrice' in request && request.triggerPrice !== undefined ? request.triggerPrice : Number.NaN;
    const price = Number.isNaN(limitPrice) ? entry.mark : limitPrice;
    const strategyId = (request.strategyId ?? context.strategyId) as StrategyId | undefined;
    const strategyPositionBefore = strategyId === undefined ? 0 : this.state.strategyPosition(strategyId, request.instrumentId);
    const strategyPositionAfter = strategyPositionBefore + signedQuantity;
    return {
      instrumentId: request.instrumentId as InstrumentId,
      strategyId,
      sector: entry.sector,
      side: request.side,
      quantity: request.quantity,
      signedQuantity,
      price,
      limitPrice,
      multiplier: entry.multiplier,
      positionBefore,
      positionAfter,
      reducing: isReducing(positionBefore, positionAfter),
      strategyPositionBefore,
      strategyPositionAfter,
      strategyReducing: isReducing(strategyPositionBefore, strategyPositionAfter),
      notional: request.quantity * price * entry.multiplier,
      ts,
      modify: context.action === 'modify',
      entry,
    };
  }

  private tradingStateRefusal(order: ProposedOrder): Refusal | undefined {
    if (this.tradingStateValue === 'HALTED') {
      return { limitId: 'trading-state', limitType: 'trading-state', value: 0, threshold: 0, message: `trading is HALTED (${this.tradingStateReason}): no new orders until re-armed` };
    }
    if (this.tradingStateValue === 'REDUCING' && !order.reducing) {
      return { limitId: 'trading-state', limitType: 'trading-state', value: 0, threshold: 0, message: `trading is REDUCING (${this.tradingStateReason}): only orders that reduce a position pass` };
    }
    return undefined;
  }

  private refuseWith<T extends OrderRequest>(request: T, ts: number, refusals: Refusal[]): RiskDecision<T> {
    const reason = refusals.map((refusal) => refusal.message).join('; ');
    this.audit(RiskAuditAction.OrderRefused, {
      ts,
      instrumentId: request.instrumentId,
      side: request.side,
      quantity: request.quantity,
      type: request.type,
      strategyId: request.strategyId ?? null,
      clientOrderId: request.clientOrderId ?? null,
      reason,
      refusals: refusals.map((refusal) => ({ ...refusal, value: Number.isFinite(refusal.value) ? refusal.value : String(refusal.value) })),
    });
    return { approved: false, request, reason, refusals };
  }
}

/** The order only shrinks the position's absolute size: it neither opens nor flips it. */
function isReducing(before: number, after: number): boolean {
  return before !== 0 && Math.sign(after) !== -Math.sign(before) && Math.abs(after) < Math.abs(before);
}
