import { useMemo, useState, type ReactNode } from 'react';
import { currentHostClient } from '../health/health-store.js';
import { useOrdersStore } from '../trading/orders-store.js';
import { ibAccountPhase, ibOrderLists, useIbkrAccountStore, type OrderChanges } from '../trading/ibkr-account-store.js';
import type { FillView, OrderView } from '../trading/trading-types.js';
import type { WidgetSettings } from '../dashboard/layout-schema.js';
import { AccountSourcePicker, IbStateNotice, useAccountSource } from './account-source.js';
import { formatPrice, formatQuantity, formatTime, symbolOf } from './format-price.js';
import { VirtualRows } from './virtual-rows.js';

const ROW_HEIGHT = 24;
const TABS = ['working', 'orders', 'fills'] as const;
type BlotterTab = (typeof TABS)[number];
const ORDER_COLUMNS = '64px minmax(56px, 1fr) 40px 88px 64px 64px 72px 92px 116px';
const FILL_COLUMNS = '64px minmax(56px, 1fr) 40px 64px 72px minmax(120px, 1.5fr)';

/** How a blotter acts on an order of its account: paper through `orders.*`, IBKR through `ibkr.orders.*`. */
interface OrderActions {
  cancel(order: OrderView): Promise<unknown>;
  modify(order: OrderView, changes: OrderChanges): Promise<unknown>;
}

const PAPER_ACTIONS: OrderActions = {
  cancel: (order) => currentHostClient()?.call('orders.cancel', { clientOrderId: order.clientOrderId }) ?? Promise.resolve(),
  modify: (order, changes) => currentHostClient()?.call('orders.modify', { clientOrderId: order.clientOrderId, ...changes }) ?? Promise.resolve(),
};
const IBKR_ACTIONS: OrderActions = {
  cancel: (order) => useIbkrAccountStore.getState().cancel(order.clientOrderId),
  modify: (order, changes) => useIbkrAccountStore.getState().modify(order.clientOrderId, changes),
};

/** Orders and fills of the paper account, or of the IB account when the widget's account source is IB. */
export function BlotterWidget({ widgetId, settings }: { widgetId?: string | undefined; settings?: WidgetSettings | undefined } = {}) {
  const source = useAccountSource({ settings });
  const picker = <AccountSourcePicker widgetId={widgetId} settings={settings} />;
  return source === 'ibkr' ? <IbBlotter picker={picker} /> : <PaperBlotter picker={picker} />;
}

function PaperBlotter({ picker }: { picker: ReactNode }) {
  const working = useOrdersStore((state) => state.working);
  const all = useOrdersStore((state) => state.all);
  const fills = useOrdersStore((state) => state.fills);
  const loaded = useOrdersStore((state) => state.loaded);
  return <Blotter picker={picker} working={working} all={all} fills={fills} loaded={loaded} actions={PAPER_ACTIONS} />;
}

/** IBKR orders from the journal and the bus; cancel goes to IB. */
function IbBlotter({ picker }: { picker: ReactNode }) {
  const ordersById = useIbkrAccountStore((state) => state.ordersById);
  const fills = useIbkrAccountStore((state) => state.fills);
  const status = useIbkrAccountStore((state) => state.status);
  const account = useIbkrAccountStore((state) => state.account);
  const { working, all } = useMemo(() => ibOrderLists(ordersById), [ordersById]);
  if (ibAccountPhase({ status, account }) === 'not-configured') {
    return (
      <div className="blotter" data-testid="blotter" data-account="ibkr">
        <div style={PICKER_ROW}>{picker}</div>
        <IbStateNotice />
      </div>
    );
  }
  return <Blotter picker={picker} working={working} all={all} fills={fills} loaded={status !== null} actions={IBKR_ACTIONS} notice={<IbStateNotice />} account="ibkr" />;
}

const PICKER_ROW = { padding: '4px 8px 0' } as const;

function Blotter(props: { picker: ReactNode; notice?: ReactNode; working: readonly OrderView[]; all: readonly OrderView[]; fills: readonly FillView[]; loaded: boolean; actions: OrderActions; account?: string }) {
  const { working, all, fills, loaded, actions } = props;
  const [tab, setTab] = useState<BlotterTab>('working');
  const [problem, setProblem] = useState<string | null>(null);
  const counts: Record<BlotterTab, number> = { working: working.length, orders: all.length, fills: fills.length };

  return (
    <div className="blotter" data-testid="blotter" data-account={props.account ?? 'paper'}>
      <div style={PICKER_ROW}>{props.picker}</div>
      {props.notice}
      <div className="tabs" role="tablist">
        {TABS.map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} className={`tab${tab === name ? ' active' : ''}`} data-tab={name} onClick={() => setTab(name)}>
            {name === 'working' ? 'Working' : name === 'orders' ? 'Orders' : 'Fills'}
            <span className="tab-count">{counts[name]}</span>
          </button>
        ))}
      </div>
      {problem !== null ? (
        <p className="inline-problem" data-testid="blotter-problem">
          {problem}
          <button type="button" className="link-button" onClick={() => setProblem(null)}>
            dismiss
          </button>
        </p>
      ) : null}
      {!loaded ? <p className="widget-empty">Loading orders…</p> : null}
      {loaded && tab === 'fills' ? <FillRows fills={fills} /> : null}
      {loaded && tab !== 'fills' ? <OrderRows orders={tab === 'working' ? working : all} editable={tab === 'working'} actions={actions} onProblem={setProblem} emptyText={tab === 'working' ? 'No working orders.' : 'No orders yet.'} /> : null}
    </div>
  );
}

function OrderRows(props: { orders: readonly OrderView[]; editable: boolean; actions: OrderActions; emptyText: string; onProblem(problem: string | null): void }) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <VirtualRows
      items={props.orders}
      rowHeight={ROW_HEIGHT}
      columns={ORDER_COLUMNS}
      testId="blotter-orders"
      rowKey={(order) => order.clientOrderId}
      empty={<p className="widget-empty">{props.emptyText}</p>}
      header={
        <>
          <span>Time</span>
          <span>Symbol</span>
          <span>Side</span>
          <span>Type</span>
          <span className="num">Qty</span>
          <span className="num">Filled</span>
          <span className="num">Price</span>
          <span>Status</span>
          <span />
        </>
      }
      renderRow={(order) =>
        editing === order.clientOrderId ? (
          <ModifyRow order={order} actions={props.actions} onDone={() => setEditing(null)} onProblem={props.onProblem} />
        ) : (
          <OrderCells order={order} editable={props.editable && order.status !== 'PENDING_CANCEL'} actions={props.actions} onModify={() => setEditing(order.clientOrderId)} onProblem={props.onProblem} />
        )
      }
    />
  );
}

function orderPrice(order: OrderView): number | undefined {
  if (typeof order['price'] === 'number') return order['price'];
  if (typeof order['triggerPrice'] === 'number') return order['triggerPrice'];
  return typeof order['avgFillPrice'] === 'number' ? order['avgFillPrice'] : undefined;
}

function OrderCells(props: { order: OrderView; editable: boolean; actions: OrderActions; onModify(): void; onProblem(problem: string | null): void }) {
  const { order } = props;
  const reason = typeof order['reason'] === 'string' ? order['reason'] : undefined;
  const modifiable = typeof order['price'] === 'number' || typeof order['triggerPrice'] === 'number';
  async function cancel() {
    props.onProblem(null);
    try {
      await props.actions.cancel(order);
    } catch (error) {
      props.onProblem((error as Error).message);
    }
  }
  return (
    <>
      <span className="muted">{typeof order['tsInit'] === 'number' ? formatTime(order['tsInit']) : ''}</span>
      <span className="symbol" title={order.clientOrderId}>{symbolOf(order.instrumentId)}</span>
      <span className={order.side === 'BUY' ? 'pos' : 'neg'}>{order.side}</span>
      <span className="muted">{order.type.replaceAll('_', ' ').toLowerCase()}</span>
      <span className="num">{formatQuantity(order.quantity)}</span>
      <span className="num">{formatQuantity(order.filledQty)}</span>
      <span className="num">{formatPrice(orderPrice(order))}</span>
      <span className={`status status-${order.status.toLowerCase()}`} title={reason ?? ''} data-status={order.status}>
        {order.status.replaceAll('_', ' ').toLowerCase()}
      </span>
      <span className="row-actions">
        {props.editable ? (
          <>
            {modifiable ? (
              <button type="button" className="button mini" onClick={props.onModify}>
                Modify
              </button>
            ) : null}
            <button type="button" className="button mini danger" onClick={() => void cancel()}>
              Cancel
            </button>
          </>
        ) : null}
      </span>
    </>
  );
}

/** The row turned into inputs: quantity and price (or trigger); Enter saves, Escape backs out. */
function ModifyRow(props: { order: OrderView; actions: OrderActions; onDone(): void; onProblem(problem: string | null): void }) {
  const { order } = props;
  const priceField = typeof order['price'] === 'number' ? 'price' : 'triggerPrice';
  const [quantity, setQuantity] = useState(String(order.quantity));
  const [price, setPrice] = useState(String(order[priceField] ?? ''));
  async function save() {
    props.onProblem(null);
    const changes: OrderChanges = {};
    if (Number(quantity) !== order.quantity) changes.quantity = Number(quantity);
    if (Number(price) !== order[priceField]) changes[priceField] = Number(price);
    if (Object.keys(changes).length === 0) return props.onDone();
    try {
      await props.actions.modify(order, changes);
      props.onDone();
    } catch (error) {
      props.onProblem((error as Error).message);
    }
  }
  return (
    <form
      className="modify-row"
      data-testid="modify-row"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={(event) => event.key === 'Escape' && props.onDone()}
    >
      <span className="symbol">{symbolOf(order.instrumentId)}</span>
      <span className={order.side === 'BUY' ? 'pos' : 'neg'}>{order.side}</span>
      <label>
        Qty <input aria-label="New quantity" value={quantity} onChange={(event) => setQuantity(event.target.value)} autoFocus />
      </label>
      <label>
        {priceField === 'price' ? 'Price' : 'Stop'} <input aria-label="New price" value={price} onChange={(event) => setPrice(event.target.value)} />
      </label>
      <button type="submit" className="button mini primary">
        Save
      </button>
      <button type="button" className="button mini" onClick={props.onDone}>
        Esc
      </button>
    </form>
  );
}

function FillRows({ fills }: { fills: readonly FillView[] }) {
  return (
    <VirtualRows
      items={fills}
      rowHeight={ROW_HEIGHT}
      columns={FILL_COLUMNS}
      testId="blotter-fills"
      rowKey={(fill) => fill.tradeId}
      empty={<p className="widget-empty">No fills yet.</p>}
      header={
        <>
          <span>Time</span>
          <span>Symbol</span>
          <span>Side</span>
          <span className="num">Qty</span>
          <span className="num">Price</span>
          <span>Order</span>
        </>
      }
      renderRow={(fill) => (
        <>
          <span className="muted">{formatTime(fill.ts)}</span>
          <span className="symbol">{symbolOf(fill.instrumentId)}</span>
          <span className={fill.side === 'BUY' ? 'pos' : 'neg'}>{fill.side}</span>
          <span className="num">{formatQuantity(fill.qty)}</span>
          <span className="num">{formatPrice(fill.price)}</span>
          <span className="muted mono">{fill.clientOrderId}</span>
        </>
      )}
    />
  );
}
