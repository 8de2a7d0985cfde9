// The IB account as IB reports it (reqAccountUpdates / reqPositions / reqPnL through
// IbkrAccountFeed): the `ibkr.account` view, and live updates on the bus under the IB account id,
// as paper trading publishes its own: `account.<id>` (a core Account) and `pnl.account.<id>`
// (this view). Net liquidation also becomes the IB risk engine's equity (`onNetLiquidation`).
import { accountId, balance, topics, type Account, type HandlerResult, type MessageBus, type Topic } from '@nws/core';
import { IbkrAccountFeed, type IbkrAccountSnapshot, type IbkrConnection } from '@nws/marketdata';

export type IbkrAccountView = HandlerResult<'ibkr.account'>;

export interface IbkrAccountViewOptions {
  connection: IbkrConnection;
  bus: MessageBus;
  now: () => number;
  onNetLiquidation: (netLiquidation: number) => void;
}

export class IbkrAccount {
  private readonly feed: IbkrAccountFeed;
  private lastNetLiquidation: number | undefined;

  constructor(private readonly options: IbkrAccountViewOptions) {
    this.feed = new IbkrAccountFeed(options.connection, options.now);
    this.feed.onUpdate((snapshot) => this.onUpdate(snapshot));
  }

  view(): IbkrAccountView {
    return toView(this.feed.snapshot());
  }

  private onUpdate(snapshot: IbkrAccountSnapshot): void {
    const view = toView(snapshot);
    if (view.netLiquidation !== undefined && view.netLiquidation > 0 && view.netLiquidation !== this.lastNetLiquidation) {
      this.lastNetLiquidation = view.netLiquidation;
      this.options.onNetLiquidation(view.netLiquidation);
    }
    if (view.account === '') return;
    const id = accountId(view.account);
    this.publish(topics.pnlAccount<IbkrAccountView>(id), view);
    this.publish(topics.account(id), toAccount(view));
  }

  private publish<T>(topic: Topic<T>, data: T): void {
    if (!this.options.bus.closed) this.options.bus.publish(topic, data);
  }
}

/** IB's account keys, read as numbers in the account's base currency. */
function amount(snapshot: IbkrAccountSnapshot, key: string): number | undefined {
  const value = Number(snapshot.values[key]?.value);
  return snapshot.values[key] === undefined || !Number.isFinite(value) ? undefined : value;
}

function toView(snapshot: IbkrAccountSnapshot): IbkrAccountView {
  const fields = {
    netLiquidation: amount(snapshot, 'NetLiquidation'),
    cash: amount(snapshot, 'TotalCashValue'),
    buyingPower: amount(snapshot, 'BuyingPower'),
    initMargin: amount(snapshot, 'InitMarginReq'),
    maintMargin: amount(snapshot, 'MaintMarginReq'),
    unrealizedPnl: amount(snapshot, 'UnrealizedPnL'),
    realizedPnl: amount(snapshot, 'RealizedPnL'),
  };
  return {
    account: snapshot.account,
    currency: snapshot.values['NetLiquidation']?.currency ?? 'USD',
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
    positions: snapshot.positions.map(({ account: _account, ...position }) => position),
    ...(snapshot.pnl === undefined ? {} : { pnl: { ...snapshot.pnl } }),
    ts: snapshot.ts,
  };
}

/** The core Account the account widgets read: cash as the base-currency balance, initial margin as margin used. */
function toAccount(view: IbkrAccountView): Account {
  return {
    id: accountId(view.account),
    type: 'margin',
    baseCurrency: view.currency,
    balances: { [view.currency]: balance(view.currency, view.cash ?? 0) },
    marginUsed: Math.max(0, view.initMargin ?? 0),
    ts: view.ts,
  };
}
