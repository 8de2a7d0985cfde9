import { Fragment, useState } from 'react';
import { currentHostClient } from '../health/health-store.js';
import { useQuoteStore } from '../market/quote-store.js';
import { unrealisedPnl, usePositionsStore } from '../trading/positions-store.js';
import { ibAccountId, ibAccountPhase, ibOrderLists, useIbkrAccountStore, type IbPositionView } from '../trading/ibkr-account-store.js';
import type { PositionView } from '../trading/trading-types.js';
import type { WidgetSettings } from '../dashboard/layout-schema.js';
import { AccountSourcePicker, IbStateNotice, SOURCE_BODY, SOURCE_LAYOUT, STALE_STYLE, useAccountSource, useIbStale } from './account-source.js';
import { AVERAGE_PRICE_DECIMALS, formatMoney, formatPrice, formatQuantity, formatSignedMoney, signClass, symbolOf } from './format-price.js';

/** Columns a user can hide from the widget's settings menu (symbol and Close always show). */
export const POSITION_COLUMNS = [
  { id: 'qty', label: 'Qty' },
  { id: 'avg', label: 'Avg price' },
  { id: 'last', label: 'Last' },
  { id: 'unrealised', label: 'Unrealised' },
  { id: 'realised', label: 'Realised' },
] as const;
export type PositionColumn = (typeof POSITION_COLUMNS)[number]['id'];

/** Paper positions, or IB's own positions when the widget's account source is IB. */
export function PositionsWidget({ widgetId, settings }: { widgetId?: string | undefined; settings?: WidgetSettings | undefined }) {
  const source = useAccountSource({ settings });
  return (
    <div style={SOURCE_LAYOUT}>
      <div style={{ padding: '4px 8px 0' }}>
        <AccountSourcePicker widgetId={widgetId} settings={settings} />
      </div>
      <div style={SOURCE_BODY}>{source === 'ibkr' ? <IbPositions /> : <PaperPositions settings={settings} />}</div>
    </div>
  );
}

/**
 * IB's positions as IB reports them: quantity, average cost, and market value and unrealised P&L
 * from IB's portfolio updates. A position whose contract maps to one of our instrument ids can be
 * closed: IB is real money, so Close first asks inline, then sends a reduce-only DAY market order
 * for the whole quantity on the opposite side through `ibkr.orders.submit`.
 */
function IbPositions() {
  const account = useIbkrAccountStore((state) => state.account);
  const status = useIbkrAccountStore((state) => state.status);
  const ordersById = useIbkrAccountStore((state) => state.ordersById);
  const stale = useIbStale();
  const [confirming, setConfirming] = useState<number | null>(null);
  const [sending, setSending] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const phase = ibAccountPhase({ status, account });
  if (phase === 'not-configured') return <IbStateNotice />;
  const connected = phase === 'connected';
  const accountName = ibAccountId({ status, account }) ?? '';
  // A close order still working must not be doubled: IB does not enforce reduce-only on shares.
  const closing = new Set(ibOrderLists(ordersById).working.filter((order) => order['reduceOnly'] === true).map((order) => order.instrumentId));
  const positions = [...(account?.positions ?? [])].sort((a, b) => Number(b.quantity !== 0) - Number(a.quantity !== 0) || ibSymbol(a).localeCompare(ibSymbol(b)));

  async function close(position: IbPositionView & { instrumentId: string }) {
    const client = currentHostClient();
    if (client === null) return setProblem('Not connected to the Host: nothing was sent.');
    setProblem(null);
    setSending(position.conId);
    try {
      const order = await client.call('ibkr.orders.submit', { instrumentId: position.instrumentId, type: 'MARKET', side: closingSide(position), quantity: Math.abs(position.quantity), timeInForce: 'DAY', reduceOnly: true });
      useIbkrAccountStore.getState().applyOrders([order]);
      setConfirming(null);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setSending(null);
    }
  }

  return (
    <div className="widget-scroll">
      <IbStateNotice />
      {problem !== null ? (
        <p className="inline-problem" data-testid="ib-close-problem">
          <span>{problem}</span>
          <button type="button" className="link-button" onClick={() => setProblem(null)}>
            Dismiss
          </button>
        </p>
      ) : null}
      {account === null ? <p className="widget-empty">Loading IB positions…</p> : null}
      {account !== null && positions.length === 0 ? <p className="widget-empty">No IB positions.</p> : null}
      {positions.length > 0 ? (
        <table className="grid-table positions" data-testid="ib-positions" style={stale ? STALE_STYLE : undefined}>
          <thead>
            <tr>
              <th>Symbol</th>
              <th className="num">Qty</th>
              <th className="num">Avg cost</th>
              <th className="num">Mkt value</th>
              <th className="num">Unrealised</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {positions.map((position) => (
              <Fragment key={position.conId}>
                <tr data-conid={position.conId} data-symbol={ibSymbol(position)} className={position.quantity === 0 ? 'flat' : ''}>
                  <td className="symbol" title={`${position.secType} ${position.currency}${position.multiplier === 1 ? '' : ` ×${position.multiplier}`}`}>
                    {ibSymbol(position)}
                  </td>
                  <td className={`num ${signClass(position.quantity)}`} data-field="qty">{formatQuantity(position.quantity)}</td>
                  <td className="num" data-field="avg-cost">{formatPrice(position.avgCost, AVERAGE_PRICE_DECIMALS)}</td>
                  <td className="num" data-field="market-value">{formatMoney(position.marketValue)}</td>
                  <td className={`num ${signClass(position.unrealizedPnl)}`} data-field="unrealised">{formatSignedMoney(position.unrealizedPnl)}</td>
                  <td className="actions">
                    <IbCloseCell
                      position={position}
                      blocked={closeBlocked(position, { connected, closing, sending })}
                      onClose={() => {
                        setProblem(null);
                        setConfirming(position.conId);
                      }}
                    />
                  </td>
                </tr>
                {confirming === position.conId && hasInstrument(position) && position.quantity !== 0 ? (
                  <tr className="confirm-row" data-testid="ib-close-confirm-row">
                    <td colSpan={6}>
                      <span
                        className="confirm-group"
                        role="alertdialog"
                        aria-label="Confirm close position"
                        onKeyDown={(event) => event.key === 'Escape' && sending === null && setConfirming(null)}
                      >
                        <span data-testid="ib-close-confirm" data-side={closingSide(position)}>
                          Close {formatQuantity(Math.abs(position.quantity))} {ibSymbol(position)} at market on IB {accountName}?
                        </span>
                        <span className="muted">
                          {closingSide(position)} {formatQuantity(Math.abs(position.quantity))} · market · day
                        </span>
                        <button
                          type="button"
                          className="button mini danger"
                          disabled={sending !== null || !connected}
                          onClick={() => void close(position)}
                          autoFocus
                        >
                          {sending === position.conId ? 'Closing…' : 'Close position'}
                        </button>
                        <button type="button" className="button mini" disabled={sending === position.conId} onClick={() => setConfirming(null)}>
                          Keep
                        </button>
                      </span>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

/** Close for a position we can name; for one we cannot, a dash saying why (it is closed in TWS instead). */
function IbCloseCell({ position, blocked, onClose }: { position: IbPositionView; blocked: string | null; onClose(): void }) {
  if (position.quantity === 0) return null;
  if (!hasInstrument(position)) {
    return (
      <span className="muted" data-testid="ib-close-unavailable" title={`${ibSymbol(position)} (${position.secType} ${position.currency}) has no instrument in this app, so it cannot be closed here: close it in TWS`}>
        —
      </span>
    );
  }
  return (
    <button type="button" className="button mini" disabled={blocked !== null} onClick={onClose} title={blocked ?? `Flatten ${ibSymbol(position)} at IB with a market order (asks first)`}>
      Close
    </button>
  );
}

/** Why Close is unavailable right now (the tooltip), or null when it may be pressed. */
function closeBlocked(position: IbPositionView, state: { connected: boolean; closing: ReadonlySet<string>; sending: number | null }): string | null {
  if (!state.connected) return 'IB is not connected: positions cannot be closed until it reconnects';
  if (state.sending !== null) return 'A close order is being sent';
  if (position.instrumentId !== undefined && state.closing.has(position.instrumentId)) return 'A close order for this position is working at IB';
  return null;
}

function hasInstrument(position: IbPositionView): position is IbPositionView & { instrumentId: string } {
  return position.instrumentId !== undefined;
}

/** The side that flattens: SELL a long, BUY back a short. */
function closingSide(position: IbPositionView): 'BUY' | 'SELL' {
  return position.quantity > 0 ? 'SELL' : 'BUY';
}

/** Shares by symbol (BRK.B); futures and options by IB's local symbol (ESZ99, SPY 991217C00500000). */
function ibSymbol(position: IbPositionView): string {
  return position.secType === 'STK' || position.localSymbol === undefined ? position.symbol : position.localSymbol.replace(/\s+/g, ' ');
}

/** Open and traded paper positions with live unrealised P&L at the mid; Close flattens with a market order. */
function PaperPositions({ settings }: { settings?: WidgetSettings | undefined }) {
  const shown = new Set<string>(settings?.columns ?? POSITION_COLUMNS.map((column) => column.id));
  const byInstrument = usePositionsStore((state) => state.byInstrument);
  const loaded = usePositionsStore((state) => state.loaded);
  const quotes = useQuoteStore((state) => state.quotes);
  const [problem, setProblem] = useState<string | null>(null);
  const positions = Object.values(byInstrument).sort((a, b) => Number(b.netQty !== 0) - Number(a.netQty !== 0) || a.instrumentId.localeCompare(b.instrumentId));

  if (!loaded) return <p className="widget-empty">Loading positions…</p>;
  if (positions.length === 0) return <p className="widget-empty">No positions yet. Orders you fill from the ticket show here.</p>;

  async function close(position: PositionView) {
    const client = currentHostClient();
    if (client === null) return;
    setProblem(null);
    try {
      await client.call('orders.submit', { instrumentId: position.instrumentId, type: 'MARKET', side: position.netQty > 0 ? 'SELL' : 'BUY', quantity: Math.abs(position.netQty), reduceOnly: true });
    } catch (error) {
      setProblem((error as Error).message);
    }
  }

  return (
    <div className="widget-scroll">
      {problem !== null ? <p className="inline-problem">{problem}</p> : null}
      <table className="grid-table positions" data-testid="positions">
        <thead>
          <tr>
            <th>Symbol</th>
            {POSITION_COLUMNS.filter((column) => shown.has(column.id)).map((column) => (
              <th key={column.id} className="num">
                {column.label}
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {positions.map((position) => {
            const quote = quotes[position.instrumentId];
            const mark = quote === undefined ? undefined : (quote.bid + quote.ask) / 2;
            const unrealised = unrealisedPnl(position, mark);
            return (
              <tr key={position.instrumentId} data-instrument={position.instrumentId} className={position.netQty === 0 ? 'flat' : ''}>
                <td className="symbol">{symbolOf(position.instrumentId)}</td>
                {shown.has('qty') ? <td className={`num ${signClass(position.netQty)}`} data-field="qty">{formatQuantity(position.netQty)}</td> : null}
                {shown.has('avg') ? <td className="num">{position.netQty === 0 ? '—' : formatPrice(position.avgOpenPrice, AVERAGE_PRICE_DECIMALS)}</td> : null}
                {shown.has('last') ? <td className="num">{formatPrice(mark)}</td> : null}
                {shown.has('unrealised') ? <td className={`num ${signClass(unrealised)}`}>{formatSignedMoney(unrealised)}</td> : null}
                {shown.has('realised') ? <td className={`num ${signClass(position.realizedPnl)}`}>{formatSignedMoney(position.realizedPnl)}</td> : null}
                <td className="actions">
                  {position.netQty !== 0 ? (
                    <button type="button" className="button mini" onClick={() => void close(position)} title="Flatten with a market order">
                      Close
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
