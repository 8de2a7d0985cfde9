// P&L waterfall by instrument (d3 scales, React draws): each instrument's realised + unrealised
// P&L steps the running total up or down, a Total bar closes it. Positions come from
// `positions.list` (asked again on every position event); unrealised P&L follows the live mid.
import { useMemo, useState } from 'react';
import { format, scaleBand, scaleLinear } from 'd3';
import { patterns } from '@nws/core';
import { useQuoteStore } from '../market/quote-store.js';
import { symbolOf } from './format-price.js';
import { useElementSize } from './d3-heatmap.js';
import { unrealizedPnl, waterfallSteps, type WaterfallStep } from './d3-math.js';
import { useHostQuery } from './use-host-query.js';

const money = format(',.2f');
const axisMoney = format('~s');
const signed = (value: number) => `${value >= 0 ? '+' : '−'}${money(Math.abs(value))}`;

const MARGIN = { top: 14, right: 12, bottom: 26, left: 52 };
const MAX_STEP_PX = 110;

export function describeStep(step: WaterfallStep): string {
  return `${step.label}: ${signed(step.total)} (realised ${signed(step.realized)}, unrealised ${signed(step.unrealized)})`;
}

/** Positions from the Host, re-asked on each position event and every 5 s. */
function usePositions() {
  return useHostQuery((client) => client.call('positions.list').then((result) => result.positions), { intervalMs: 5_000, refreshOn: [patterns.positions()] });
}

export function PnlWaterfallWidget() {
  const positions = usePositions();
  const quotes = useQuoteStore((state) => state.quotes);
  const [container, size] = useElementSize<HTMLDivElement>();
  const [hover, setHover] = useState<{ x: number; y: number; text: string } | null>(null);

  const steps = useMemo(() => {
    const rows = (positions.data ?? []).map((position) => {
      const quote = quotes[position.instrumentId];
      const mark = quote === undefined ? undefined : (quote.bid + quote.ask) / 2;
      const multiplier = typeof position['multiplier'] === 'number' ? position['multiplier'] : 1;
      return { instrumentId: position.instrumentId, realized: position.realizedPnl, unrealized: unrealizedPnl(position.netQty, position.avgOpenPrice, mark, multiplier) };
    });
    return waterfallSteps(rows);
  }, [positions.data, quotes]);

  return (
    <div className="d3-widget" ref={container} data-testid="pnl-waterfall" onPointerLeave={() => setHover(null)}>
      {positions.data === null ? (
        <p className="widget-empty">{positions.error ?? 'Loading positions…'}</p>
      ) : steps.length === 0 ? (
        <div className="widget-empty-state" data-testid="pnl-waterfall-empty">
          <strong>No P&amp;L yet</strong>
          <span>Trade on the paper account: each instrument&rsquo;s realised and unrealised P&amp;L appears here as a step.</span>
        </div>
      ) : size.width > 0 ? (
        <WaterfallChart
          steps={steps}
          width={size.width}
          height={size.height}
          onHover={(text, event) => {
            const box = container.current!.getBoundingClientRect();
            setHover({ x: event.clientX - box.left, y: event.clientY - box.top, text });
          }}
        />
      ) : null}
      {hover ? (
        <div className="chart-tooltip" role="tooltip" style={{ left: Math.min(hover.x + 12, Math.max(0, size.width - 260)), top: hover.y + 14 }}>
          {hover.text}
        </div>
      ) : null}
    </div>
  );
}

interface WaterfallChartProps {
  steps: WaterfallStep[];
  width: number;
  height: number;
  onHover(text: string, event: { clientX: number; clientY: number }): void;
}

function WaterfallChart({ steps, width, height, onHover }: WaterfallChartProps) {
  const values = steps.flatMap((step) => [step.start, step.end]);
  const y = scaleLinear()
    .domain([Math.min(0, ...values), Math.max(0, ...values)])
    .nice(5)
    .range([Math.max(MARGIN.top + 1, height - MARGIN.bottom), MARGIN.top]);
  const x = scaleBand<string>()
    .domain(steps.map((step) => step.label))
    // A few bars stay bar-shaped: at most MAX_STEP_PX of width each.
    .range([MARGIN.left, Math.max(MARGIN.left + 1, Math.min(width - MARGIN.right, MARGIN.left + steps.length * MAX_STEP_PX))])
    .padding(0.28);
  // Instrument labels are thinned out when they would collide; the Total is always labelled.
  const labelEvery = Math.max(1, Math.ceil((steps.length * 58) / Math.max(1, width - MARGIN.left)));

  return (
    <svg width={width} height={height} role="img" aria-label="P&L waterfall by instrument">
      {y.ticks(5).map((tick) => (
        <g key={tick}>
          <line className={tick === 0 ? 'axis-zero' : 'grid-line'} x1={MARGIN.left} x2={width - MARGIN.right} y1={y(tick)} y2={y(tick)} />
          <text className="axis-label" x={MARGIN.left - 6} y={y(tick)} textAnchor="end" dominantBaseline="central">
            {axisMoney(tick)}
          </text>
        </g>
      ))}
      {steps.map((step, index) => {
        const left = x(step.label) ?? 0;
        const top = y(Math.max(step.start, step.end));
        const barHeight = Math.max(1, Math.abs(y(step.start) - y(step.end)));
        const next = steps[index + 1];
        return (
          <g key={step.label} className="waterfall-step" data-label={step.label} data-total={step.total.toFixed(2)} onPointerMove={(event) => onHover(describeStep(step), event)}>
            <rect className={`waterfall-bar ${step.kind}`} x={left} y={top} width={x.bandwidth()} height={barHeight} rx={1.5}>
              <title>{describeStep(step)}</title>
            </rect>
            {next !== undefined && next.kind !== 'total' ? <line className="waterfall-connector" x1={left + x.bandwidth()} x2={x(next.label) ?? 0} y1={y(step.end)} y2={y(step.end)} /> : null}
            {index % labelEvery === 0 || step.kind === 'total' ? (
              <text className="axis-label" x={left + x.bandwidth() / 2} y={height - MARGIN.bottom + 14} textAnchor="middle">
                {step.kind === 'total' ? 'Total' : symbolOf(step.label)}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
