/**
 * The Strategy API. A strategy is a class with event handlers; everything it may touch
 * (orders, positions, account, clock, indicators, logger) comes through a `StrategyContext`
 * that the runner (backtest, paper or live) attaches before `onStart`. Only the context's
 * implementation differs between those runners, never the strategy.
 */
import type {
  Account,
  Bar,
  ClientOrderId,
  Clock,
  Fill,
  InstrumentId,
  Order,
  OrderRequest,
  OrderSide,
  Position,
  QuoteTick,
  StrategyId,
  TimeInForce,
  TradeTick,
} from '@nws/core';
import { ErrorCode, NwsError } from '@nws/core';
import type { Indicator, IndicatorOptions, IndicatorParams } from '@nws/features';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface StrategyLogger {
  debug(message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An order request as a strategy writes it: `timeInForce` defaults to GTC (DAY for market-on-close, see `defaultTimeInForce`), ids are assigned. */
export type StrategyOrderRequest = DistributiveOmit<OrderRequest, 'timeInForce' | 'strategyId' | 'quantity'> & {
  quantity: number;
  timeInForce?: TimeInForce;
};

/**
 * The time in force a strategy's order gets when it names none: GTC, except DAY for a
 * market-on-close order (the only one it may have). Every runner's context applies it.
 */
export function defaultTimeInForce(type: StrategyOrderRequest['type']): TimeInForce {
  return type === 'MARKET_ON_CLOSE' ? 'DAY' : 'GTC';
}

export interface OrderModification {
  quantity?: number;
  price?: number;
  triggerPrice?: number;
}

/** Entry + take-profit + stop-loss; a MARKET entry when `entryPrice` is absent. */
export interface StrategyBracketRequest {
  instrumentId: InstrumentId;
  side: OrderSide;
  quantity: number;
  entryPrice?: number;
  takeProfitPrice: number;
  stopLossTriggerPrice: number;
  stopLossLimitPrice?: number;
  timeInForce?: TimeInForce;
}

export interface BracketOrderIds {
  entry: ClientOrderId;
  takeProfit: ClientOrderId;
  stopLoss: ClientOrderId;
}

/** What a running strategy may see and do. Implemented by each runner. */
export interface StrategyContext {
  readonly strategyId: StrategyId;
  readonly clock: Clock;
  readonly log: StrategyLogger;
  /** The instruments this run trades, in the order they were given. */
  readonly instrumentIds: readonly InstrumentId[];
  /**
   * What the run steps on: `bars` (a backtest or replay of bars, a live run on the live bars; where
   * a live feed also delivers quotes and trades, they come besides), or `ticks` (a tick backtest or
   * tick replay: quotes and trades, no bars).
   */
  readonly stepsOn: 'bars' | 'ticks';
  /**
   * True when this is a paper run started again after a Host restart: the positions and working
   * orders it sees may be its own from before (its own state, e.g. indicators, starts afresh).
   */
  readonly resumed?: boolean;
  /** The position in `instrumentId`, or undefined before its first fill. */
  position(instrumentId: InstrumentId): Position | undefined;
  /** Signed net quantity (> 0 long, < 0 short, 0 flat). */
  netQty(instrumentId: InstrumentId): number;
  account(): Account;
  /** Cash in the account's base currency. */
  cash(): number;
  /** Cash plus every open position marked at its last price. */
  equity(): number;
  /** Orders not yet in a terminal status, optionally of one instrument. */
  openOrders(instrumentId?: InstrumentId): readonly Order[];
  order(clientOrderId: ClientOrderId): Order | undefined;
  /** Sends an order through the order manager (and its risk check). Returns its client order id. */
  submit(request: StrategyOrderRequest): ClientOrderId;
  cancel(clientOrderId: ClientOrderId): void;
  modify(clientOrderId: ClientOrderId, changes: OrderModification): void;
  /** A market order that flattens the position; undefined when already flat. */
  close(instrumentId: InstrumentId): ClientOrderId | undefined;
  bracket(request: StrategyBracketRequest): BracketOrderIds;
  /** A streaming indicator from @nws/features; the strategy feeds it. */
  indicator(name: string, params?: IndicatorParams, options?: IndicatorOptions): Indicator;
}

/**
 * Base class for strategies. Override the handlers you need; call the order helpers from them.
 * `P` is the resolved parameter object (see `resolveStrategyParams`).
 */
export abstract class Strategy<P extends object = object> {
  private attached: StrategyContext | undefined;

  constructor(readonly params: P) {}

  /** Called once by the runner before `onStart`. */
  attach(context: StrategyContext): void {
    if (this.attached !== undefined) throw new NwsError(ErrorCode.Conflict, `strategy ${context.strategyId} is already attached to a runner`);
    this.attached = context;
  }

  /** The runner's context; throws when used before `attach` (e.g. in the constructor). */
  protected get ctx(): StrategyContext {
    if (this.attached === undefined) throw new NwsError(ErrorCode.Conflict, 'strategy context is only available from onStart on');
    return this.attached;
  }

  protected get clock(): Clock {
    return this.ctx.clock;
  }

  protected get log(): StrategyLogger {
    return this.ctx.log;
  }

  onStart(): void {}
  /**
   * A new bar. In a backtest the runner reuses one Bar object per instrument (no allocation per
   * bar), so the object is valid only during this call: copy it (`{ ...bar }`) to keep it.
   */
  onBar(_bar: Bar): void {}
  onQuote(_quote: QuoteTick): void {}
  onTrade(_trade: TradeTick): void {}
  onOrderUpdate(_order: Order): void {}
  onFill(_fill: Fill): void {}
  onStop(): void {}

  protected submit(request: StrategyOrderRequest): ClientOrderId {
    return this.ctx.submit(request);
  }

  protected buy(instrumentId: InstrumentId, quantity: number): ClientOrderId {
    return this.ctx.submit({ type: 'MARKET', instrumentId, side: 'BUY', quantity });
  }

  protected sell(instrumentId: InstrumentId, quantity: number): ClientOrderId {
    return this.ctx.submit({ type: 'MARKET', instrumentId, side: 'SELL', quantity });
  }

  protected cancel(clientOrderId: ClientOrderId): void {
    this.ctx.cancel(clientOrderId);
  }

  protected modify(clientOrderId: ClientOrderId, changes: OrderModification): void {
    this.ctx.modify(clientOrderId, changes);
  }

  protected close(instrumentId: InstrumentId): ClientOrderId | undefined {
    return this.ctx.close(instrumentId);
  }

  protected bracket(request: StrategyBracketRequest): BracketOrderIds {
    return this.ctx.bracket(request);
  }

  protected netQty(instrumentId: InstrumentId): number {
    return this.ctx.netQty(instrumentId);
  }

  protected indicator(name: string, params?: IndicatorParams, options?: IndicatorOptions): Indicator {
    return this.ctx.indicator(name, params, options);
  }
}
