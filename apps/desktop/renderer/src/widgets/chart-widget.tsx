import { useEffect, useMemo, useRef, useState } from 'react';
import {
  CandlestickSeries,
  ColorType,
  HistogramSeries,
  LineSeries,
  LineStyle,
  createChart,
  createSeriesMarkers,
  type CandlestickData,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { ChartIndicator, WidgetSettings } from '../dashboard/layout-schema.js';
import { currentHostClient } from '../health/health-store.js';
import { useQuoteStore } from '../market/quote-store.js';
import { useThemeStore, type Theme } from '../app/theme-store.js';
import { useOrdersStore } from '../trading/orders-store.js';
import type { FillView, OrderView } from '../trading/trading-types.js';
import { indicatorLines, type IndicatorLine } from './indicators.js';
import { priceDecimals } from './format-price.js';

const HISTORY_BARS = 260;
const BAR_MS: Readonly<Record<string, number>> = { '1d': 86_400_000, '1m': 60_000 };
/** Indicators follow the live candle at most this often: they need the whole column recomputed. */
const INDICATOR_REFRESH_MS = 500;
/** The live candle redraws at most this often (10 a second). */
const LIVE_CANDLE_MS = 100;
const PANES: Readonly<Record<IndicatorLine['pane'], number>> = { price: 0, rsi: 1, macd: 2 };
const NO_INDICATORS: readonly ChartIndicator[] = [];

interface ChartHandles {
  chart: IChartApi;
  candles: ISeriesApi<'Candlestick'>;
  volume: ISeriesApi<'Histogram'>;
  markers: ISeriesMarkersPluginApi<Time>;
  lines: Map<string, ISeriesApi<'Line'> | ISeriesApi<'Histogram'>>;
  priceLines: IPriceLine[];
}

/** What the chart shows: candles with volume, the closes the indicators run on. */
interface BarHistory {
  candles: CandlestickData<UTCTimestamp>[];
  close: number[];
}

function chartColors(theme: Theme) {
  return theme === 'dark'
    ? { background: '#0f151d', text: '#8b9bb0', grid: '#1a2430', up: '#26a69a', down: '#ef5350', buy: '#3fa7f5', sell: '#f5a623' }
    : { background: '#ffffff', text: '#4b5563', grid: '#eef1f5', up: '#089981', down: '#f23645', buy: '#0b72d0', sell: '#c77700' };
}

/**
 * Candles with volume from `marketdata.bars` (daily or 1-minute, from the widget's settings); the
 * last candle follows the live mid. Indicators chosen in the settings are drawn over the price
 * (SMA, EMA, Bollinger) or in panes below (RSI, MACD). Working orders of the symbol are price
 * lines, its fills markers on their bars.
 */
export function ChartWidget({ symbol, settings }: { symbol: string; settings?: WidgetSettings | undefined }) {
  const container = useRef<HTMLDivElement>(null);
  const handles = useRef<ChartHandles | null>(null);
  const history = useRef<BarHistory | null>(null);
  const lastIndicatorRefresh = useRef(0);
  const theme = useThemeStore((state) => state.theme);
  const quote = useQuoteStore((state) => state.quotes[symbol]);
  const [status, setStatus] = useState<string>('Loading bars…');
  const [loadedAt, setLoadedAt] = useState(0);
  const barType = settings?.barType ?? '1d';
  const barMs = BAR_MS[barType] ?? BAR_MS['1d']!;
  const indicators = settings?.indicators ?? NO_INDICATORS;
  const showOrders = settings?.showOrders ?? true;

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
    handles.current = { chart, candles, volume, markers: createSeriesMarkers(candles, []), lines: new Map(), priceLines: [] };
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
    history.current = null;
    setStatus('Loading bars…');
    client
      .call('marketdata.bars', { instrumentId: symbol, barType, limit: HISTORY_BARS })
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
        // The axis and crosshair show as many decimals as the prices have (an FX rate needs 5).
        const decimals = priceDecimals(bars.close);
        target.candles.applyOptions({ priceFormat: { type: 'price', precision: decimals, minMove: 10 ** -decimals } });
        target.candles.setData(candleData);
        target.volume.setData(
          bars.ts.map((ts, index) => ({
            time: (ts / 1000) as UTCTimestamp,
            value: bars.volume[index]!,
            color: bars.close[index]! >= bars.open[index]! ? `${colors.up}66` : `${colors.down}66`,
          })),
        );
        history.current = { candles: candleData, close: [...bars.close] };
        target.chart.timeScale().fitContent();
        setStatus(bars.ts.length === 0 ? `No ${barType} bars stored for ${symbol}` : `${bars.ts.length} ${barType === '1d' ? 'daily' : '1-minute'} bars`);
        setLoadedAt(Date.now());
      })
      .catch((error: unknown) => !cancelled && setStatus(`No bars: ${(error as Error).message}`));
    return () => {
      cancelled = true;
    };
  }, [symbol, barType]);

  // Indicator series: rebuilt when the choice or the bars change.
  useEffect(() => {
    const target = handles.current;
    const bars = history.current;
    if (target === null) return;
    for (const series of target.lines.values()) target.chart.removeSeries(series);
    target.lines.clear();
    if (bars === null || indicators.length === 0) return;
    for (const line of indicatorLines(indicators, bars.close)) {
      const options = { color: line.color, lineWidth: 1 as const, priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false };
      const series = line.style === 'histogram' ? target.chart.addSeries(HistogramSeries, { color: line.color, priceLineVisible: false, lastValueVisible: false }, PANES[line.pane]) : target.chart.addSeries(LineSeries, options, PANES[line.pane]);
      series.setData(lineData(bars.candles, line.values));
      target.lines.set(line.key, series);
    }
    for (const pane of target.chart.panes().slice(1)) pane.setHeight(70);
  }, [indicators, loadedAt]);

  // The quote store coalesces per frame; the candle redraws at most every LIVE_CANDLE_MS on top
  // (a canvas repaint per frame per chart is most of a busy dashboard's drawing cost), always
  // ending on the latest quote.
  const lastDrawn = useRef(0);
  const pendingDraw = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    const draw = () => {
      pendingDraw.current = null;
      lastDrawn.current = performance.now();
      const latest = useQuoteStore.getState().quotes[symbol];
      if (latest !== undefined) drawLiveCandle(latest);
    };
    if (quote === undefined || pendingDraw.current !== null) return;
    const wait = LIVE_CANDLE_MS - (performance.now() - lastDrawn.current);
    if (wait <= 0) draw();
    else pendingDraw.current = setTimeout(draw, wait);
  }, [quote, barMs, indicators, symbol]);
  useEffect(() => () => void (pendingDraw.current !== null && clearTimeout(pendingDraw.current)), []);

  function drawLiveCandle(quote: { bid: number; ask: number; ts: number }): void {
    const target = handles.current;
    const bars = history.current;
    const previous = bars?.candles.at(-1);
    if (target === null || bars === null || previous === undefined) return;
    const mid = (quote.bid + quote.ask) / 2;
    const time = ((Math.floor(quote.ts / barMs) * barMs) / 1000) as UTCTimestamp;
    if (time < previous.time) return;
    const bar: CandlestickData<UTCTimestamp> =
      time > previous.time
        ? { time, open: previous.close, high: Math.max(previous.close, mid), low: Math.min(previous.close, mid), close: mid }
        : { ...previous, high: Math.max(previous.high, mid), low: Math.min(previous.low, mid), close: mid };
    target.candles.update(bar);
    if (time > previous.time) {
      bars.candles.push(bar);
      bars.close.push(mid);
    } else {
      bars.candles[bars.candles.length - 1] = bar;
      bars.close[bars.close.length - 1] = mid;
    }
    refreshIndicatorTails(target, bars, indicators, lastIndicatorRefresh);
  }

  const working = useOrdersStore((state) => state.working);
  const fills = useOrdersStore((state) => state.fills);
  const symbolOrders = useMemo(() => (showOrders ? working.filter((order) => order.instrumentId === symbol) : []), [working, symbol, showOrders]);
  const symbolFills = useMemo(() => (showOrders ? fills.filter((fill) => fill.instrumentId === symbol).slice(0, 200) : []), [fills, symbol, showOrders]);

  useEffect(() => {
    const target = handles.current;
    if (target === null) return;
    for (const line of target.priceLines) target.candles.removePriceLine(line);
    const colors = chartColors(useThemeStore.getState().theme);
    target.priceLines = symbolOrders.flatMap((order) => {
      const price = orderLinePrice(order);
      if (price === undefined) return [];
      return [
        target.candles.createPriceLine({
          price,
          color: order.side === 'BUY' ? colors.buy : colors.sell,
          lineWidth: 1,
          lineStyle: LineStyle.Dashed,
          axisLabelVisible: true,
          title: `${order.side} ${order.quantity - order.filledQty} ${orderTypeShort(order.type)}`,
        }),
      ];
    });
  }, [symbolOrders, theme]);

  useEffect(() => {
    const target = handles.current;
    if (target === null) return;
    const colors = chartColors(useThemeStore.getState().theme);
    target.markers.setMarkers(fillMarkers(symbolFills, barMs, colors, history.current?.candles[0]?.time));
  }, [symbolFills, barMs, loadedAt, theme]);

  return (
    <div className="chart-widget" data-testid="chart-widget" data-symbol={symbol} data-indicators={indicators.join(' ')} data-order-lines={symbolOrders.length} data-fill-markers={symbolFills.length}>
      <div className="chart-canvas" ref={container} />
      <span className="chart-status muted">{status}</span>
    </div>
  );
}

function lineData(candles: readonly CandlestickData<UTCTimestamp>[], values: Float64Array) {
  const data: Array<{ time: UTCTimestamp; value: number }> = [];
  for (let index = 0; index < candles.length && index < values.length; index++) {
    const value = values[index]!;
    if (Number.isFinite(value)) data.push({ time: candles[index]!.time, value });
  }
  return data;
}

/** Recomputes the indicators (throttled) and moves each line's last point with the live candle. */
function refreshIndicatorTails(target: ChartHandles, bars: BarHistory, indicators: readonly ChartIndicator[], lastRefresh: { current: number }): void {
  if (indicators.length === 0 || target.lines.size === 0) return;
  const now = performance.now();
  if (now - lastRefresh.current < INDICATOR_REFRESH_MS) return;
  lastRefresh.current = now;
  const time = bars.candles.at(-1)!.time;
  for (const line of indicatorLines(indicators, bars.close)) {
    const value = line.values[line.values.length - 1]!;
    if (Number.isFinite(value)) target.lines.get(line.key)?.update({ time, value });
  }
}

function orderLinePrice(order: OrderView): number | undefined {
  if (typeof order['price'] === 'number') return order['price'];
  return typeof order['triggerPrice'] === 'number' ? order['triggerPrice'] : undefined;
}

function orderTypeShort(type: string): string {
  return ({ LIMIT: 'LMT', STOP_MARKET: 'STP', STOP_LIMIT: 'STP LMT', TRAILING_STOP_MARKET: 'TRAIL' } as Record<string, string>)[type] ?? type;
}

/** One marker per fill on the bar it happened in, oldest first (the series wants them sorted). */
function fillMarkers(fills: readonly FillView[], barMs: number, colors: ReturnType<typeof chartColors>, firstBar: number | undefined): SeriesMarker<Time>[] {
  return fills
    .map((fill) => ({ fill, time: ((Math.floor(fill.ts / barMs) * barMs) / 1000) as UTCTimestamp }))
    .filter(({ time }) => firstBar === undefined || time >= firstBar)
    .sort((a, b) => a.time - b.time)
    .map(({ fill, time }) => ({
      time,
      position: fill.side === 'BUY' ? ('belowBar' as const) : ('aboveBar' as const),
      shape: fill.side === 'BUY' ? ('arrowUp' as const) : ('arrowDown' as const),
      color: fill.side === 'BUY' ? colors.buy : colors.sell,
      text: `${fill.side === 'BUY' ? 'B' : 'S'} ${fill.qty}`,
    }));
}
