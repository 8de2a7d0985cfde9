// Correlation heatmap of daily returns: every stored instrument with daily bars, the last
// CORRELATION_BARS closes each (`marketdata.bars`), Pearson over the days each pair shares.
// The matrix is computed in a web worker (correlation-worker.ts): a few milliseconds for the demo
// universe on a busy machine, more for a large one, and never on the thread that draws quotes.
import { useEffect, useState } from 'react';
import { format } from 'd3';
import { currentHostClient } from '../health/health-store.js';
import { symbolOf } from './format-price.js';
import { Heatmap } from './d3-heatmap.js';
import { correlationMatrix, correlationPaint, dailyReturns } from './d3-math.js';

/** About one trading year of daily bars. */
export const CORRELATION_BARS = 250;
/** More would not fit as readable cells; the first ones by instrument id are shown. */
const MAX_INSTRUMENTS = 24;

const twoDecimals = format('.2f');

interface Correlations {
  instruments: string[];
  matrix: Array<Array<number | null>>;
  days: number;
  /** Where the matrix was computed: a worker, or this thread where no worker could start. */
  computedIn: 'worker' | 'main';
}

type Matrix = Array<Array<number | null>>;

async function loadCorrelations(): Promise<Correlations> {
  const client = currentHostClient();
  if (client === null) throw new Error('not connected to the Host');
  const { instruments } = await client.call('marketdata.instruments');
  const daily = instruments
    .filter((instrument) => instrument.series.some((series) => series.barType === '1d' && series.rows > 1))
    .map((instrument) => instrument.instrumentId)
    .sort()
    .slice(0, MAX_INSTRUMENTS);
  const bars = await Promise.all(daily.map((instrumentId) => client.call('marketdata.bars', { instrumentId, barType: '1d', limit: CORRELATION_BARS + 1 })));
  const returns = bars.map((columns) => dailyReturns(columns.ts, columns.close));
  const { matrix, computedIn } = await correlationOffMainThread(returns);
  return { instruments: daily, matrix, computedIn, days: Math.max(0, ...returns.map((series) => series.size)) };
}

/** In a worker where the platform has them; where a worker cannot start, here (same result). */
function correlationOffMainThread(returns: Array<Map<number, number>>): Promise<{ matrix: Matrix; computedIn: Correlations['computedIn'] }> {
  if (typeof Worker === 'undefined') return Promise.resolve({ matrix: correlationMatrix(returns), computedIn: 'main' });
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./correlation-worker.ts', import.meta.url), { type: 'module' });
    const finish = (matrix: Matrix, computedIn: Correlations['computedIn']) => {
      worker.terminate();
      resolve({ matrix, computedIn });
    };
    worker.onmessage = (event: MessageEvent<Matrix>) => finish(event.data, 'worker');
    worker.onerror = () => finish(correlationMatrix(returns), 'main');
    worker.postMessage(returns);
  });
}

export function CorrelationWidget() {
  const [data, setData] = useState<Correlations | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadCorrelations().then(
      (loaded) => live && setData(loaded),
      (error: unknown) => live && setProblem((error as Error).message),
    );
    return () => {
      live = false;
    };
  }, []);

  if (data === null) return <div className="widget-empty-state">{problem ? <span className="tone-bad">Correlations unavailable: {problem}</span> : <span>Loading daily bars…</span>}</div>;
  if (data.instruments.length < 2) {
    return (
      <div className="widget-empty-state" data-testid="correlation-empty">
        <strong>Not enough data</strong>
        <span>Correlations need daily bars of at least two instruments. Import or backfill them on the Data page.</span>
      </div>
    );
  }
  const rows = data.instruments.map(symbolOf);
  return (
    <div className="heatmap-host" data-computed-in={data.computedIn}>
      <Heatmap
        testId="correlation-heatmap"
        rows={rows}
        columns={rows}
        values={data.matrix}
        paint={correlationPaint}
        label={twoDecimals}
        describe={(row, column, value) => (value === null ? `${row} / ${column}: too few common days` : `${row} / ${column}: ρ = ${twoDecimals(value)} over up to ${data.days} daily returns`)}
        legend={
          <div className="heatmap-legend">
            <span><i style={{ background: 'var(--bad)' }} /> −1 opposite</span>
            <span><i className="legend-zero" /> 0 unrelated</span>
            <span><i style={{ background: 'var(--accent)' }} /> +1 together</span>
            <span className="muted">{data.days} daily returns</span>
          </div>
        }
      />
    </div>
  );
}
