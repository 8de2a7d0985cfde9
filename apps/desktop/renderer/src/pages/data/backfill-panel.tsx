// Backfill jobs: start one (provider, symbol, instrument, bar spec, range), watch its progress on
// `jobs.*.progress`, pause, resume or cancel it. Jobs live in the Host and survive its restart.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { patterns, type JobProgress, type MethodParams, type MethodResult } from '@nws/core';
import { currentHostClient } from '../../health/health-store.js';

type Job = MethodResult<'backfill.list'>['jobs'][number];
type Provider = MethodParams<'backfill.start'>['provider'];

const PROVIDERS: Provider[] = ['yahoo', 'alphavantage', 'ibkr'];
/** BackfillManager names its jobs `backfill-<uuid>`. */
const BACKFILL_JOB_PREFIX = 'backfill-';

export function BackfillPanel() {
  const [jobs, setJobs] = useState<Job[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback(() => {
    currentHostClient()
      ?.call('backfill.list')
      .then((result) => setJobs(result.jobs))
      .catch((error: unknown) => setProblem((error as Error).message));
  }, []);

  useEffect(() => {
    refresh();
    let dispose: (() => Promise<void>) | undefined;
    let closed = false;
    void currentHostClient()
      ?.subscribe(patterns.jobProgress(), (event) => {
        // Imports report on the same topics, once per chunk read: only backfill jobs change this table.
        if ((event.data as JobProgress).jobId.startsWith(BACKFILL_JOB_PREFIX)) refresh();
      })
      .then((unsubscribe) => {
        if (closed) void unsubscribe();
        else dispose = unsubscribe;
      });
    return () => {
      closed = true;
      void dispose?.();
    };
  }, [refresh]);

  async function act(action: 'backfill.pause' | 'backfill.resume' | 'backfill.cancel', id: string): Promise<void> {
    try {
      setProblem(null);
      await currentHostClient()!.call(action, { id });
      refresh();
    } catch (error) {
      setProblem((error as Error).message);
    }
  }

  async function start(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    try {
      setProblem(null);
      await currentHostClient()!.call('backfill.start', {
        provider: text('provider') as Provider,
        symbol: text('symbol'),
        instrumentId: text('instrumentId'),
        spec: text('spec'),
        startMs: Date.parse(`${text('from')}T00:00:00Z`),
        endMs: Date.parse(`${text('to')}T00:00:00Z`),
      });
      refresh();
    } catch (error) {
      setProblem((error as Error).message);
    }
  }

  return (
    <div className="card flush">
      <div className="card-header">
        <h2>Backfill jobs</h2>
      </div>
      <form className="toolbar" onSubmit={(event) => void start(event)} data-testid="backfill-form">
        <select name="provider" aria-label="Provider" defaultValue="yahoo">
          {PROVIDERS.map((provider) => (
            <option key={provider}>{provider}</option>
          ))}
        </select>
        <input name="symbol" aria-label="Symbol" placeholder="AAPL" required />
        <input name="instrumentId" aria-label="Instrument" placeholder="AAPL.XNAS" required />
        <input name="spec" aria-label="Bar" defaultValue="1d" size={4} required />
        <input name="from" aria-label="From" type="date" required />
        <input name="to" aria-label="To" type="date" required />
        <button type="submit" className="button primary">
          Start
        </button>
      </form>
      {problem ? <div className="banner banner-error">{problem}</div> : null}
      <table className="grid-table" data-testid="backfill-table">
        <thead>
          <tr>
            <th>Series</th>
            <th>Provider</th>
            <th>State</th>
            <th>Progress</th>
            <th className="num">Bars</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id} data-job={job.id}>
              <td>
                {job.request.instrumentId} {job.request.spec}
              </td>
              <td>{job.request.provider}</td>
              <td title={job.error}>{job.state}</td>
              <td>
                <progress max={1} value={job.progress} /> {job.doneChunks}/{job.totalChunks}
              </td>
              <td className="num">{job.barsWritten.toLocaleString('en-US')}</td>
              <td>
                {job.state === 'running' || job.state === 'queued' ? (
                  <button type="button" className="button" onClick={() => void act('backfill.pause', job.id)}>
                    Pause
                  </button>
                ) : null}
                {job.state === 'paused' || job.state === 'failed' ? (
                  <button type="button" className="button" onClick={() => void act('backfill.resume', job.id)}>
                    Resume
                  </button>
                ) : null}
                {job.state !== 'done' && job.state !== 'cancelled' ? (
                  <button type="button" className="button" onClick={() => void act('backfill.cancel', job.id)}>
                    Cancel
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
