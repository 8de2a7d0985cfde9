import { useCallback, useEffect, useState } from 'react';
import type { MethodResult } from '@nws/core';
import { currentHostClient } from '../health/health-store.js';
import { formatUtcTimestamp } from '../health/format.js';
import { BackfillPanel } from './data/backfill-panel.js';
import { ImportPanel } from './data/import-panel.js';
import { ProvidersPanel } from './data/providers-panel.js';
import { SymbolSearch } from './data/symbol-search.js';

type InstrumentSummary = MethodResult<'marketdata.instruments'>['instruments'][number];

/** Stored instruments and bar series; file import, symbol search, providers and backfill jobs. */
export function DataPage() {
  const [instruments, setInstruments] = useState<InstrumentSummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const loadInstruments = useCallback(() => {
    currentHostClient()
      ?.call('marketdata.instruments')
      .then(({ instruments }) => setInstruments(instruments))
      .catch((error: unknown) => setProblem((error as Error).message));
  }, []);
  useEffect(loadInstruments, [loadInstruments]);

  const totalRows = instruments?.reduce((sum, instrument) => sum + instrument.totalRows, 0) ?? 0;
  return (
    <section className="page">
      <header className="page-header">
        <h1>Data</h1>
        <p className="muted">Stored instruments and bar series, file import, symbol search, providers and backfill jobs.</p>
      </header>
      {problem ? <div className="banner banner-error">{problem}</div> : null}
      <ImportPanel onImported={loadInstruments} />
      <SymbolSearch />
      {instruments === null ? (
        <p className="placeholder">Loading instruments…</p>
      ) : (
        <div className="card flush">
          <div className="card-header">
            <h2>Instruments</h2>
            <span className="muted">
              {instruments.length} instruments · {totalRows.toLocaleString('en-US')} bars
            </span>
          </div>
          <table className="grid-table" data-testid="instrument-table">
            <thead>
              <tr>
                <th>Instrument</th>
                <th>Name</th>
                <th>Sector</th>
                <th>Series</th>
                <th className="num">Bars</th>
                <th>Last bar (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {instruments.map((instrument) => (
                <tr key={instrument.instrumentId} data-instrument={instrument.instrumentId}>
                  <td className="symbol">{instrument.instrumentId}</td>
                  <td>{instrument.name ?? '—'}</td>
                  <td className="muted">{instrument.sector ?? '—'}</td>
                  <td>{[...instrument.series.map((series) => series.barType), ...instrument.ticks.map((tick) => `${tick.kind} (${tick.rows.toLocaleString('en-US')} ticks)`)].join(', ')}</td>
                  <td className="num">{instrument.totalRows.toLocaleString('en-US')}</td>
                  <td className="muted">{instrument.series.length ? formatUtcTimestamp(Math.max(...instrument.series.map((series) => series.lastTs))) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ProvidersPanel />
      <BackfillPanel />
    </section>
  );
}
