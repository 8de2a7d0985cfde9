// Risk heatmap: how much of each limit each instrument uses (`risk.utilisation`), instrument ×
// limit. Green under 80 %, amber to 100 %, red at or past the limit; hatched where a limit does
// not apply to an instrument. Asked again on every order, fill and position event. Only the
// instruments in play (a position, or a limit in use) are shown unless the user asks for all.
import { useState } from 'react';
import { format } from 'd3';
import { patterns } from '@nws/core';
import { symbolOf } from './format-price.js';
import { Heatmap } from './d3-heatmap.js';
import { utilisationPaint } from './d3-math.js';
import { useHostQuery } from './use-host-query.js';

const percent = format('.0%');
const precise = format('.1%');

/** `fit`: as tall as its rows (on the Risk page) rather than filling a dashboard cell. */
export function RiskHeatmapWidget({ fit = false }: { fit?: boolean }) {
  const grid = useHostQuery((client) => client.call('risk.utilisation'), { intervalMs: 5_000, refreshOn: [patterns.orders(), patterns.fills(), patterns.positions()] });
  const held = useHostQuery((client) => client.call('positions.list').then(({ positions }) => new Set(positions.filter((position) => position.netQty !== 0).map((position) => position.instrumentId))), {
    intervalMs: 5_000,
    refreshOn: [patterns.positions()],
  });
  const [showAll, setShowAll] = useState(false);
  if (grid.data === null) {
    return <div className="widget-empty-state">{grid.error ? <span className="tone-bad">Risk utilisation unavailable: {grid.error}</span> : <span>Loading limits…</span>}</div>;
  }
  const { instruments, limits } = grid.data;
  const inPlay = instruments.map((_, row) => row).filter((row) => showAll || held.data?.has(instruments[row]!) || grid.data!.cells[row]!.some((value) => value !== null && value > 0));
  const toggle = (
    <button type="button" className="link-button" onClick={() => setShowAll(!showAll)}>
      {showAll ? 'only instruments in play' : `all ${instruments.length} instruments`}
    </button>
  );
  if (instruments.length === 0 || limits.length === 0 || inPlay.length === 0) {
    return (
      <div className="widget-empty-state" data-testid="risk-heatmap-empty">
        <strong>No limit in use</strong>
        <span>{limits.length === 0 ? 'No risk limit is enabled.' : instruments.length === 0 ? 'No instrument is traded on the paper account.' : 'No open position or working order uses any limit.'}</span>
        {instruments.length > 0 && limits.length > 0 ? <span>Show {toggle}</span> : null}
      </div>
    );
  }
  const rows = inPlay.map((row) => symbolOf(instruments[row]!));
  const cells = inPlay.map((row) => grid.data!.cells[row]!);
  const columns = limits.map((limit) => limit.type);
  return (
    <Heatmap
      testId="risk-heatmap"
      fit={fit}
      rows={rows}
      columns={columns}
      values={cells}
      paint={utilisationPaint}
      label={percent}
      describe={(row, column, value) => {
        const limit = limits[columns.indexOf(column)];
        return value === null ? `${row} · ${limit?.id ?? column}: does not apply` : `${row} · ${limit?.id ?? column}: ${precise(value)} of the limit used`;
      }}
      legend={
        <div className="heatmap-legend">
          <span><i style={{ background: 'var(--good)' }} /> under 80 %</span>
          <span><i style={{ background: 'var(--warn)' }} /> 80–100 % warning</span>
          <span><i style={{ background: 'var(--bad)' }} /> ≥ 100 % breach</span>
          <span><i className="legend-na" /> not applicable</span>
          <span className="legend-toggle">Show {toggle}</span>
        </div>
      }
    />
  );
}
