// Account values, positions and P&L (reqAccountUpdates / reqPositions / reqPnL) for the account
// and portfolio views; re-subscribed on every (re)connect.
import { EventName, type Contract, type IBApi } from '@stoqey/ib';
import type { IbkrConnection } from './ibkr-connection.js';

export interface IbkrAccountPosition {
  account: string;
  conId: number;
  symbol: string;
  secType: string;
  currency: string;
  quantity: number;
  avgCost: number;
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
      positions: [...this.positionsByConId.values()],
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
      ib.on(EventName.pnl, (_reqId: number, daily: number, unrealized?: number, realized?: number) => { this.pnl = { daily, unrealized: unrealized ?? 0, realized: realized ?? 0 }; this.changed(); });
    }
    ib.reqAccountUpdates(true, account);
    ib.reqPositions();
    ib.reqPnL(this.connection.requestId(), account, '');
  }

  private onPosition(account: string, contract: Contract, quantity: number, avgCost: number): void {
    if (contract.conId === undefined) return;
    this.positionsByConId.set(contract.conId, { account, conId: contract.conId, symbol: contract.symbol ?? '', secType: String(contract.secType ?? ''),
      currency: contract.currency ?? '', quantity, avgCost });
    this.changed();
  }

  private changed(): void {
    if (this.listeners.size === 0) return;
    const snapshot = this.snapshot();
    for (const listener of this.listeners) listener(snapshot);
  }
}
