// Starts the trading stores once per session: seeds them from the paper trading methods, then
// follows the bus. Every stream goes through a FrameCoalescer, so however busy the account is
// (a strategy filling hundreds of orders a second) each store changes at most once a frame.
import { patterns, topics, type AccountId, type Alert as HostAlert, type LogRecord, type RiskAlert } from '@nws/core';
import type { HostClient } from '../connection/host-client.js';
import { FrameCoalescer } from '../market/frame-coalescer.js';
import { setAccountClient, useAccountStore, type PnlView } from './account-store.js';
import { useAlertsStore, type Alert } from './alerts-store.js';
import { isIbkrOrderId, isIbkrPositionId } from './ibkr-account-store.js';
import { useOrdersStore } from './orders-store.js';
import { usePositionsStore } from './positions-store.js';
import type { FillView, OrderView, PositionView } from './trading-types.js';

let started: Promise<void> | null = null;

/** Idempotent: the first caller starts the feed, later callers get the same promise. */
export function startTradingFeed(client: HostClient): Promise<void> {
  started ??= start(client).catch((error: unknown) => {
    started = null;
    useAccountStore.setState({ problem: `paper trading unavailable: ${(error as Error).message}` });
  });
  return started;
}

async function start(client: HostClient): Promise<void> {
  setAccountClient(client);
  const refreshAccount = throttled(() => void client.call('account.get', {}).then((account) => useAccountStore.getState().setAccount(account)), 250);
  const refreshKill = () => void client.call('risk.killStatus', {}).then((kill) => useAccountStore.getState().setKill(kill));

  const orders = new FrameCoalescer<OrderView>((latest) => {
    useOrdersStore.getState().applyOrders(latest.values());
    useAlertsStore.getState().add([...latest.values()].filter((order) => order.status === 'DENIED' || order.status === 'REJECTED').map(rejectionAlert));
  });
  const positions = new FrameCoalescer<PositionView>((latest) => usePositionsStore.getState().apply(latest.values()));
  const fills = new BatchPerFrame<FillView>((batch) => {
    useOrdersStore.getState().addFills(batch);
    useAlertsStore.getState().add(batch.map(fillAlert));
    refreshAccount();
  });
  const alerts = new BatchPerFrame<Omit<Alert, 'id'>>((batch) => useAlertsStore.getState().add(batch));
  const pnl = new FrameCoalescer<PnlView>((latest) => {
    const last = latest.get('account');
    if (last !== undefined) useAccountStore.getState().applyPnl(last);
  });

  await Promise.all([
    // The IBKR account publishes on the same topics; its orders, fills and positions are not paper's
    // (the IB account source of the widgets shows them, from ibkr-account-store).
    client.subscribe(patterns.orders(), ({ data }) => {
      if (!isIbkrOrderId((data as OrderView).clientOrderId)) orders.push((data as OrderView).clientOrderId, data as OrderView);
    }),
    client.subscribe(patterns.fills(), ({ data }) => {
      if (!isIbkrOrderId((data as FillView).clientOrderId)) fills.push(data as FillView);
    }),
    client.subscribe(patterns.positions(), ({ data }) => {
      if (!isIbkrPositionId((data as PositionView)['id'])) positions.push((data as PositionView).instrumentId, data as PositionView);
    }),
    client.subscribe(patterns.accounts(), () => refreshAccount()),
    client.subscribe(patterns.riskAlerts(), ({ data }) => {
      const alert = data as RiskAlert;
      alerts.push(riskAlert(alert));
      if (alert.rule === 'kill-switch') refreshKill();
    }),
    client.subscribe(patterns.logs({ level: 'error' }), ({ data }) => alerts.push(engineAlert(data as LogRecord))),
    client.subscribe(patterns.alerts(), ({ data }) => alerts.push(brokerAlert(data as HostAlert))),
  ]);

  const [listed, filled, held, account, kill, breaches] = await Promise.all([
    client.call('orders.list', { recent: 1_000 }),
    client.call('fills.list', { limit: 1_000 }),
    client.call('positions.list', {}),
    client.call('account.get', {}),
    client.call('risk.killStatus', {}),
    client.call('risk.breaches', { limit: 50 }),
  ]);
  useOrdersStore.getState().seed([...listed.open, ...listed.recent], filled.fills);
  usePositionsStore.getState().seed(held.positions);
  useAccountStore.getState().setAccount(account);
  useAccountStore.getState().setKill(kill);
  useAlertsStore.getState().add(
    breaches.breaches.map((breach) => ({
      ts: breach.ts,
      kind: 'risk' as const,
      severity: breach.level === 'breach' ? ('error' as const) : breach.level === 'warning' ? ('warning' as const) : ('info' as const),
      message: `${breach.limitId}: ${breach.level} at ${formatPercent(breach.utilisation)}`,
    })),
  );
  await client.subscribe(topics.pnlAccount<PnlView>(account.account.id as AccountId), ({ data }) => pnl.push('account', data as PnlView));
}

/** Collects every item of a frame (fills and alerts must not be coalesced away). */
class BatchPerFrame<T> {
  private batch: T[] = [];
  private readonly coalescer: FrameCoalescer<true>;

  constructor(flush: (batch: T[]) => void) {
    this.coalescer = new FrameCoalescer<true>(() => {
      const batch = this.batch;
      this.batch = [];
      flush(batch);
    });
  }

  push(item: T): void {
    this.batch.push(item);
    this.coalescer.push('batch', true);
  }
}

function throttled(run: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      run();
    }, ms);
  };
}

function rejectionAlert(order: OrderView): Omit<Alert, 'id'> {
  const reason = typeof order['reason'] === 'string' ? order['reason'] : 'no reason given';
  const ts = typeof order['tsLast'] === 'number' ? order['tsLast'] : Date.now();
  return { ts, kind: 'rejection', severity: 'error', message: `${order.side} ${order.quantity} ${order.instrumentId} ${order.status.toLowerCase()}: ${reason}` };
}

function fillAlert(fill: FillView): Omit<Alert, 'id'> {
  return { ts: fill.ts, kind: 'fill', severity: 'success', message: `Filled ${fill.side} ${fill.qty} ${fill.instrumentId} @ ${fill.price.toFixed(2)}` };
}

function riskAlert(alert: RiskAlert): Omit<Alert, 'id'> {
  const severity = alert.level === 'breach' || alert.level === 'kill' ? 'error' : alert.level === 'warning' ? 'warning' : 'info';
  return { ts: alert.ts, kind: alert.rule === 'kill-switch' ? 'kill-switch' : 'risk', severity, message: alert.message };
}

/** Connection, farm and reconciliation alerts from a broker link (today IBKR); critical shows as an error. */
export function brokerAlert(alert: HostAlert): Omit<Alert, 'id'> {
  const severity = alert.severity === 'critical' ? 'error' : alert.severity;
  return { ts: alert.ts, kind: 'broker', severity, message: `${alert.source.toUpperCase()}: ${alert.message}` };
}

function engineAlert(record: LogRecord): Omit<Alert, 'id'> {
  return { ts: record.ts, kind: 'engine', severity: 'error', message: `${record.source}: ${record.message}` };
}

function formatPercent(utilisation: number | null): string {
  return utilisation === null ? '—' : `${(utilisation * 100).toFixed(1)}%`;
}
