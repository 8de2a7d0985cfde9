// Contract resolution: our symbols to IB contracts and back to core Instruments (tick size,
// multiplier, trading hours), cached by key so a symbol is looked up once per session.
import type { Contract, ContractDetails, SecType } from '@stoqey/ib';
import { EventName } from './ib-api.js';
import { ErrorCode, NwsError, instrumentId, precisionOf, type Instrument } from '@nws/core';
import type { IbkrConnection } from './ibkr-connection.js';
import { fromIbSymbol, toIbSymbol } from './ibkr-symbols.js';

export type IbkrContractSpec =
  | { kind: 'stock' | 'etf'; symbol: string; exchange?: string; currency?: string }
  | { kind: 'future'; symbol: string; exchange: string; currency?: string; /** yyyymm or yyyymmdd; omitted = front month */ expiry?: string }
  | { kind: 'option'; symbol: string; expiry?: string; strike?: number; right?: 'C' | 'P'; currency?: string }
  | { kind: 'forex'; base: string; quote: string };

export interface ResolvedContract {
  contract: Contract;
  instrument: Instrument;
  tradingHours?: string;
  timeZoneId?: string;
}

const REQUEST_TIMEOUT_MS = 10_000;

export class IbkrContracts {
  private readonly cache = new Map<string, Promise<ResolvedContract[]>>();

  constructor(private readonly connection: IbkrConnection) {}

  /** One contract: a stock/ETF/forex/single option, or a future's front month when no expiry is given. */
  async resolve(spec: IbkrContractSpec): Promise<ResolvedContract> {
    const all = await this.resolveAll(spec);
    if (spec.kind === 'future' && !spec.expiry) {
      const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
      const live = all.filter((entry) => (entry.contract.lastTradeDateOrContractMonth ?? '') >= today);
      live.sort((a, b) => (a.contract.lastTradeDateOrContractMonth ?? '').localeCompare(b.contract.lastTradeDateOrContractMonth ?? ''));
      if (live[0]) return live[0];
    }
    if (all.length !== 1 && spec.kind === 'option') {
      throw new NwsError(ErrorCode.InvalidArgument, `IBKR option ${spec.symbol}: ${all.length} contracts match; give expiry, strike and right (or use chain())`);
    }
    return all[0]!;
  }

  /** Every contract matching the spec: an option chain, or all listed futures months. */
  chain(spec: IbkrContractSpec): Promise<ResolvedContract[]> {
    return this.resolveAll(spec);
  }

  private resolveAll(spec: IbkrContractSpec): Promise<ResolvedContract[]> {
    const key = JSON.stringify(spec);
    let cached = this.cache.get(key);
    if (!cached) {
      cached = this.requestDetails(toContract(spec));
      this.cache.set(key, cached);
      cached.catch(() => this.cache.delete(key)); // a failure is not cached
    }
    return cached;
  }

  private requestDetails(contract: Contract): Promise<ResolvedContract[]> {
    const ib = this.connection.ib;
    const reqId = this.connection.requestId();
    return new Promise((resolve, reject) => {
      const found: ResolvedContract[] = [];
      const done = (): void => { clearTimeout(timer); ib.off(EventName.contractDetails, onDetails); ib.off(EventName.contractDetailsEnd, onEnd); offMessage(); };
      const onDetails = (id: number, details: ContractDetails): void => { if (id === reqId) found.push(toResolved(details)); };
      const onEnd = (id: number): void => { if (id !== reqId) return; done(); resolve(found); };
      const offMessage = this.connection.onMessage((message) => {
        if (message.reqId !== reqId) return;
        done();
        reject(new NwsError(message.code === 200 ? ErrorCode.UnknownInstrument : ErrorCode.Unavailable, `IBKR contract ${contract.symbol}: ${message.message} (${message.code})`, { ibCode: message.code }));
      });
      const timer = setTimeout(() => { done(); reject(new NwsError(ErrorCode.Timeout, `IBKR contract ${contract.symbol}: no answer in ${REQUEST_TIMEOUT_MS} ms`)); }, REQUEST_TIMEOUT_MS);
      ib.on(EventName.contractDetails, onDetails);
      ib.on(EventName.contractDetailsEnd, onEnd);
      ib.reqContractDetails(reqId, contract);
    });
  }
}

export function toContract(spec: IbkrContractSpec): Contract {
  switch (spec.kind) {
    case 'stock':
    case 'etf':
      return { symbol: toIbSymbol(spec.symbol), secType: 'STK' as SecType, exchange: spec.exchange ?? 'SMART', currency: spec.currency ?? 'USD' };
    case 'future':
      return { symbol: spec.symbol, secType: 'FUT' as SecType, exchange: spec.exchange, currency: spec.currency ?? 'USD', lastTradeDateOrContractMonth: spec.expiry };
    case 'option':
      return { symbol: spec.symbol, secType: 'OPT' as SecType, exchange: 'SMART', currency: spec.currency ?? 'USD', lastTradeDateOrContractMonth: spec.expiry, strike: spec.strike, right: spec.right as Contract['right'] };
    case 'forex':
      return { symbol: spec.base, secType: 'CASH' as SecType, exchange: 'IDEALPRO', currency: spec.quote };
  }
}

const ASSET_CLASS: Record<string, Instrument['assetClass']> = { STK: 'equity', FUT: 'future', OPT: 'option', CASH: 'forex', IND: 'index', CRYPTO: 'crypto' };

/** IB contract details as a core Instrument; the venue is the listing exchange (SMART is routing, not a venue). */
export function toResolved(details: ContractDetails): ResolvedContract {
  const contract = details.contract;
  const secType = String(contract.secType);
  const venue = (contract.primaryExch || contract.exchange || 'SMART').replace(/[^A-Za-z0-9]/g, '');
  const symbol = secType === 'CASH' ? `${contract.symbol}${contract.currency}` : secType === 'STK' ? fromIbSymbol(contract.symbol!) : (contract.localSymbol ?? contract.symbol!).replace(/\s+/g, '');
  const tickSize = details.minTick && details.minTick > 0 ? details.minTick : 0.01;
  const expiry = contract.lastTradeDateOrContractMonth && /^\d{8}$/.test(contract.lastTradeDateOrContractMonth)
    ? Date.UTC(Number(contract.lastTradeDateOrContractMonth.slice(0, 4)), Number(contract.lastTradeDateOrContractMonth.slice(4, 6)) - 1, Number(contract.lastTradeDateOrContractMonth.slice(6, 8)))
    : undefined;
  const instrument: Instrument = {
    id: instrumentId(symbol, venue), symbol, venue, assetClass: ASSET_CLASS[secType] ?? 'equity', currency: contract.currency ?? 'USD',
    tickSize, lotSize: 1, multiplier: Number(contract.multiplier) || 1, pricePrecision: precisionOf(tickSize),
    name: details.longName, exchange: contract.exchange,
    ...(secType === 'FUT' || secType === 'OPT' ? { expiry } : {}),
    ...(secType === 'OPT' ? { strike: contract.strike, right: contract.right === 'P' ? 'put' as const : 'call' as const, underlying: instrumentId(fromIbSymbol(contract.symbol!), 'SMART') } : {}),
  };
  return { contract: { ...contract }, instrument, tradingHours: details.tradingHours, timeZoneId: details.timeZoneId };
}
