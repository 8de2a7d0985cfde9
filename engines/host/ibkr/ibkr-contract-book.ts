// The IB contract of every instrument the IBKR account has traded, kept in the StateStore
// (setting `ibkr.contracts`) beside the journal. A restart rebuilds positions from journalled fills
// before it can ask IB anything; without the contract a future's fills would count at
// multiplier 1 (one ES point worth $1 instead of $50) until the contract resolved again.
import { z } from 'zod';
import { ASSET_CLASSES, type AssetClass, type InstrumentId } from '@nws/core';
import type { ResolvedContract } from '@nws/marketdata';
import type { SettingsStore } from './ibkr-settings.js';

export const IBKR_CONTRACTS_KEY = 'ibkr.contracts';

type Contract = ResolvedContract['contract'];

export interface StoredIbkrContract {
  contract: Contract;
  multiplier: number;
  currency: string;
  assetClass: AssetClass;
}

const storedSchema = z.record(z.string(), z.object({
  contract: z.record(z.string(), z.unknown()),
  multiplier: z.number().positive(),
  currency: z.string().min(1),
  assetClass: z.enum(ASSET_CLASSES),
}));

export class IbkrContractBook {
  private readonly entries: Map<string, StoredIbkrContract>;

  constructor(private readonly store: SettingsStore) {
    // A damaged entry is dropped, not fatal: the contract is simply resolved again on next use.
    const parsed = storedSchema.safeParse(store.getSetting(IBKR_CONTRACTS_KEY) ?? {});
    this.entries = new Map(parsed.success ? Object.entries(parsed.data).map(([id, entry]) => [id, { ...entry, contract: entry.contract as Contract }]) : []);
  }

  get(instrumentId: InstrumentId): StoredIbkrContract | undefined {
    return this.entries.get(instrumentId);
  }

  all(): [InstrumentId, StoredIbkrContract][] {
    return [...this.entries].map(([id, entry]) => [id as InstrumentId, entry]);
  }

  /** Stores a resolved contract (written only when it changed). */
  remember(instrumentId: InstrumentId, resolved: ResolvedContract): StoredIbkrContract {
    const entry: StoredIbkrContract = { contract: { ...resolved.contract }, multiplier: resolved.instrument.multiplier, currency: resolved.instrument.currency, assetClass: resolved.instrument.assetClass };
    const before = this.entries.get(instrumentId);
    if (before !== undefined && JSON.stringify(before) === JSON.stringify(entry)) return before;
    this.entries.set(instrumentId, entry);
    this.store.setSetting(IBKR_CONTRACTS_KEY, JSON.parse(JSON.stringify(Object.fromEntries(this.entries))));
    return entry;
  }
}
