// The ONE connection to TWS / IB Gateway that market data, history, account and the IBKR venue
// share. It owns the socket's life: connect, states, IB system codes, reconnect with exponential
// backoff and jitter; it never throws into the app when the gateway is absent: it retries.
import type { IBApi, EventName as IbEventName } from '@stoqey/ib';
import { EventName, loadIbApi } from './ib-api.js';
import { ErrorCode, NwsError, topics, type EngineState, type EngineStatus, type Topic } from '@nws/core';
import type { IbkrConnectionConfig } from './ibkr-config.js';

export type IbkrConnectionState = 'disconnected' | 'connecting' | 'connected' | 'degraded';

/** IB's market-data types (reqMarketDataType / the marketDataType message): 1 live … 4 delayed-frozen. */
export type IbkrMarketDataType = 'live' | 'frozen' | 'delayed' | 'delayed-frozen';
const MARKET_DATA_TYPES: Record<number, IbkrMarketDataType> = { 1: 'live', 2: 'frozen', 3: 'delayed', 4: 'delayed-frozen' };

export interface IbkrStatus {
  state: IbkrConnectionState;
  ts: number;
  message?: string;
  /** Consecutive failed attempts since the last good connection. */
  attempt: number;
}

/** An IB error or notice, with IB's numeric code; `reqId` is -1 for system messages. */
export interface IbkrMessage {
  code: number;
  reqId: number;
  message: string;
}

/** Anything with a publish method, such as the core MessageBus. */
export interface StatusPublisher {
  publish<T>(topic: Topic<T>, data: T): void;
}

export interface IbkrConnectionOptions {
  bus?: StatusPublisher;
  random?: () => number;
  now?: () => number;
}

/** Farm and connectivity codes IB sends with reqId -1 (TWS API "message codes"). */
export const IB_SYSTEM_CODES = {
  connectivityLost: 1100,
  restoredDataLost: 1101,
  restoredDataKept: 1102,
  farmBroken: [2103, 2105, 2157],
  farmOk: [2104, 2106, 2107, 2108, 2158],
  farmCrossCheck: 2110,
  notConnected: 504,
  couldNotConnect: 502,
} as const;

const ENGINE_NAME = 'ibkr';

type Listener<T> = (value: T) => void;

export class IbkrConnection {
  private api: IBApi | undefined;
  private currentState: IbkrConnectionState = 'disconnected';
  private attempt = 0;
  private wanted = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private nextReqId = 1_000;
  private accountList: string[] = [];
  private dataType: IbkrMarketDataType | undefined;
  private readonly brokenFarms = new Set<string>();
  private readonly statusListeners = new Set<Listener<IbkrStatus>>();
  private readonly readyListeners = new Set<Listener<{ dataLost: boolean }>>();
  private readonly messageListeners = new Set<Listener<IbkrMessage>>();
  private readonly random: () => number;
  private readonly now: () => number;
  /** Account-wide subscriptions already asked for on this connection (positions, account updates). */
  private readonly sessionRequests = new Map<string, Promise<void>>();

  constructor(readonly config: IbkrConnectionConfig, private readonly options: IbkrConnectionOptions = {}) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  get state(): IbkrConnectionState {
    return this.currentState;
  }

  isConnected(): boolean {
    return this.currentState === 'connected' || this.currentState === 'degraded';
  }

  get accounts(): readonly string[] {
    return this.accountList;
  }

  /** The market-data type IB last announced for a subscription (delayed when there is no live subscription); undefined before any. */
  get marketDataType(): IbkrMarketDataType | undefined {
    return this.dataType;
  }

  /** The live IBApi; throws when not connected so no request is silently dropped. */
  get ib(): IBApi {
    if (!this.api || !this.isConnected()) throw notConnected();
    return this.api;
  }

  /** A fresh request id for market data, history, contract details. */
  requestId(): number {
    return this.nextReqId++;
  }

  /** The next order id IB will accept (from nextValidId, advanced locally). */
  orderId(): number {
    return this.nextId++;
  }

  /**
   * reqPositions, sent once per connection however many components ask (the account view and the
   * venue's reconciliation both need it): IB keeps streaming position changes after the first
   * snapshot, so one subscription serves all. Resolves at the snapshot's positionEnd (or after
   * `timeoutMs`, so a silent gateway cannot stall a caller).
   */
  requestPositions(timeoutMs = 5_000): Promise<void> {
    return this.once('positions', EventName.positionEnd, (ib) => ib.reqPositions(), timeoutMs);
  }

  /** reqAccountUpdates for the first managed account, once per connection; resolves at accountDownloadEnd. */
  subscribeAccountUpdates(timeoutMs = 5_000): Promise<void> {
    return this.once('account-updates', EventName.accountDownloadEnd, (ib) => ib.reqAccountUpdates(true, this.accountList[0] ?? ''), timeoutMs);
  }

  private once(key: string, endEvent: IbEventName, send: (ib: IBApi) => void, timeoutMs: number): Promise<void> {
    const pending = this.sessionRequests.get(key);
    if (pending !== undefined) return pending;
    // Gone while a caller was on its way here (a reconciliation outliving its connection): the
    // next connect asks again, so there is nothing to wait for.
    if (!this.isConnected()) return Promise.resolve();
    const ib = this.ib;
    const emitter = ib as unknown as { on(event: string, listener: () => void): void; off(event: string, listener: () => void): void };
    const done = new Promise<void>((resolve) => {
      const finish = (): void => { clearTimeout(timer); emitter.off(endEvent, finish); resolve(); };
      const timer = setTimeout(finish, timeoutMs);
      emitter.on(endEvent, finish);
    });
    this.sessionRequests.set(key, done);
    send(ib);
    return done;
  }

  /** @stoqey/ib's event names, for code on this connection that must not load the library itself. */
  readonly events = EventName;

  /** Starts connecting and keeps retrying until stop(); never throws for an absent gateway. */
  start(): void {
    this.wanted = true;
    if (this.currentState === 'disconnected' && !this.retryTimer) this.connectOnce();
  }

  stop(): void {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    clearTimeout(this.connectTimer);
    this.retryTimer = undefined;
    this.dispose();
    this.setState('disconnected', 'stopped');
  }

  /** Resolves once connected; rejects with UNAVAILABLE after `timeoutMs`. */
  waitUntilConnected(timeoutMs: number): Promise<void> {
    if (this.isConnected()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { off(); reject(notConnected(`not connected within ${timeoutMs} ms`)); }, timeoutMs);
      const off = this.onReady(() => { clearTimeout(timer); off(); resolve(); });
    });
  }

  onStatus(listener: Listener<IbkrStatus>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** After every (re)connection once IB is ready for requests: restore subscriptions, reconcile. */
  onReady(listener: Listener<{ dataLost: boolean }>): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /** Every IB error and notice, request-scoped or system-wide. */
  onMessage(listener: Listener<IbkrMessage>): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  // ---- connecting ----

  private connectOnce(): void {
    this.dispose();
    this.setState('connecting');
    loadIbApi().then(
      (ib) => { if (this.wanted && this.currentState === 'connecting' && !this.api) this.openApi(ib.IBApi); },
      (error: Error) => this.lost(`cannot load the IB API library (@stoqey/ib): ${error.message}`),
    );
  }

  private openApi(IBApi: typeof import('@stoqey/ib').IBApi): void {
    const api = new IBApi({ host: this.config.host, port: this.config.port, clientId: this.config.clientId });
    this.api = api;
    let gotId = false;
    let gotAccounts = false;
    const ready = (): void => {
      if (!gotId || !gotAccounts || this.api !== api) return;
      clearTimeout(this.connectTimer);
      this.attempt = 0;
      this.setState('connected');
      for (const listener of this.readyListeners) listener({ dataLost: true });
    };
    api.on(EventName.nextValidId, (id: number) => { this.nextId = Math.max(this.nextId, id); gotId = true; ready(); });
    api.on(EventName.managedAccounts, (accounts: string) => { this.accountList = accounts.split(',').filter(Boolean); gotAccounts = true; ready(); });
    api.on(EventName.marketDataType, (_reqId: number, type: number) => { this.dataType = MARKET_DATA_TYPES[type] ?? this.dataType; });
    api.on(EventName.disconnected, () => { if (this.api === api) this.lost('connection closed by TWS / IB Gateway'); });
    api.on(EventName.error, (error: Error, code: number, reqId: number) => this.onIbMessage(api, { code, reqId, message: error.message }));
    api.on(EventName.info, (message: string, code: number) => this.onIbMessage(api, { code, reqId: -1, message }));
    this.connectTimer = setTimeout(() => { if (this.api === api) this.lost(`no answer from ${this.config.host}:${this.config.port} within ${this.config.connectTimeoutMs} ms`); }, this.config.connectTimeoutMs);
    api.connect(this.config.clientId);
  }

  private onIbMessage(api: IBApi, message: IbkrMessage): void {
    if (this.api !== api) return;
    for (const listener of this.messageListeners) listener(message);
    const { code } = message;
    if (code === IB_SYSTEM_CODES.connectivityLost) return this.setState('degraded', 'IB lost connectivity to its servers (1100)');
    if (code === IB_SYSTEM_CODES.restoredDataLost || code === IB_SYSTEM_CODES.restoredDataKept) {
      this.setState('connected', `connectivity restored (${code})`);
      // 1101: IB dropped every subscription, so they are requested again.
      if (code === IB_SYSTEM_CODES.restoredDataLost) {
        this.sessionRequests.clear();
        for (const listener of this.readyListeners) listener({ dataLost: true });
      }
      return;
    }
    if ((IB_SYSTEM_CODES.farmBroken as readonly number[]).includes(code)) {
      this.brokenFarms.add(farmName(message.message));
      return this.setState('degraded', `data farm down (${code}): ${message.message}`);
    }
    if ((IB_SYSTEM_CODES.farmOk as readonly number[]).includes(code)) {
      this.brokenFarms.delete(farmName(message.message));
      if (this.brokenFarms.size === 0 && this.currentState === 'degraded') this.setState('connected', message.message);
      return;
    }
    // A socket-level failure (connect refused, 502, 504) before or after the handshake.
    if (message.reqId === -1 && (code === IB_SYSTEM_CODES.couldNotConnect || code === IB_SYSTEM_CODES.notConnected || /ECONNREFUSED|ECONNRESET|connect/i.test(message.message))) {
      if (!this.isConnected()) this.lost(`cannot connect to ${this.config.host}:${this.config.port}: ${message.message}`);
    }
  }

  /** The connection went away or never came: schedule the next attempt if still wanted. */
  private lost(reason: string): void {
    clearTimeout(this.connectTimer);
    this.dispose();
    this.setState('disconnected', reason);
    if (!this.wanted || this.retryTimer) return;
    const delay = this.backoffDelay(this.attempt++);
    this.retryTimer = setTimeout(() => { this.retryTimer = undefined; if (this.wanted) this.connectOnce(); }, delay);
  }

  /** Exponential backoff with jitter so many clients do not hammer a restarting gateway in step. */
  backoffDelay(attempt: number): number {
    const { initialDelayMs, maxDelayMs, jitter } = this.config.reconnect;
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** attempt);
    return Math.round(base * (1 - jitter + 2 * jitter * this.random()));
  }

  private dispose(): void {
    const api = this.api;
    this.api = undefined;
    this.sessionRequests.clear();
    if (!api) return;
    api.removeAllListeners();
    api.on(EventName.error, () => undefined); // late socket errors of a dead api must not crash the app
    try { api.disconnect(); } catch { /* already closed */ }
  }

  private setState(state: IbkrConnectionState, message?: string): void {
    const changed = state !== this.currentState;
    this.currentState = state;
    if (!changed && message === undefined) return;
    const status: IbkrStatus = { state, ts: this.now(), message, attempt: this.attempt };
    for (const listener of this.statusListeners) listener(status);
    this.options.bus?.publish(topics.engineStatus(ENGINE_NAME), engineStatus(status));
  }
}

function engineStatus(status: IbkrStatus): EngineStatus {
  const states: Record<IbkrConnectionState, EngineState> = { connected: 'running', degraded: 'degraded', connecting: 'ready', disconnected: 'stopped' };
  return { engine: ENGINE_NAME, state: states[status.state], ts: status.ts, message: status.message ?? `IBKR ${status.state}` };
}

function farmName(message: string): string {
  return message.split(':').pop()?.trim() ?? message;
}

function notConnected(detail = 'not connected to TWS / IB Gateway'): NwsError {
  return new NwsError(ErrorCode.Unavailable, `IBKR: ${detail}`);
}
