// Unified symbol search: the instruments the workstation already knows, then every enabled
// provider that can search, asked at once. A provider that fails or is slow is reported beside
// the results instead of failing the search; known instruments come first and absorb provider
// hits for the same symbol.
import type { Instrument } from '@nws/core';
import { NwsError } from '@nws/core';
import type { ProviderId } from './provider-id.js';
import type { MarketDataProvider, SymbolMatch } from './types.js';

/** The instruments store (StateStore satisfies this). */
export interface InstrumentSource {
  listInstruments(): ReadonlyArray<Readonly<Instrument>>;
}

export interface SymbolSearchOptions {
  instruments?: InstrumentSource;
  providers: readonly MarketDataProvider[];
  /** Most matches returned overall. */
  limit?: number;
  /** A provider that has not answered by then is left out (and listed in `failures`). */
  providerTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface SymbolSearchResult {
  matches: SymbolMatch[];
  failures: Array<{ source: ProviderId; message: string }>;
}

export async function searchSymbols(query: string, options: SymbolSearchOptions): Promise<SymbolSearchResult> {
  const text = query.trim();
  if (text === '') return { matches: [], failures: [] };
  const limit = options.limit ?? 25;
  const known = options.instruments ? matchInstruments(text, options.instruments.listInstruments()) : [];
  const searchable = options.providers.filter((provider) => provider.capabilities.has('search'));
  const answers = await Promise.all(searchable.map((provider) => askProvider(provider, text, limit, options)));
  const failures = answers.flatMap((answer) => (answer.ok ? [] : [{ source: answer.source, message: answer.message }]));
  const fromProviders = answers.flatMap((answer) => (answer.ok ? answer.matches : []));
  return { matches: merge(text, known, fromProviders).slice(0, limit), failures };
}

type ProviderAnswer = { ok: true; matches: SymbolMatch[] } | { ok: false; source: ProviderId; message: string };

async function askProvider(provider: MarketDataProvider, text: string, limit: number, options: SymbolSearchOptions): Promise<ProviderAnswer> {
  const timeout = AbortSignal.timeout(options.providerTimeoutMs ?? 5_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const matches = await Promise.race([
      provider.search(text, { limit, signal }),
      new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('no answer in time')), { once: true })),
    ]);
    return { ok: true, matches };
  } catch (error) {
    return { ok: false, source: provider.id, message: timeout.aborted ? `${provider.displayName}: no answer in time` : NwsError.from(error).message };
  }
}

/** Instruments whose symbol, id or name contains the query. */
function matchInstruments(text: string, instruments: ReadonlyArray<Readonly<Instrument>>): SymbolMatch[] {
  const needle = text.toLowerCase();
  return instruments
    .filter((instrument) => [instrument.symbol, instrument.id, instrument.name ?? ''].some((field) => field.toLowerCase().includes(needle)))
    .map((instrument) => ({
      source: 'instruments' as const,
      kind: 'instrument' as const,
      symbol: instrument.symbol,
      name: instrument.name ?? instrument.symbol,
      instrumentId: instrument.id,
      exchange: instrument.exchange ?? instrument.venue,
      assetType: instrument.assetClass,
      currency: instrument.currency,
    }));
}

/**
 * Rank: exact symbol, symbol prefix, then anything else; known instruments before provider hits
 * of the same rank; otherwise each source keeps its own order. A provider instrument whose
 * symbol is already known is dropped (the known instrument stands for it).
 */
function merge(text: string, known: SymbolMatch[], fromProviders: SymbolMatch[]): SymbolMatch[] {
  const knownSymbols = new Set(known.map((match) => match.symbol.toUpperCase()));
  const seen = new Set<string>();
  const fresh = fromProviders.filter((match) => {
    const key = `${match.kind}|${match.symbol.toUpperCase()}`;
    if ((match.kind === 'instrument' && knownSymbols.has(match.symbol.toUpperCase())) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const needle = text.toUpperCase();
  const rank = (match: SymbolMatch) => (match.symbol.toUpperCase() === needle ? 0 : match.symbol.toUpperCase().startsWith(needle) ? 1 : 2);
  return [...known, ...fresh]
    .map((match, order) => ({ match, order }))
    .sort((a, b) => rank(a.match) - rank(b.match) || sourceRank(a.match) - sourceRank(b.match) || a.order - b.order)
    .map(({ match }) => match);
}

function sourceRank(match: SymbolMatch): number {
  return match.source === 'instruments' ? 0 : 1;
}
