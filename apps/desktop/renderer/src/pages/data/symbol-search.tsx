// Unified symbol search: stored instruments first, then every enabled provider.
import { useState, type FormEvent } from 'react';
import type { MethodResult } from '@nws/core';
import { currentHostClient } from '../../health/health-store.js';

type SearchResult = MethodResult<'marketdata.search'>;

export function SymbolSearch() {
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function search(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    try {
      setProblem(null);
      setResult(await currentHostClient()!.call('marketdata.search', { query }));
    } catch (error) {
      setProblem((error as Error).message);
    }
  }

  return (
    <div className="card flush">
      <form className="card-header" onSubmit={(event) => void search(event)}>
        <h2>Symbol search</h2>
        <span className="toolbar-field">
          <input aria-label="Search symbols" placeholder="AAPL, Apple, GDP…" value={query} onChange={(event) => setQuery(event.target.value)} />
          <button type="submit" className="button">
            Search
          </button>
        </span>
      </form>
      {problem ? <div className="banner banner-error">{problem}</div> : null}
      {result ? (
        <table className="grid-table" data-testid="search-results">
          <thead>
            <tr>
              <th>Symbol</th>
              <th>Name</th>
              <th>Source</th>
              <th>Exchange</th>
            </tr>
          </thead>
          <tbody>
            {result.matches.map((match) => (
              <tr key={`${match.source}:${match.symbol}`}>
                <td className="symbol">{match.instrumentId ?? match.symbol}</td>
                <td>{match.name}</td>
                <td className="muted">{match.source}</td>
                <td className="muted">{match.exchange ?? '—'}</td>
              </tr>
            ))}
          </tbody>
          {result.failures.length > 0 ? (
            <tfoot>
              <tr>
                <td colSpan={4} className="tone-warn">
                  {result.failures.map((failure) => failure.message).join(' · ')}
                </td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      ) : null}
    </div>
  );
}
