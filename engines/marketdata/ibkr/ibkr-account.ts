// Account values, positions and P&L (reqAccountUpdates / reqPositions / reqPnL) for the account
// and portfolio views; re-subscribed on every (re)connect. reqAccountUpdates also streams IB's
// portfolio lines (updatePortfolio), which carry each position's market price and value and its
// unrealised P&L as IB computes them; those are merged into the positions by conId.
import type { Contract, IBApi } from '@stoqey/ib';
import { EventName } from './ib-api.js';
import type { IbkrConnection } from './ibkr-connection.js';
import { fromIbSymbol } from './ibkr-symbols.js';

export interface IbkrAccountPosition {
  account: string;
  conId: number;
  /** Our spelling (`BRK.B`, not IB's `BRK B`); an option's underlying. */
  symbol: string;
  /** IB's local symbol (an option's OCC symbol, a future's month code). */
  localSymbol?: string;
  /** A stock's listing exchange (NASDAQ, NYSE), from IB's portfolio updates: the venue of its instrument id. */
  primaryExch?: string;
  secType: string;
  currency: string;
  quantity: number;
  avgCost: number;
  /** Point value: 100 for an equity option, 50 for ES, 1 for shares. */
  multiplier: number;
  /** From IB's portfolio updates, once one arrived for this position. */
  marketPrice?: number;
  marketValue?: number;
  unrealizedPnl?: number;
  realizedPnl?: number;
}

export interface IbkrPnl {
  daily: number;
  unrealized: number;
  realized: number;
}

export interface IbkrAccountSnapshot {
  account: string;
  /** IB account keys (NetLiquidation, TotalCashValue, BuyingPower, ...) per currency. */
  values: Record<string, { value: string; currency: string }>;
  positions: IbkrAccountPosition[];
  pnl?: IbkrPnl;
  ts: number;
}

export class IbkrAccountFeed {
  private readonly values = new Map<string, { value: string; currency: string }>();
  private readonly positionsByConId = new Map<number, IbkrAccountPosition>();
  private pnl: IbkrPnl | undefined;
  private attachedTo: IBApi | undefined;
  private readonly listeners = new Set<(snapshot: IbkrAccountSnapshot) => void>();

  constructor(private readonly connection: IbkrConnection, private readonly now: () => number = Date.now) {
    connection.onReady(() => this.subscribe());
    if (connection.isConnected()) this.subscribe();
  }

  onUpdate(listener: (snapshot: IbkrAccountSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): IbkrAccountSnapshot {
    return {
      account: this.connection.accounts[0] ?? '',
      values: Object.fromEntries(this.values),
      positions: [...this.positionsByConId.values()].map((position) => ({ ...position })),
      pnl: this.pnl,
      ts: this.now(),
    };
  }

  private subscribe(): void {
    const ib = this.connection.ib;
    const account = this.connection.accounts[0] ?? '';
    if (this.attachedTo !== ib) {
      this.attachedTo = ib;
      ib.on(EventName.updateAccountValue, (key: string, value: string, currency: string) => { this.values.set(key, { value, currency }); this.changed(); });
      ib.on(EventName.position, (acct: string, contract: Contract, pos: number, avgCost?: number) => this.onPosition(acct, contract, pos, avgCost ?? 0));
      ib.on(EventName.updatePortfolio, (contract: Contract, pos: number, marketPrice: number, marketValue: number, avgCost?: number, unrealized?: number, realized?: number, acct?: string) =>
        this.onPortfolio(contract, pos, { marketPrice, marketValue, avgCost, unrealized, realized, account: acct ?? account }));
      ib.on(EventName.pnl, (_reqId: number, daily: number, unrealized?: number, realized?: number) => { this.pnl = { daily, unrealized: unrealized ?? 0, realized: realized ?? 0 }; this.changed(); });
    }
    // Both are connection-wide subscriptions the venue's reconciliation shares: sent once per connect.
    void this.connection.subscribeAccountUpdates();
    void this.connection.requestPositions();
    ib.reqPnL(this.connection.requestId(), account, '');
  }

  private onPosition(account: string, contract: Contract, quantity: number, avgCost: number): void {
    if (contract.conId === undefined) return;
    const known = this.positionsByConId.get(contract.conId);
    this.positionsByConId.set(contract.conId, { ...known, ...describe(account, contract), quantity, avgCost });
    this.changed();
  }

  private onPortfolio(contract: Contract, quantity: number, values: { marketPrice: number; marketValue: number; avgCost?: number | undefined; unrealized?: number | undefined; realized?: number | undefined; account: string }): void {
    if (contract.conId === undefined) return;
    const known = this.positionsByConId.get(contract.conId);
    this.positionsByConId.set(contract.conId, {
      ...known,
      ...describe(values.account, contract),
      quantity,
      avgCost: values.avgCost ?? known?.avgCost ?? 0,
      ...finite('marketPrice', values.marketPrice),
      ...finite('marketValue', values.marketValue),
      ...finite('unrealizedPnl', values.unrealized),
      ...finite('realizedPnl', values.realized),
    });
    this.changed();
  }

  private changed(): void {
    if (this.listeners.size === 0) return;
    const snapshot = this.snapshot();
    for (const listener of this.listeners) listener(snapshot);
  }
}

function describe(account: string, contract: Contract): Pick<IbkrAccountPosition, 'account' | 'conId' | 'symbol' | 'localSymbol' | 'primaryExch' | 'secType' | 'currency' | 'multiplier'> {
  const multiplier = Number(contract.multiplier);
  return {
    account,
    conId: contract.conId!,
    symbol: fromIbSymbol(contract.symbol ?? ''),
    ...(contract.localSymbol ? { localSymbol: contract.localSymbol } : {}),
    // Only portfolio updates carry it; a later position message (without) keeps the known one.
    ...(contract.primaryExch ? { primaryExch: contract.primaryExch } : {}),
    secType: String(contract.secType ?? ''),
    currency: contract.currency ?? '',
    multiplier: Number.isFinite(multiplier) && multiplier > 0 ? multiplier : 1,
  };
}

/** IB sends DBL_MAX for values it does not know; only real numbers are kept. */
function finite<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value !== undefined && Number.isFinite(value) && Math.abs(value) < 1e300 ? ({ [key]: value } as Record<K, number>) : {};
}
