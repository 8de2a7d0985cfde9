import { useEffect, useRef } from 'react';
import { AreaSeries, ColorType, createChart, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import { useThemeStore, type Theme } from '../app/theme-store.js';
import { useAccountStore } from '../trading/account-store.js';
import { formatMoney } from './format-price.js';

function curveColors(theme: Theme) {
  return theme === 'dark'
    ? { background: '#111821', text: '#8b9bb0', grid: '#1a2430', line: '#3fa7f5', top: 'rgba(63,167,245,0.28)', bottom: 'rgba(63,167,245,0.02)' }
    : { background: '#ffffff', text: '#4b5563', grid: '#eef1f5', line: '#0b72d0', top: 'rgba(11,114,208,0.22)', bottom: 'rgba(11,114,208,0.02)' };
}

/** The paper account's equity, one point a second at most, live from the P&L events. */
export function EquityCurveWidget() {
  const container = useRef<HTMLDivElement>(null);
  const handles = useRef<{ chart: IChartApi; series: ISeriesApi<'Area'>; drawn: number; lastTime: number } | null>(null);
  const theme = useThemeStore((state) => state.theme);
  const version = useAccountStore((state) => state.equityVersion);
  const points = useAccountStore.getState().equity;

  useEffect(() => {
    if (container.current === null) return;
    const colors = curveColors(useThemeStore.getState().theme);
    const chart = createChart(container.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: colors.background }, textColor: colors.text, fontSize: 11, attributionLogo: false },
      grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
      rightPriceScale: { borderVisible: false },
      timeScale: { borderVisible: false, timeVisible: true, secondsVisible: false },
    });
    const series = chart.addSeries(AreaSeries, { lineColor: colors.line, topColor: colors.top, bottomColor: colors.bottom, lineWidth: 2, priceFormat: { type: 'price', precision: 2, minMove: 0.01 } });
    handles.current = { chart, series, drawn: 0, lastTime: 0 };
    return () => {
      handles.current = null;
      chart.remove();
    };
  }, []);

  useEffect(() => {
    const colors = curveColors(theme);
    handles.current?.chart.applyOptions({ layout: { background: { type: ColorType.Solid, color: colors.background }, textColor: colors.text }, grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } } });
    handles.current?.series.applyOptions({ lineColor: colors.line, topColor: colors.top, bottomColor: colors.bottom });
  }, [theme]);

  // The store changes at most once a frame; a new or replaced last point is an `update`, the
  // first draw (or a trimmed series) a reset.
  useEffect(() => {
    const target = handles.current;
    if (target === null || points.length === 0) return;
    const last = points.at(-1)!;
    // Only the last point can be new or changed since the last draw (the store appends at most one a second).
    if (target.drawn > 0 && last.time >= target.lastTime) {
      target.series.update({ time: last.time as UTCTimestamp, value: last.value });
    } else {
      target.series.setData(points.map((point) => ({ time: point.time as UTCTimestamp, value: point.value })));
      target.chart.timeScale().fitContent();
    }
    target.drawn = points.length;
    target.lastTime = last.time;
  }, [version, points]);

  const last = points.at(-1);
  const first = points[0];
  return (
    <div className="chart-widget" data-testid="equity-curve" data-points={points.length} data-version={version}>
      <div className="chart-canvas" ref={container} />
      <span className="chart-status muted">
        {last === undefined ? 'Waiting for the account…' : `Equity ${formatMoney(last.value)}${first !== undefined && points.length > 1 ? ` · ${last.value - first.value >= 0 ? '+' : ''}${formatMoney(last.value - first.value)} this session` : ' · moves with your positions'}`}
      </span>
    </div>
  );
}
