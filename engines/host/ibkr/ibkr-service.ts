// IbkrService: the Host's `ibkr` component. It keeps the connection settings (Settings → IBKR, in
// the StateStore), and while connected one session: the shared IbkrConnection with contracts,
// paced history (the IBKR backfill provider and symbol search use it), the IBKR account
// (IbkrTrading), market data onto the bus (IbkrMarketFeed) and IB's account values (IbkrAccount).
// Its state goes to system.health as engine `ibkr` and to `engines.ibkr.status`;
// IB's system codes and reconciliation reports go to the alerts feed (`alerts.ibkr`). An absent
// gateway never stops the Host: the connection retries with backoff and the engine shows degraded.
import { ErrorCode, NwsError, parseInstrumentId, topics, type Alert, type RiskAlert, type EngineState, type HandlerParams, type HandlerResult, type Fill, type MessageBus, type Order, type Position } from '@nws/core';
import type { OrderModification } from '@nws/execution';
import {
  IbkrConnection,
  IbkrContracts,
  IbkrHistoryClientImpl,
  defineIbkrConnectionConfig,
  type IbkrConnectionState,
  type IbkrContractMatch,
  type IbkrHistoricalBar,
  type IbkrHistoryClient,
  type IbkrHistoryRequest,
  type IbkrMessage,
  type IbkrStatus,
} from '@nws/marketdata';
import { KILL_SWITCH_RULE } from '@nws/risk';
import type { StateStore } from '@nws/storage';
import { alertForIbMessage, alertForVenue, IBKR_ALERT_SOURCE } from './ibkr-alerts.js';
import { loadIbkrSettings, mayConnect, nextIbkrSettings, IBKR_SETTINGS_KEY, type IbkrSettings } from './ibkr-settings.js';
import { IbkrTrading, listIbkrFills, listIbkrOrders } from './ibkr-trading.js';
import { IbkrInstrumentMap } from './ibkr-instruments.js';
import { IbkrMarketFeed } from './ibkr-market-feed.js';
import { IbkrAccount, type IbkrAccountView } from './ibkr-account-view.js';

export type IbkrStatusResult = HandlerResult<'ibkr.status'>;

export interface IbkrServiceOptions {
  bus: MessageBus;
  state: () => StateStore;
  /** Reports the component's state to the Host's supervisor (system.health, engines.ibkr.status). */
  report: (state: EngineState, message?: string) => void;
  /** Called when a configure switches the connection on (the Host enables the IBKR data provider). */
  onEnabled?: () => void | Promise<void>;
  now?: () => number;
  /** Reconnect timing (tests shorten it). */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; jitter?: number };
  connectTimeoutMs?: number;
}

const RECENT_ALERTS = 100;
const SWITCHED_OFF = 'IBKR is switched off (Settings → IBKR)';

interface Session {
  connection: IbkrConnection;
  contracts: IbkrContracts;
  history: IbkrHistoryClientImpl;
  trading: IbkrTrading;
  feed: IbkrMarketFeed;
  account: IbkrAccount;
  dispose: () => void;
}

export type IbkrMarketDataResult = HandlerResult<'ibkr.marketData.subscribe'>;

export class IbkrService {
  private settings: IbkrSettings | null = null;
  private session: Session | null = null;
  private lastError: string | undefined;
  private updatedAt: number;
  private readonly now: () => number;
  /** Fills applied while a reconnect reconciles are reported (they happened while we were away). */
  private reconciling = false;
  /** The latest alerts, newest last: a client that subscribes late can still show them. */
  private readonly alerts: Alert[] = [];
  private stopWatchingKillSwitch: (() => void) | undefined;
  /** Explicit contracts given with market-data subscriptions; orders for those ids use them too. */
  private readonly instruments = new IbkrInstrumentMap();

  /** The history and symbol-search client the IBKR data provider uses; follows the current session. */
  readonly historyClient: IbkrHistoryClient = {
    isConnected: () => this.session?.connection.isConnected() ?? false,
    requestHistoricalBars: (request: IbkrHistoryRequest): Promise<IbkrHistoricalBar[]> => this.connectedSession().history.requestHistoricalBars(request),
    searchSymbols: (pattern: string, signal?: AbortSignal): Promise<IbkrContractMatch[]> => this.connectedSession().history.searchSymbols(pattern, signal),
  };

  constructor(private readonly options: IbkrServiceOptions) {
    this.now = options.now ?? Date.now;
    this.updatedAt = this.now();
  }

  /** Loads the settings and, when they say so (and live is confirmed), starts connecting. */
  start(): void {
    const settings = loadIbkrSettings(this.options.state());
    this.settings = settings;
    const allowed = mayConnect(settings, this.options.state());
    if (settings.enabled && allowed.ok) this.open(settings);
    if (!allowed.ok) this.lastError = allowed.reason;
    this.stopWatchingKillSwitch = this.options.bus.subscribe(topics.riskAlerts(KILL_SWITCH_RULE), (alert) => this.onKillSwitch(alert), { name: 'ibkr-kill-switch' });
    // The Host marks a component `running` once start() returns; when IBKR is switched on, the
    // connection's real state is reported right after that (connecting, or degraded and why).
    if (settings.enabled) setImmediate(() => this.reportCurrentState());
  }

  stop(): void {
    this.stopWatchingKillSwitch?.();
    this.stopWatchingKillSwitch = undefined;
    this.close();
    this.settings = null;
  }

  status(): IbkrStatusResult {
    const settings = this.currentSettings();
    const connection = this.session?.connection;
    const state: IbkrConnectionState = connection?.state ?? 'disconnected';
    const serverVersion = connection?.isConnected() ? connection.ib.serverVersion : undefined;
    return {
      state,
      enabled: settings.enabled,
      host: settings.host,
      port: settings.port,
      clientId: settings.clientId,
      platform: settings.platform,
      mode: settings.mode,
      liveConfirmed: settings.liveConfirmed,
      accounts: connection?.isConnected() ? [...connection.accounts] : [],
      ...(serverVersion ? { serverVersion } : {}),
      ...(connection?.marketDataType === undefined ? {} : { marketDataType: connection.marketDataType }),
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      updatedAt: this.updatedAt,
    };
  }

  /** Validates and stores new settings (nothing stored on error); reconnects when connected or newly enabled. */
  async configure(params: HandlerParams<'ibkr.configure'>): Promise<IbkrStatusResult> {
    const store = this.options.state();
    const next = nextIbkrSettings(params, store);
    const wasOpen = this.session !== null;
    store.setSetting(IBKR_SETTINGS_KEY, { ...next });
    this.settings = next;
    this.touch();
    if (next.enabled) await this.options.onEnabled?.();
    if (wasOpen || next.enabled) {
      this.close();
      this.open(next);
    } else {
      this.options.report('running', SWITCHED_OFF);
    }
    return this.status();
  }

  /** Starts connecting with the stored settings; with `waitMs`, waits that long for the connection. */
  async connect(params: HandlerParams<'ibkr.connect'>): Promise<IbkrStatusResult> {
    const settings = this.currentSettings();
    const allowed = mayConnect(settings, this.options.state());
    if (!allowed.ok) throw new NwsError(ErrorCode.InvalidConfig, `IBKR cannot connect: ${allowed.reason}`);
    if (this.session === null) this.open(settings);
    else this.session.connection.start();
    if (params.waitMs > 0) await this.session!.connection.waitUntilConnected(params.waitMs).catch(() => undefined);
    return this.status();
  }

  /** Closes the connection and switches it off in Settings, so the next Host start does not connect either. */
  disconnect(): IbkrStatusResult {
    this.close();
    const settings = { ...this.currentSettings(), enabled: false };
    this.options.state().setSetting(IBKR_SETTINGS_KEY, settings);
    this.settings = Object.freeze(settings);
    this.options.report('running', 'IBKR disconnected by the user');
    return this.status();
  }

  /** The IBKR account; UNAVAILABLE before the first connect of this Host. */
  trading(): IbkrTrading {
    if (this.session === null) throw new NwsError(ErrorCode.Unavailable, 'IBKR is not connected: connect in Settings → IBKR first');
    return this.session.trading;
  }

  async submitOrder(params: unknown): Promise<Order> {
    return this.trading().submit(params);
  }

  modifyOrder(clientOrderId: string, changes: OrderModification): Order {
    return this.trading().modify(clientOrderId, changes);
  }

  cancelOrder(clientOrderId: string): Order {
    return this.trading().cancel(clientOrderId);
  }

  /** From the live account when there is a session, else straight from the journal. */
  orders(recent?: number): { open: Order[]; recent: Order[] } {
    if (this.session !== null) return this.session.trading.orders(recent);
    return listIbkrOrders(this.options.state(), recent ?? 50);
  }

  /** The latest IBKR fills from the journal, newest first; works without a session too. */
  fills(limit: number): Fill[] {
    return listIbkrFills(this.options.state(), limit);
  }

  positions(): Position[] {
    return this.session?.trading.positions() ?? [];
  }

  /** The IB account as IB reports it; UNAVAILABLE before the first connect of this Host. */
  account(): IbkrAccountView {
    if (this.session === null) throw new NwsError(ErrorCode.Unavailable, 'IBKR is not connected: connect in Settings → IBKR first');
    return this.session.account.view();
  }

  /** Starts streaming. Every id is parsed and every contract resolved first: a bad one (INVALID_ARGUMENT, UNKNOWN_INSTRUMENT) subscribes nothing. */
  async subscribeMarketData(params: HandlerParams<'ibkr.marketData.subscribe'>): Promise<IbkrMarketDataResult> {
    const { feed, contracts } = this.connectedSession();
    const requests = params.instruments.map(({ instrumentId, contract }) => {
      const id = parseInstrumentId(instrumentId);
      return { id, spec: contract ?? this.instruments.specFor(id) };
    });
    await Promise.all(requests.map(({ id, spec }) => contracts.resolve(spec).catch((error: unknown) => {
      throw new NwsError(ErrorCode.UnknownInstrument, `IBKR has no ${spec.kind} contract for ${id}: ${NwsError.from(error).message}`, { instrumentId: id });
    })));
    for (const { id, spec } of requests) {
      await feed.subscribe(id, spec, params.depth, params.bars);
      this.instruments.set(id, spec);
    }
    return { subscriptions: feed.list() };
  }

  unsubscribeMarketData(params: HandlerParams<'ibkr.marketData.unsubscribe'>): IbkrMarketDataResult {
    const feed = this.session?.feed;
    if (feed === undefined) return { subscriptions: [] };
    for (const id of params.instrumentIds) feed.unsubscribe(parseInstrumentId(id));
    return { subscriptions: feed.list() };
  }

  private reportCurrentState(): void {
    const settings = this.settings;
    // Switched off is a healthy choice: the component stays `running` (as the Host marked it).
    if (settings === null || !settings.enabled) return;
    const state = this.session?.connection.state;
    if (state === undefined) return this.options.report('degraded', `IBKR not connected: ${this.lastError ?? 'not started'}`);
    if (state === 'connected') return this.options.report('running', `connected to IBKR at ${settings.host}:${settings.port}`);
    if (state === 'connecting') return this.options.report('ready', `connecting to IBKR at ${settings.host}:${settings.port}`);
    this.options.report('degraded', `IBKR ${state}: ${this.lastError ?? 'no reason given'}`);
  }

  // ---- the session ----

  private open(settings: IbkrSettings): void {
    const store = this.options.state();
    const connection = new IbkrConnection(
      defineIbkrConnectionConfig({
        host: settings.host,
        port: settings.port,
        clientId: settings.clientId,
        application: settings.platform,
        mode: settings.mode,
        liveTradingConfirmed: settings.liveConfirmed,
        riskEngineEnabled: mayConnect(settings, store).ok,
        ...(this.options.reconnect === undefined ? {} : { reconnect: this.options.reconnect }),
        ...(this.options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: this.options.connectTimeoutMs }),
      }),
      { now: this.now },
    );
    const contracts = new IbkrContracts(connection);
    const trading = new IbkrTrading({ connection, contracts, store, bus: this.options.bus, now: this.now, onAlert: (alert) => this.alert(alertForVenue(alert)), specFor: (id) => this.instruments.specFor(id) });
    const feed = new IbkrMarketFeed({ connection, contracts, bus: this.options.bus, now: this.now, onQuote: (quote) => trading.onQuote(quote), onResolved: (id, resolved) => trading.learnContract(id, resolved) });
    const disposers = [
      connection.onStatus((status) => this.onStatus(status)),
      connection.onMessage((message) => this.onMessage(message)),
      connection.onReady(() => void this.watchReconciliation(trading)),
      trading.manager.onFill((fill) => {
        if (this.reconciling) this.alert({ source: IBKR_ALERT_SOURCE, severity: 'warning', kind: 'reconciled-fill', message: `fill ${fill.tradeId} of order ${fill.clientOrderId} (${fill.side} ${fill.qty} ${fill.instrumentId} @ ${fill.price}) happened while the app was not connected; applied from IBKR's executions`, ts: this.now(), clientOrderId: fill.clientOrderId, instrumentId: fill.instrumentId });
      }),
    ];
    const account = new IbkrAccount({ connection, bus: this.options.bus, now: this.now, onNetLiquidation: (value) => trading.alignEquity(value), knownInstrument: (conId) => trading.instrumentForConId(conId), onPositionPrice: (instrumentId, price, position) => trading.markFromPortfolio(instrumentId, price, position) });
    this.session = { connection, contracts, history: new IbkrHistoryClientImpl(connection), trading, feed, account, dispose: () => { feed.close(); disposers.forEach((dispose) => dispose()); } };
    this.options.report('ready', `connecting to IBKR at ${settings.host}:${settings.port}`);
    connection.start();
  }

  private close(): void {
    const session = this.session;
    if (session === null) return;
    this.session = null;
    session.dispose();
    session.connection.stop();
    this.touch();
  }

  private async watchReconciliation(trading: IbkrTrading): Promise<void> {
    this.reconciling = true;
    try {
      await trading.reconciled();
    } finally {
      this.reconciling = false;
    }
  }

  private onStatus(status: IbkrStatus): void {
    this.touch();
    const settings = this.currentSettings();
    const where = `${settings.host}:${settings.port}`;
    switch (status.state) {
      case 'connected':
        this.lastError = undefined;
        this.options.report('running', `connected to IBKR ${settings.platform} at ${where} (${settings.mode})`);
        break;
      case 'degraded':
        this.lastError = status.message;
        this.options.report('degraded', status.message ?? 'IBKR degraded');
        break;
      case 'connecting':
        this.options.report('ready', `connecting to IBKR at ${where}`);
        break;
      case 'disconnected':
        if (status.message === 'stopped') break;
        this.lastError = status.message;
        // The Host keeps running: the connection retries with backoff; the engine shows why.
        this.options.report('degraded', `IBKR disconnected: ${status.message ?? 'unknown reason'}; retrying`);
        if (status.attempt === 0) this.alert({ source: IBKR_ALERT_SOURCE, severity: 'error', kind: 'disconnected', message: `IBKR disconnected: ${status.message ?? 'unknown reason'}; retrying with backoff`, ts: status.ts });
        break;
    }
  }

  /** The kill switch (engaged on the paper account's risk engine) also cancels every working IBKR order. */
  private onKillSwitch(alert: RiskAlert): void {
    if (alert.level !== 'kill' || this.session === null || !this.session.connection.isConnected()) return;
    const canceled = this.session.trading.manager.cancelAll();
    this.alert({ source: IBKR_ALERT_SOURCE, severity: 'warning', kind: 'kill-switch', message: `kill switch engaged: ${canceled} working IBKR orders asked to cancel`, ts: this.now() });
  }

  private onMessage(message: IbkrMessage): void {
    const alert = alertForIbMessage(message, this.now());
    if (alert === undefined) return;
    if (alert.severity === 'error') this.lastError = alert.message;
    this.alert(alert);
  }

  /** The latest alerts published on `alerts.ibkr` (at most RECENT_ALERTS), oldest first. */
  recentAlerts(): readonly Alert[] {
    return this.alerts;
  }

  private alert(alert: Alert): void {
    this.alerts.push(alert);
    if (this.alerts.length > RECENT_ALERTS) this.alerts.shift();
    if (!this.options.bus.closed) this.options.bus.publish(topics.alerts(IBKR_ALERT_SOURCE), alert);
  }

  private connectedSession(): Session {
    const session = this.session;
    if (session === null || !session.connection.isConnected()) throw new NwsError(ErrorCode.Unavailable, 'IBKR is not connected: connect in Settings → IBKR');
    return session;
  }

  private currentSettings(): IbkrSettings {
    this.settings ??= loadIbkrSettings(this.options.state());
    return this.settings;
  }

  private touch(): void {
    this.updatedAt = this.now();
  }
}
