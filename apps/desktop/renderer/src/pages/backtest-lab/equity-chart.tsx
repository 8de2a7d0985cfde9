// Equity curves (one, or 2–4 overlaid) with their drawdowns in a pane below, drawn with
// lightweight-charts like the dashboard's chart widget. Redrawn only when the curves change.
import { useEffect, useRef } from 'react';
import { AreaSeries, ColorType, LineSeries, createChart, type IChartApi, type UTCTimestamp } from 'lightweight-charts';
import { useThemeStore, type Theme } from '../../app/theme-store.js';
import { formatMoney } from '../../widgets/format-price.js';

export interface EquityCurve {
  id: string;
  label: string;
  ts: readonly number[];
  /** Values drawn on the upper pane (equity, or return in % when comparing). */
  values: readonly number[];
  /** Fall from the peak as a fraction (0.12 = 12% down); drawn as a negative percentage. */
  drawdown: readonly number[];
}

/** Colours of compared runs, in order; the first is the single-run colour too. */
export const CURVE_COLORS: Readonly<Record<Theme, readonly string[]>> = {
  dark: ['#3fa7f5', '#f5a623', '#2fbf71', '#c678dd'],
  light: ['#0b72d0', '#c77700', '#138a4b', '#8e44ad'],
};

function chartColors(theme: Theme) {
  return theme === 'dark'
    ? { background: '#111821', text: '#8b9bb0', grid: '#1a2430', drawdownLine: '#ef5350', drawdownTop: 'rgba(239,83,80,0.05)', drawdownBottom: 'rgba(239,83,80,0.35)' }
    : { background: '#ffffff', text: '#4b5563', grid: '#eef1f5', drawdownLine: '#e0343f', drawdownTop: 'rgba(224,52,63,0.04)', drawdownBottom: 'rgba(224,52,63,0.28)' };
}

/**
 * Chart points: one per second, the chart's time resolution (it refuses two points at one time).
 * A tick run samples equity per tick time, often several in a second: the second's last is kept.
 */
export function points(ts: readonly number[], values: readonly number[], scale = 1): Array<{ time: UTCTimestamp; value: number }> {
  const chartPoints: Array<{ time: UTCTimestamp; value: number }> = [];
  for (let index = 0; index < ts.length; index++) {
    const time = Math.floor(ts[index]! / 1000) as UTCTimestamp;
    const value = values[index]! * scale;
    const last = chartPoints[chartPoints.length - 1];
    if (last !== undefined && last.time === time) last.value = value;
    else chartPoints.push({ time, value });
  }
  return chartPoints;
}

/** Time of day on the axis when the curves span less than this (intraday bars, ticks). */
const TIME_OF_DAY_SPAN_MS = 7 * 86_400_000;

function spanMs(curves: readonly EquityCurve[]): number {
  const firsts = curves.filter((curve) => curve.ts.length > 0).map((curve) => curve.ts[0]!);
  const lasts = curves.filter((curve) => curve.ts.length > 0).map((curve) => curve.ts[curve.ts.length - 1]!);
  return firsts.length === 0 ? 0 : Math.max(...lasts) - Math.min(...firsts);
}

export function EquityChart({ curves, valueLabel, testId }: { curves: readonly EquityCurve[]; valueLabel: 'equity' | 'return'; testId?: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chartRef = useRef<IChartApi | null>(null);
  const theme = useThemeStore((state) => state.theme);

  useEffect(() => {
    if (container.current === null) return;
    const colors = chartColors(theme);
    const chart = createChart(container.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: colors.background }, textColor: colors.text, fontSize: 11, attributionLogo: false, panes: { separatorColor: colors.grid } },
      grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
      rightPriceScale: { borderVisible: false },
      timeScale: { borderVisible: false, timeVisible: spanMs(curves) < TIME_OF_DAY_SPAN_MS },
      crosshair: { mode: 0 },
    });
    chartRef.current = chart;
    curves.forEach((curve, index) => {
      const color = CURVE_COLORS[theme][index % CURVE_COLORS[theme].length]!;
      const line = chart.addSeries(
        LineSeries,
        {
          color,
          lineWidth: 2,
          title: curves.length > 1 ? curve.label : '',
          priceFormat: valueLabel === 'equity' ? { type: 'custom', minMove: 0.01, formatter: formatMoney } : { type: 'custom', formatter: (value: number) => `${value.toFixed(2)}%` },
        },
        0,
      );
      line.setData(points(curve.ts, curve.values));
      const drawdown =
        curves.length === 1
          ? chart.addSeries(AreaSeries, { lineColor: colors.drawdownLine, topColor: colors.drawdownTop, bottomColor: colors.drawdownBottom, lineWidth: 1, invertFilledArea: true, priceFormat: { type: 'custom', formatter: (value: number) => `${value.toFixed(1)}%` } }, 1)
          : chart.addSeries(LineSeries, { color, lineWidth: 1, priceFormat: { type: 'custom', formatter: (value: number) => `${value.toFixed(1)}%` } }, 1);
      drawdown.setData(points(curve.ts, curve.drawdown, -100));
    });
    const panes = chart.panes();
    if (panes.length > 1) panes[1]!.setHeight(Math.round((container.current.clientHeight || 360) * 0.28));
    chart.timeScale().fitContent();
    return () => {
      chartRef.current = null;
      chart.remove();
    };
  }, [curves, theme, valueLabel]);

  return <div className="lab-chart" ref={container} data-testid={testId} data-curves={curves.length} data-points={curves.reduce((sum, curve) => sum + curve.ts.length, 0)} />;
}
