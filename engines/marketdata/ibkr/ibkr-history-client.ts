// reqHistoricalData within IB's pacing rules, implementing the providers' IbkrHistoryClient.
// Rules: no identical request within 15 s, ≤ 6 for one contract within 2 s, ≤ 60 in 10 min;
// a 162 pacing violation waits and retries instead of failing. The clock is injectable so tests
// cover minutes of pacing without sleeping.
import type { BarSizeSetting, Contract, SecType } from '@stoqey/ib';
import { EventName } from './ib-api.js';
import { ErrorCode, NwsError } from '@nws/core';
import type { IbkrContractMatch, IbkrHistoricalBar, IbkrHistoryClient, IbkrHistoryRequest } from '../providers/ibkr/ibkr-history-provider.js';
import type { IbkrConnection } from './ibkr-connection.js';

export interface PacingClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const wallPacingClock: PacingClock = {
  now: Date.now,
  sleep: (ms, signal) => new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); reject(new NwsError(ErrorCode.Cancelled, 'history request cancelled')); }, { once: true });
  }),
};

const IDENTICAL_WINDOW_MS = 15_000;
const CONTRACT_WINDOW_MS = 2_000;
const CONTRACT_LIMIT = 6;
const GLOBAL_WINDOW_MS = 600_000;
const GLOBAL_LIMIT = 60;
/** Wait after a 162 pacing violation before trying again. */
export const PACING_VIOLATION_WAIT_MS = 15_000;
const MAX_PACING_RETRIES = 5;
const REQUEST_TIMEOUT_MS = 30_000;

/** Pure pacing bookkeeping: how long until a request may go out. */
export class HistoryPacer {
  private readonly sent: { key: string; contract: string; at: number }[] = [];

  waitMs(key: string, contract: string, now: number): number {
    this.prune(now);
    let wait = 0;
    for (const entry of this.sent) if (entry.key === key) wait = Math.max(wait, entry.at + IDENTICAL_WINDOW_MS - now);
    const sameContract = this.sent.filter((entry) => entry.contract === contract && now - entry.at < CONTRACT_WINDOW_MS);
    if (sameContract.length >= CONTRACT_LIMIT) wait = Math.max(wait, sameContract[sameContract.length - CONTRACT_LIMIT]!.at + CONTRACT_WINDOW_MS - now);
    if (this.sent.length >= GLOBAL_LIMIT) wait = Math.max(wait, this.sent[this.sent.length - GLOBAL_LIMIT]!.at + GLOBAL_WINDOW_MS - now);
    return Math.max(0, wait);
  }

  record(key: string, contract: string, now: number): void {
    this.sent.push({ key, contract, at: now });
  }

  private prune(now: number): void {
    while (this.sent.length && now - this.sent[0]!.at >= GLOBAL_WINDOW_MS) this.sent.shift();
  }
}

export class IbkrHistoryClientImpl implements IbkrHistoryClient {
  private readonly pacer = new HistoryPacer();
  /** Requests run one at a time so pacing decisions see every earlier request. */
  private queue: Promise<unknown> = Promise.resolve();
  pacingViolations = 0;

  constructor(
    private readonly connection: IbkrConnection,
    private readonly clock: PacingClock = wallPacingClock,
    private readonly contractFor: (symbol: string) => Contract = stockContract,
  ) {}

  isConnected(): boolean {
    return this.connection.isConnected();
  }

  requestHistoricalBars(request: IbkrHistoryRequest): Promise<IbkrHistoricalBar[]> {
    const run = this.queue.then(() => this.paced(request), () => this.paced(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** reqMatchingSymbols: IB's own symbol search (stocks, ETFs, futures...) for the unified search. */
  async searchSymbols(pattern: string, signal?: AbortSignal): Promise<IbkrContractMatch[]> {
    const ib = this.connection.ib;
    const reqId = this.connection.requestId();
    return new Promise((resolve, reject) => {
      const done = (): void => { clearTimeout(timer); ib.off(EventName.symbolSamples, onSamples); offMessage(); signal?.removeEventListener('abort', onAbort); };
      const onSamples = (id: number, descriptions: { contract: { conId?: number; symbol?: string; secType?: string; primaryExch?: string; currency?: string; description?: string } }[]): void => {
        if (id !== reqId) return;
        done();
        resolve(descriptions.map(({ contract }) => ({
          conId: contract.conId ?? 0, symbol: contract.symbol ?? '', secType: String(contract.secType ?? ''),
          ...(contract.primaryExch ? { primaryExchange: contract.primaryExch } : {}),
          ...(contract.currency ? { currency: contract.currency } : {}),
          ...(contract.description ? { description: contract.description } : {}),
        })));
      };
      const offMessage = this.connection.onMessage((message) => {
        if (message.reqId !== reqId) return;
        done();
        reject(new NwsError(ErrorCode.Unavailable, `IBKR symbol search '${pattern}': ${message.message} (${message.code})`, { ibCode: message.code }));
      });
      const onAbort = (): void => { done(); reject(new NwsError(ErrorCode.Cancelled, `IBKR symbol search '${pattern}' cancelled`)); };
      const timer = setTimeout(() => { done(); reject(new NwsError(ErrorCode.Timeout, `IBKR symbol search '${pattern}': no answer in ${REQUEST_TIMEOUT_MS} ms`)); }, REQUEST_TIMEOUT_MS);
      signal?.addEventListener('abort', onAbort, { once: true });
      ib.on(EventName.symbolSamples, onSamples as never);
      ib.reqMatchingSymbols(reqId, pattern);
    });
  }

  private async paced(request: IbkrHistoryRequest): Promise<IbkrHistoricalBar[]> {
    const end = formatEnd(request.endMs);
    const key = [request.symbol, end, request.durationStr, request.barSizeSetting, request.whatToShow, request.useRTH].join('|');
    for (let attempt = 0; ; attempt++) {
      const wait = this.pacer.waitMs(key, request.symbol, this.clock.now());
      if (wait > 0) await this.clock.sleep(wait, request.signal);
      this.pacer.record(key, request.symbol, this.clock.now());
      try {
        return await this.once(request, end);
      } catch (error) {
        const ibCode = (error as { details?: { ibCode?: number } }).details?.ibCode;
        const pacing = ibCode === 162 && /pacing/i.test((error as Error).message);
        if (!pacing || attempt >= MAX_PACING_RETRIES) throw error;
        this.pacingViolations += 1;
        await this.clock.sleep(PACING_VIOLATION_WAIT_MS, request.signal);
      }
    }
  }

  private once(request: IbkrHistoryRequest, end: string): Promise<IbkrHistoricalBar[]> {
    const ib = this.connection.ib;
    const reqId = this.connection.requestId();
    return new Promise((resolve, reject) => {
      const bars: IbkrHistoricalBar[] = [];
      const done = (): void => { clearTimeout(timer); ib.off(EventName.historicalData, onBar); offMessage(); };
      const onBar = (id: number, time: string, open: number, high: number, low: number, close: number, volume: number | undefined): void => {
        if (id !== reqId) return;
        if (time.startsWith('finished')) { done(); resolve(bars); return; }
        bars.push({ ts: parseBarTime(time), open, high, low, close, volume: volume ?? 0 });
      };
      const offMessage = this.connection.onMessage((message) => {
        if (message.reqId !== reqId) return;
        done();
        const error = new NwsError(ErrorCode.Unavailable, `IBKR history ${request.symbol}: ${message.message}`, { ibCode: message.code });
        Object.assign(error, { ibCode: message.code });
        reject(error);
      });
      const timer = setTimeout(() => { done(); reject(new NwsError(ErrorCode.Timeout, `IBKR history ${request.symbol}: no answer in ${REQUEST_TIMEOUT_MS} ms`)); }, REQUEST_TIMEOUT_MS);
      ib.on(EventName.historicalData, onBar);
      ib.reqHistoricalData(reqId, this.contractFor(request.symbol), end, request.durationStr, request.barSizeSetting as BarSizeSetting, request.whatToShow, request.useRTH ? 1 : 0, 1, false);
    });
  }
}

function stockContract(symbol: string): Contract {
  return { symbol, secType: 'STK' as SecType, exchange: 'SMART', currency: 'USD' };
}

/** IB's end time "yyyymmdd-HH:mm:ss" in UTC. */
export function formatEnd(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 19)}`;
}

/** "yyyymmdd" (daily, UTC midnight) or epoch seconds (intraday with formatDate 2) or "yyyymmdd  HH:mm:ss". */
function parseBarTime(text: string): number {
  if (/^\d{8}$/.test(text)) return Date.UTC(Number(text.slice(0, 4)), Number(text.slice(4, 6)) - 1, Number(text.slice(6, 8)));
  if (/^\d{9,10}$/.test(text)) return Number(text) * 1000;
  const match = /^(\d{4})(\d{2})(\d{2})\s+(\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (match) return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]));
  throw new NwsError(ErrorCode.InvalidValue, `IBKR history: unreadable bar time '${text}'`);
}
