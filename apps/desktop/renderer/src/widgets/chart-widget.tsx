import { useEffect, useRef, useState } from 'react';
import {
  CandlestickSeries,
  ColorType,
  HistogramSeries,
  createChart,
  type CandlestickData,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import { currentHostClient } from '../health/health-store.js';
import { useQuoteStore } from '../market/quote-store.js';
import { useThemeStore, type Theme } from '../app/theme-store.js';

const DAY_MS = 86_400_000;
const HISTORY_BARS = 260;

interface ChartHandles {
  chart: IChartApi;
  candles: ISeriesApi<'Candlestick'>;
  volume: ISeriesApi<'Histogram'>;
}

function chartColors(theme: Theme) {
  return theme === 'dark'
    ? { background: '#0f151d', text: '#8b9bb0', grid: '#1a2430', up: '#26a69a', down: '#ef5350' }
    : { background: '#ffffff', text: '#4b5563', grid: '#eef1f5', up: '#089981', down: '#f23645' };
}

/** Daily candles with volume from `marketdata.bars`; today's candle follows the live mid. */
export function ChartWidget({ symbol }: { symbol: string }) {
  const container = useRef<HTMLDivElement>(null);
  const handles = useRef<ChartHandles | null>(null);
  const lastBar = useRef<CandlestickData<UTCTimestamp> | null>(null);
  const theme = useThemeStore((state) => state.theme);
  const quote = useQuoteStore((state) => state.quotes[symbol]);
  const [status, setStatus] = useState<string>('Loading bars…');

  useEffect(() => {
    if (container.current === null) return;
    const colors = chartColors(useThemeStore.getState().theme);
    const chart = createChart(container.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: colors.background }, textColor: colors.text, fontSize: 11, attributionLogo: false },
      grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
      rightPriceScale: { borderVisible: false },
      timeScale: { borderVisible: false },
    });
    const candles = chart.addSeries(CandlestickSeries, { upColor: colors.up, downColor: colors.down, wickUpColor: colors.up, wickDownColor: colors.down, borderVisible: false });
    const volume = chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: '' });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    handles.current = { chart, candles, volume };
    return () => {
      handles.current = null;
      chart.remove();
    };
  }, []);

  useEffect(() => {
    const colors = chartColors(theme);
    handles.current?.chart.applyOptions({
      layout: { background: { type: ColorType.Solid, color: colors.background }, textColor: colors.text },
      grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
    });
  }, [theme]);

  useEffect(() => {
    const client = currentHostClient();
    if (client === null) return;
    let cancelled = false;
    lastBar.current = null;
    setStatus('Loading bars…');
    client
      .call('marketdata.bars', { instrumentId: symbol, barType: '1d', limit: HISTORY_BARS })
      .then((bars) => {
        const target = handles.current;
        if (cancelled || target === null) return;
        const colors = chartColors(useThemeStore.getState().theme);
        const candleData = bars.ts.map((ts, index) => ({
          time: (ts / 1000) as UTCTimestamp,
          open: bars.open[index]!,
          high: bars.high[index]!,
          low: bars.low[index]!,
          close: bars.close[index]!,
        }));
        target.candles.setData(candleData);
        target.volume.setData(
          bars.ts.map((ts, index) => ({
            time: (ts / 1000) as UTCTimestamp,
            value: bars.volume[index]!,
            color: bars.close[index]! >= bars.open[index]! ? `${colors.up}66` : `${colors.down}66`,
          })),
        );
        lastBar.current = candleData.at(-1) ?? null;
        target.chart.timeScale().fitContent();
        setStatus(`${bars.ts.length} daily bars`);
      })
      .catch((error: unknown) => !cancelled && setStatus(`No bars: ${(error as Error).message}`));
    return () => {
      cancelled = true;
    };
  }, [symbol]);

  // The quote store already coalesces per frame, so this runs at most once a frame.
  useEffect(() => {
    const target = handles.current;
    const previous = lastBar.current;
    if (quote === undefined || target === null || previous === null) return;
    const mid = (quote.bid + quote.ask) / 2;
    const day = (Math.floor(quote.ts / DAY_MS) * DAY_MS) / 1000;
    const bar: CandlestickData<UTCTimestamp> =
      day > previous.time
        ? { time: day as UTCTimestamp, open: previous.close, high: Math.max(previous.close, mid), low: Math.min(previous.close, mid), close: mid }
        : { ...previous, high: Math.max(previous.high, mid), low: Math.min(previous.low, mid), close: mid };
    target.candles.update(bar);
    lastBar.current = bar;
  }, [quote]);

  return (
    <div className="chart-widget" data-testid="chart-widget" data-symbol={symbol}>
      <div className="chart-canvas" ref={container} />
      <span className="chart-status muted">{status}</span>
    </div>
  );
}
