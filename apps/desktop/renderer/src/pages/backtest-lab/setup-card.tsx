// The Lab's setup: data (stored instruments, bar type or stored ticks, date range), strategy and its declared
// parameters (checked as typed), account (cash, commission, fill model); Run, Sweep over the
// ranges typed beside each parameter, Cancel, and the running job's progress.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useBacktestLabStore, type InstrumentSummary, type RunRequest, type StrategyInfo } from './backtest-lab-store.js';
import { checkParams, defaultParamText, gridSize, parseSweepRange, type ParamText } from './param-validation.js';
import { choiceLabel, dataChoicesOf, dataRequestOf, ticksOf } from '../../market/stored-data-choice.js';

const MAX_SWEEP_RUNS = 500;

interface DataChoice {
  instrumentIds: string[];
  /** A bar type (`1d`), or stored ticks as `ticks:quotes`, `ticks:trades`, `ticks:quotes,trades`. */
  barType: string;
  from: string;
  to: string;
}

/** What the first instrument can step over: its bar types, then its stored ticks. */
function barTypesOf(instruments: readonly InstrumentSummary[], instrumentId: string): string[] {
  const instrument = instruments.find((one) => one.instrumentId === instrumentId);
  return instrument === undefined ? [] : dataChoicesOf(instrument);
}

/** Rows and span of the chosen data on one instrument: its bar series, or its stored ticks together. */
function storedSpan(instrument: InstrumentSummary | undefined, choice: string): { rows: number; firstTs: number; lastTs: number; unit: string } | undefined {
  if (instrument === undefined) return undefined;
  const ticks = ticksOf(choice);
  if (ticks === undefined) {
    const series = instrument.series.find((one) => one.barType === choice);
    return series === undefined ? undefined : { ...series, unit: 'bars' };
  }
  const chosen = instrument.ticks.filter((tick) => ticks.includes(tick.kind));
  if (chosen.length === 0) return undefined;
  return {
    rows: chosen.reduce((sum, tick) => sum + tick.rows, 0),
    firstTs: Math.min(...chosen.map((tick) => tick.firstTs)),
    lastTs: Math.max(...chosen.map((tick) => tick.lastTs)),
    unit: 'ticks',
  };
}

/** Declared bounds, short: `1e12` rather than thirteen digits, `1e-6` rather than 0.000001. */
function formatBound(value: number | undefined): string {
  if (value === undefined) return '';
  return Math.abs(value) >= 1e6 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toExponential().replace(/\.?0*e\+?/, 'e') : String(value);
}

function dayMs(text: string): number | undefined {
  return text === '' ? undefined : Date.parse(`${text}T00:00:00Z`);
}

export function SetupCard() {
  const strategies = useBacktestLabStore((state) => state.strategies);
  const instruments = useBacktestLabStore((state) => state.instruments);
  const job = useBacktestLabStore((state) => state.job);
  const run = useBacktestLabStore((state) => state.run);
  const sweepRuns = useBacktestLabStore((state) => state.sweepRuns);
  const cancelJob = useBacktestLabStore((state) => state.cancelJob);

  const [strategyName, setStrategyName] = useState('sma-cross');
  const strategy: StrategyInfo | undefined = strategies.find((one) => one.name === strategyName) ?? strategies[0];
  const [paramText, setParamText] = useState<ParamText>({});
  const [rangeText, setRangeText] = useState<ParamText>({});
  const [data, setData] = useState<DataChoice>({ instrumentIds: [], barType: '1d', from: '', to: '' });
  const [cash, setCash] = useState('100000');
  const [commission, setCommission] = useState('0');
  const [fill, setFill] = useState<'next-open' | 'close'>('next-open');
  const [touched, setTouched] = useState(false);

  // A new strategy brings its own parameters, at their declared defaults.
  useEffect(() => {
    if (strategy === undefined) return;
    setParamText(defaultParamText(strategy.params));
    setRangeText({});
  }, [strategy]);

  // Pick the first stored instruments once they arrive, as many as the strategy trades.
  const instrumentCount = Math.max(1, strategy?.instruments.min ?? 1);
  useEffect(() => {
    if (instruments.length === 0) return;
    setData((current) => {
      const ids = Array.from({ length: instrumentCount }, (_, index) => current.instrumentIds[index] ?? instruments[index % instruments.length]!.instrumentId);
      const types = barTypesOf(instruments, ids[0]!);
      return { ...current, instrumentIds: ids, barType: types.includes(current.barType) ? current.barType : (types[0] ?? '1d') };
    });
  }, [instruments, instrumentCount]);

  const params = useMemo(() => checkParams(strategy?.params ?? [], paramText), [strategy, paramText]);
  const ranges = useMemo(() => {
    const parsed: Record<string, NonNullable<ReturnType<typeof parseSweepRange>['range']>> = {};
    const problems: Record<string, string> = {};
    for (const declaration of strategy?.params ?? []) {
      const result = parseSweepRange(declaration, rangeText[declaration.name] ?? '');
      if (result.problem !== undefined) problems[declaration.name] = result.problem;
      else if (result.range !== undefined) parsed[declaration.name] = result.range;
    }
    return { parsed, problems, size: Object.keys(parsed).length === 0 ? 0 : gridSize(parsed) };
  }, [strategy, rangeText]);

  const cashValue = Number(cash);
  const commissionValue = Number(commission);
  const accountProblems = {
    cash: Number.isFinite(cashValue) && cashValue > 0 ? undefined : 'must be a positive amount',
    commission: Number.isFinite(commissionValue) && commissionValue >= 0 && commissionValue <= 100 ? undefined : 'must be 0–100 %',
    range: data.from !== '' && data.to !== '' && data.from >= data.to ? 'the start must be before the end' : undefined,
  };
  const valid = strategy !== undefined && data.instrumentIds.length > 0 && Object.keys(params.problems).length === 0 && Object.values(accountProblems).every((problem) => problem === undefined);
  const running = job?.state === 'running';

  function request(): Omit<RunRequest, 'jobId'> {
    const from = dayMs(data.from);
    const to = dayMs(data.to);
    return {
      strategy: strategy!.name,
      params: params.values,
      instrumentIds: data.instrumentIds,
      ...dataRequestOf(data.barType),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      cash: cashValue,
      commissionPct: commissionValue,
      fill,
      accountType: strategy!.name === 'pairs' ? 'margin' : 'cash',
    };
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setTouched(true);
    if (valid) void run(request());
  }

  function sweep(): void {
    setTouched(true);
    if (!valid || ranges.size === 0 || ranges.size > MAX_SWEEP_RUNS || Object.keys(ranges.problems).length > 0) return;
    const base = { ...params.values };
    for (const name of Object.keys(ranges.parsed)) delete base[name];
    void sweepRuns({ ...request(), params: base, ranges: ranges.parsed, maxRuns: MAX_SWEEP_RUNS });
  }

  const setInstrument = (index: number, instrumentId: string) =>
    setData((current) => {
      const ids = [...current.instrumentIds];
      ids[index] = instrumentId;
      const types = barTypesOf(instruments, ids[0]!);
      return { ...current, instrumentIds: ids, barType: types.includes(current.barType) ? current.barType : (types[0] ?? current.barType) };
    });
  const span = storedSpan(
    instruments.find((instrument) => instrument.instrumentId === data.instrumentIds[0]),
    data.barType,
  );

  return (
    <form className="card lab-setup" onSubmit={submit} data-testid="lab-setup" noValidate>
      <section className="lab-section">
        <h3>Data</h3>
        {data.instrumentIds.map((instrumentId, index) => (
          <label className="lab-field" key={index}>
            <span>{instrumentCount > 1 ? `Instrument ${String.fromCharCode(65 + index)}` : 'Instrument'}</span>
            <select aria-label={`Instrument ${index + 1}`} value={instrumentId} onChange={(event) => setInstrument(index, event.target.value)} data-testid={`lab-instrument-${index}`}>
              {instruments.map((instrument) => (
                <option key={instrument.instrumentId} value={instrument.instrumentId}>
                  {instrument.instrumentId}
                  {instrument.name ? ` — ${instrument.name}` : ''}
                </option>
              ))}
            </select>
          </label>
        ))}
        {instruments.length === 0 ? <p className="muted lab-hint">No stored bars or ticks yet: import some on the Data page.</p> : null}
        <label className="lab-field">
          <span>Bars or ticks</span>
          <select aria-label="Bar type" value={data.barType} onChange={(event) => setData({ ...data, barType: event.target.value })} data-testid="lab-bar-type">
            {barTypesOf(instruments, data.instrumentIds[0] ?? '').map((choice) => (
              <option key={choice} value={choice}>
                {choiceLabel(choice)}
              </option>
            ))}
          </select>
        </label>
        <div className="lab-field-pair">
          <label className="lab-field">
            <span>From</span>
            <input type="date" aria-label="From" value={data.from} onChange={(event) => setData({ ...data, from: event.target.value })} />
          </label>
          <label className="lab-field">
            <span>To</span>
            <input type="date" aria-label="To" value={data.to} onChange={(event) => setData({ ...data, to: event.target.value })} />
          </label>
        </div>
        {accountProblems.range && touched ? <p className="lab-problem">{accountProblems.range}</p> : null}
        {span ? (
          <p className="muted lab-hint">
            {span.rows.toLocaleString('en-US')} {span.unit} stored, {new Date(span.firstTs).toISOString().slice(0, 10)} → {new Date(span.lastTs).toISOString().slice(0, 10)}
          </p>
        ) : null}
      </section>

      <section className="lab-section">
        <h3>Strategy</h3>
        <label className="lab-field">
          <span>Strategy</span>
          <select aria-label="Strategy" value={strategy?.name ?? ''} onChange={(event) => setStrategyName(event.target.value)} data-testid="lab-strategy">
            {strategies.map((one) => (
              <option key={one.name} value={one.name}>
                {one.name}
              </option>
            ))}
          </select>
        </label>
        {strategy ? <p className="muted lab-hint">{strategy.description}</p> : null}
        <table className="lab-params" data-testid="lab-params">
          <thead>
            <tr>
              <th>Parameter</th>
              <th>Value</th>
              <th title="min:max:step or a list like 5,10,20">Sweep range</th>
            </tr>
          </thead>
          <tbody>
            {(strategy?.params ?? []).map((declaration) => {
              const problem = params.problems[declaration.name];
              const rangeProblem = ranges.problems[declaration.name];
              const numeric = declaration.type === 'int' || declaration.type === 'number';
              return (
                <tr key={declaration.name} title={declaration.description}>
                  <td>
                    <span className="lab-param-name">{declaration.name}</span>
                    {numeric ? <span className="lab-param-range">{`${formatBound(declaration.min)} – ${formatBound(declaration.max)}`}</span> : null}
                  </td>
                  <td>
                    {declaration.type === 'boolean' || declaration.type === 'enum' ? (
                      <select
                        aria-label={declaration.name}
                        value={paramText[declaration.name] ?? ''}
                        onChange={(event) => setParamText({ ...paramText, [declaration.name]: event.target.value })}
                      >
                        {(declaration.type === 'boolean' ? ['true', 'false'] : (declaration.values ?? [])).map((value) => (
                          <option key={value}>{value}</option>
                        ))}
                      </select>
                    ) : (
                      <input
                        aria-label={declaration.name}
                        aria-invalid={problem !== undefined}
                        className={problem ? 'invalid' : ''}
                        inputMode="decimal"
                        value={paramText[declaration.name] ?? ''}
                        onChange={(event) => setParamText({ ...paramText, [declaration.name]: event.target.value })}
                        data-param={declaration.name}
                      />
                    )}
                    {problem ? <div className="lab-problem">{problem}</div> : null}
                  </td>
                  <td>
                    {numeric ? (
                      <input
                        aria-label={`${declaration.name} sweep range`}
                        className={rangeProblem ? 'invalid' : ''}
                        placeholder={declaration.type === 'int' ? `${declaration.default}:${Number(declaration.default) * 2}:1` : ''}
                        value={rangeText[declaration.name] ?? ''}
                        onChange={(event) => setRangeText({ ...rangeText, [declaration.name]: event.target.value })}
                        data-range={declaration.name}
                      />
                    ) : null}
                    {rangeProblem ? <div className="lab-problem">{rangeProblem}</div> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section className="lab-section">
        <h3>Account</h3>
        <div className="lab-field-pair">
          <label className="lab-field">
            <span>Starting cash</span>
            <input aria-label="Starting cash" inputMode="decimal" className={accountProblems.cash ? 'invalid' : ''} value={cash} onChange={(event) => setCash(event.target.value)} data-testid="lab-cash" />
          </label>
          <label className="lab-field">
            <span>Commission %</span>
            <input aria-label="Commission percent" inputMode="decimal" className={accountProblems.commission ? 'invalid' : ''} value={commission} onChange={(event) => setCommission(event.target.value)} />
          </label>
        </div>
        {accountProblems.cash ? <p className="lab-problem">Starting cash {accountProblems.cash}</p> : null}
        {accountProblems.commission ? <p className="lab-problem">Commission {accountProblems.commission}</p> : null}
        <div className="lab-field">
          <span>Fill model</span>
          {ticksOf(data.barType) === undefined ? (
            <div className="segmented" role="radiogroup" aria-label="Fill model">
              <button type="button" className={fill === 'next-open' ? 'on' : ''} onClick={() => setFill('next-open')} aria-pressed={fill === 'next-open'}>
                Next open
              </button>
              <button type="button" className={fill === 'close' ? 'on' : ''} onClick={() => setFill('close')} aria-pressed={fill === 'close'}>
                This close
              </button>
            </div>
          ) : (
            <p className="muted lab-hint" data-testid="lab-tick-fills">
              On ticks, market orders fill at the ask (buy) or bid (sell); resting limits when the quote or a trade reaches them.
            </p>
          )}
        </div>
      </section>

      <div className="lab-actions">
        <button type="submit" className="button primary" disabled={!valid || running} data-testid="lab-run">
          Run backtest
        </button>
        <button
          type="button"
          className="button"
          disabled={!valid || running || ranges.size === 0 || ranges.size > MAX_SWEEP_RUNS || Object.keys(ranges.problems).length > 0}
          onClick={sweep}
          data-testid="lab-sweep"
          title={ranges.size === 0 ? 'type a sweep range beside a parameter first' : `${ranges.size} runs`}
        >
          {ranges.size > 0 ? `Sweep ${ranges.size} runs` : 'Sweep'}
        </button>
        {running ? (
          <button type="button" className="button danger" onClick={() => void cancelJob()} data-testid="lab-cancel">
            Cancel
          </button>
        ) : null}
      </div>
      {ranges.size > MAX_SWEEP_RUNS ? <p className="lab-problem">A sweep runs at most {MAX_SWEEP_RUNS} sets; this grid has {ranges.size}.</p> : null}
      {job ? <JobProgressBar /> : null}
    </form>
  );
}

function JobProgressBar() {
  const job = useBacktestLabStore((state) => state.job)!;
  const fraction = job.total > 0 ? Math.min(1, job.done / job.total) : 0;
  const unit = job.unit;
  const label =
    job.state === 'running'
      ? `${job.kind === 'run' ? 'Running' : 'Sweeping'} · ${job.done.toLocaleString('en-US')} / ${job.total.toLocaleString('en-US')} ${unit}`
      : job.state === 'done'
        ? `${job.kind === 'run' ? 'Backtest' : 'Sweep'} finished · ${job.total.toLocaleString('en-US')} ${unit}`
        : job.state === 'cancelled'
          ? 'Cancelled'
          : `Failed: ${job.message}`;
  return (
    <div className={`lab-progress state-${job.state}`} data-testid="lab-progress" data-state={job.state} data-job={job.jobId}>
      <div className="lab-progress-track">
        <div className="lab-progress-fill" style={{ width: `${(job.state === 'done' ? 1 : fraction) * 100}%` }} />
      </div>
      <span>{label}</span>
    </div>
  );
}
