// The IB account as IB reports it (reqAccountUpdates / reqPositions / reqPnL through
// IbkrAccountFeed): the `ibkr.account` view, and live updates on the bus under the IB account id,
// as paper trading publishes its own: `account.<id>` (a core Account) and `pnl.account.<id>`
// (this view). Net liquidation also becomes the IB risk engine's equity (`onNetLiquidation`).
// Each position carries our instrument id when its contract maps to one, so the positions widget
// can close it with `ibkr.orders.submit`; see `positionInstrumentId` for which contracts do.
import { accountId, balance, instrumentIdProblem, topics, type Account, type HandlerResult, type InstrumentId, type MessageBus, type Topic } from '@nws/core';
import { IbkrAccountFeed, type IbkrAccountPosition, type IbkrAccountSnapshot, type IbkrConnection } from '@nws/marketdata';
import { specForInstrument } from './ibkr-instruments.js';

export type IbkrAccountView = HandlerResult<'ibkr.account'>;

export interface IbkrAccountViewOptions {
  connection: IbkrConnection;
  bus: MessageBus;
  now: () => number;
  onNetLiquidation: (netLiquidation: number) => void;
  /**
   * The instrument id the app traded an IB contract (conId) as, from the contract book: wins over
   * the id derived from the contract, so a close nets against the app's own position.
   */
  knownInstrument?: (conId: number) => InstrumentId | undefined;
  /** IB's price of each position that has our instrument id, on every update (marks for the risk engine). */
  onPositionPrice?: (instrumentId: InstrumentId, marketPrice: number, position: { multiplier: number; currency: string }) => void;
}

export class IbkrAccount {
  private readonly feed: IbkrAccountFeed;
  private lastNetLiquidation: number | undefined;

  constructor(private readonly options: IbkrAccountViewOptions) {
    this.feed = new IbkrAccountFeed(options.connection, options.now);
    this.feed.onUpdate((snapshot) => this.onUpdate(snapshot));
  }

  view(): IbkrAccountView {
    return toView(this.feed.snapshot(), this.options.knownInstrument);
  }

  private onUpdate(snapshot: IbkrAccountSnapshot): void {
    const view = toView(snapshot, this.options.knownInstrument);
    for (const position of view.positions) {
      if (position.instrumentId !== undefined && position.marketPrice !== undefined) this.options.onPositionPrice?.(position.instrumentId as InstrumentId, position.marketPrice, position);
    }
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

function toView(snapshot: IbkrAccountSnapshot, knownInstrument?: (conId: number) => InstrumentId | undefined): IbkrAccountView {
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
    positions: snapshot.positions.map((position) => {
      const { account: _account, primaryExch: _primaryExch, ...shown } = position;
      const instrumentId = positionInstrumentId(position, knownInstrument);
      return instrumentId === undefined ? shown : { ...shown, instrumentId };
    }),
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

/**
 * Our instrument id for an IB position, or undefined when the contract cannot be named safely.
 * IB positions are real money: an id is given only when an order for it reaches this very contract.
 * The contract book (contracts the app traded or streamed, by conId) comes first. Otherwise the id
 * is derived as the rest of the app writes it and kept only if `specForInstrument` reads it back as
 * this contract: USD shares as `SYMBOL.PRIMARY_EXCHANGE` (`BRK B` → `BRK.B.NYSE`), options by their
 * OCC symbol (`SPY991217C00500000.SMART`), forex pairs as `EUR.USD.IDEALPRO`. Futures only come
 * from the contract book: `ES.CME` means the front month, which need not be the month held.
 */
export function positionInstrumentId(position: IbkrAccountPosition, knownInstrument?: (conId: number) => InstrumentId | undefined): InstrumentId | undefined {
  const known = knownInstrument?.(position.conId);
  if (known !== undefined) return known;
  const derived = derivedInstrumentId(position);
  return derived !== undefined && instrumentIdProblem(derived) === undefined && readsBackAs(derived as InstrumentId, position) ? (derived as InstrumentId) : undefined;
}

/** OCC option symbol as IB's local symbol writes it, padding removed: root, yymmdd, C/P, strike × 1000. */
const OCC_SYMBOL = /^[A-Z]{1,6}\d{6}[CP]\d{8}$/;

function derivedInstrumentId(position: IbkrAccountPosition): string | undefined {
  switch (position.secType) {
    case 'STK':
      // An order for a stock id is resolved as a USD SMART stock: other currencies would trade another listing.
      return position.currency === 'USD' ? `${position.symbol}.${position.primaryExch || 'SMART'}` : undefined;
    case 'OPT': {
      const occ = position.localSymbol?.replace(/\s+/g, '') ?? '';
      return position.currency === 'USD' && OCC_SYMBOL.test(occ) ? `${occ}.SMART` : undefined;
    }
    case 'CASH':
      return `${position.symbol}.${position.currency}.IDEALPRO`;
    default:
      return undefined;
  }
}

/** Whether an order for `id` would resolve to the position's contract (same kind, symbol, month, strike, right). */
function readsBackAs(id: InstrumentId, position: IbkrAccountPosition): boolean {
  let spec: ReturnType<typeof specForInstrument>;
  try {
    spec = specForInstrument(id);
  } catch {
    return false;
  }
  switch (spec.kind) {
    case 'stock':
    case 'etf':
      return position.secType === 'STK' && spec.symbol === position.symbol;
    case 'option':
      return position.secType === 'OPT' && spec.symbol === position.symbol && position.multiplier === 100;
    case 'forex':
      return position.secType === 'CASH' && spec.base === position.symbol && spec.quote === position.currency;
    case 'future':
      return false;
  }
}
