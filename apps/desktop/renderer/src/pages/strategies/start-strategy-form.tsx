// The form that starts a strategy on the paper account: its declared parameters (checked against
// their ranges before sending), the instruments, the bar type, and the source: the live demo feed
// or a replay of stored bars (or stored quote and trade ticks) between two UTC dates at 1×–1000×.
import { useMemo, useState } from 'react';
import type { MethodResult } from '@nws/core';
import { currentHostClient } from '../../health/health-store.js';
import { symbolOf } from '../../widgets/format-price.js';
import { choiceLabel, dataChoicesOf, dataRequestOf, hasStoredData, ticksOf } from '../../market/stored-data-choice.js';
import { REPLAY_SPEEDS, checkParams, defaultParams, startStrategy, type CatalogueEntry, type ParamValue, type ReplaySpeed, type StrategyParam } from './strategy-api.js';

type StoredInstrument = MethodResult<'marketdata.instruments'>['instruments'][number];

const DAY_MS = 86_400_000;
/** Live runs trade the Host's live bars (`market.liveBars`, 1m unless configured otherwise). */
const LIVE_BAR_TYPES = ['1m'];

function isoDay(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

function ParamInput({ param, value, onChange }: { param: StrategyParam; value: ParamValue | undefined; onChange(value: ParamValue): void }) {
  const label = `${param.name}${param.description ? ` — ${param.description}` : ''}`;
  if (param.type === 'boolean') {
    return <input type="checkbox" aria-label={param.name} title={label} checked={value === true} onChange={(event) => onChange(event.target.checked)} />;
  }
  if (param.type === 'enum') {
    return (
      <select aria-label={param.name} title={label} value={String(value ?? '')} onChange={(event) => onChange(event.target.value)}>
        {(param.values ?? []).map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    );
  }
  return (
    <input
      type="number"
      aria-label={param.name}
      title={label}
      value={typeof value === 'number' && Number.isFinite(value) ? value : ''}
      min={param.min}
      max={param.max}
      step={param.step ?? (param.type === 'int' ? 1 : 'any')}
      onChange={(event) => onChange(event.target.value === '' ? Number.NaN : Number(event.target.value))}
    />
  );
}

export function StartStrategyForm({ entry, instruments, enabled, onStarted }: { entry: CatalogueEntry; instruments: StoredInstrument[]; enabled: boolean; onStarted(): void }) {
  const [params, setParams] = useState<Record<string, ParamValue>>(() => defaultParams(entry));
  const [chosen, setChosen] = useState<string[]>([]);
  const [source, setSource] = useState<'live' | 'replay'>('live');
  const [barType, setBarType] = useState('1m');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [speed, setSpeed] = useState<ReplaySpeed>(100);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null);

  // Bar types first (sorted), then tick choices, each once across the stored instruments.
  const storedChoices = useMemo(() => {
    const all = [...new Set(instruments.flatMap(dataChoicesOf))];
    return [...all.filter((choice) => ticksOf(choice) === undefined).sort(), ...all.filter((choice) => ticksOf(choice) !== undefined)];
  }, [instruments]);
  const storedBarTypes = storedChoices.filter((choice) => ticksOf(choice) === undefined);
  const barTypes = source === 'live' ? LIVE_BAR_TYPES : storedChoices;
  const maxInstruments = entry.instruments?.max ?? 20;
  const available = source === 'live' ? instruments : instruments.filter((instrument) => hasStoredData(instrument, barType));

  function chooseSource(next: 'live' | 'replay') {
    setSource(next);
    // A replay starts on daily bars (the history every instrument has); live runs on the live step.
    if (next === 'live') setBarType(LIVE_BAR_TYPES[0]!);
    else setBarType(storedBarTypes.includes('1d') ? '1d' : (storedBarTypes[0] ?? '1d'));
    if (next === 'replay' && from === '') {
      const lastTs = Math.max(0, ...instruments.flatMap((instrument) => [...instrument.series, ...instrument.ticks].map((stored) => stored.lastTs)));
      if (lastTs > 0) {
        setFrom(isoDay(lastTs - 90 * DAY_MS));
        setTo(isoDay(lastTs + DAY_MS));
      }
    }
  }

  function toggle(instrumentId: string) {
    setChosen((current) => (current.includes(instrumentId) ? current.filter((id) => id !== instrumentId) : [...current, instrumentId].slice(-maxInstruments)));
  }

  function problems(): string[] {
    const found = checkParams(entry, params);
    const min = entry.instruments?.min ?? 1;
    if (chosen.length < min) found.push(`instruments: choose at least ${min}`);
    if (source === 'replay') {
      const fromTs = Date.parse(`${from}T00:00:00Z`);
      const toTs = Date.parse(`${to}T00:00:00Z`);
      if (!Number.isFinite(fromTs) || !Number.isFinite(toTs)) found.push('replay: give both dates');
      else if (toTs <= fromTs) found.push('replay: the end must be after the start');
    }
    return found;
  }

  async function start() {
    const found = problems();
    if (found.length > 0) return setOutcome({ tone: 'bad', text: found.join('; ') });
    setBusy(true);
    try {
      const replay = source === 'replay' ? { from: Date.parse(`${from}T00:00:00Z`), to: Date.parse(`${to}T00:00:00Z`), speed } : undefined;
      const id = await startStrategy(currentHostClient()!, { strategy: entry.name, params, instrumentIds: chosen, ...dataRequestOf(barType), source, ...(replay ? { replay } : {}) });
      setOutcome({ tone: 'good', text: `Started ${entry.name}${id ? ` as ${id}` : ''}.` });
      onStarted();
    } catch (error) {
      setOutcome({ tone: 'bad', text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="card start-form"
      data-testid="start-strategy-form"
      // Our own check names every bad field at once; the browser's would stop at the first.
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      <div className="card-header">
        <h2>{entry.name}</h2>
        <span className="muted">paper account</span>
      </div>
      {entry.params.length > 0 ? (
        <fieldset>
          <legend>Parameters</legend>
          <div className="param-grid">
            {entry.params.map((param) => (
              <label key={param.name} className="param-field">
                <span>{param.name}</span>
                <ParamInput param={param} value={params[param.name]} onChange={(value) => setParams((current) => ({ ...current, [param.name]: value }))} />
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <fieldset>
        <legend>Data</legend>
        <div className="segmented" role="radiogroup" aria-label="Source">
          <button type="button" role="radio" aria-checked={source === 'live'} className={source === 'live' ? 'on' : ''} onClick={() => chooseSource('live')}>
            Live demo feed
          </button>
          <button type="button" role="radio" aria-checked={source === 'replay'} className={source === 'replay' ? 'on' : ''} onClick={() => chooseSource('replay')}>
            Replay stored data
          </button>
        </div>
        <div className="form-grid">
          <label>
            <span>{source === 'replay' ? 'Bars or ticks' : 'Bar'}</span>
            <select aria-label="Bar type" value={barType} onChange={(event) => setBarType(event.target.value)}>
              {barTypes.map((type) => (
                <option key={type} value={type}>
                  {choiceLabel(type)}
                </option>
              ))}
            </select>
          </label>
          {source === 'replay' ? (
            <>
              <label>
                <span>From (UTC)</span>
                <input type="date" aria-label="Replay from" value={from} onChange={(event) => setFrom(event.target.value)} />
              </label>
              <label>
                <span>To (UTC)</span>
                <input type="date" aria-label="Replay to" value={to} onChange={(event) => setTo(event.target.value)} />
              </label>
              <label>
                <span>Speed</span>
                <select aria-label="Replay speed" value={String(speed)} onChange={(event) => setSpeed(event.target.value === 'max' ? 'max' : (Number(event.target.value) as ReplaySpeed))}>
                  {REPLAY_SPEEDS.map((option) => (
                    <option key={option} value={String(option)}>
                      {option === 'max' ? 'max' : `${option}×`}
                    </option>
                  ))}
                </select>
              </label>
            </>
          ) : null}
        </div>
      </fieldset>
      <fieldset>
        <legend>
          Instruments <span className="muted">({chosen.length} of at most {maxInstruments})</span>
        </legend>
        {available.length === 0 ? (
          <p className="muted">{source === 'replay' ? `No stored ${ticksOf(barType) === undefined ? `${barType} bars` : choiceLabel(barType)}. Import or backfill some on the Data page.` : 'Loading instruments…'}</p>
        ) : (
          <div className="chip-list">
            {available.map((instrument) => (
              <button
                key={instrument.instrumentId}
                type="button"
                className={`chip${chosen.includes(instrument.instrumentId) ? ' on' : ''}`}
                aria-pressed={chosen.includes(instrument.instrumentId)}
                title={instrument.name ?? instrument.instrumentId}
                onClick={() => toggle(instrument.instrumentId)}
              >
                {symbolOf(instrument.instrumentId)}
              </button>
            ))}
          </div>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy || !enabled} title={enabled ? undefined : 'This Host cannot run strategies on the paper account yet'}>
          {busy ? 'Starting…' : 'Start'}
        </button>
        <button type="button" className="button" onClick={() => setParams(defaultParams(entry))}>
          Reset to defaults
        </button>
      </div>
      {outcome ? (
        <p className={`outcome tone-${outcome.tone}`} role="status" data-testid="start-outcome">
          {outcome.text}
        </p>
      ) : null}
    </form>
  );
}
