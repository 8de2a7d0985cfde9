import { Suspense, type CSSProperties, type PointerEvent as ReactPointerEvent } from 'react';
import { ChartWidget } from '../widgets/chart-widget.js';
import { DepthWidget } from '../widgets/depth-widget.js';
import { EngineHealthWidget } from '../widgets/engine-health-widget.js';
import { WatchlistWidget } from '../widgets/watchlist-widget.js';
import { AccountWidget } from '../widgets/account-widget.js';
import { AlertsWidget } from '../widgets/alerts-widget.js';
import { BlotterWidget } from '../widgets/blotter-widget.js';
import { EquityCurveWidget } from '../widgets/equity-curve-widget.js';
import { OrderTicketWidget } from '../widgets/order-ticket-widget.js';
import { PositionsWidget } from '../widgets/positions-widget.js';
import { WidgetSettingsMenu, hasSettingsMenu } from '../widgets/widget-settings-menu.js';
import { symbolOf } from '../widgets/format-price.js';
import { useQuoteStore } from '../market/quote-store.js';
import { useDashboardStore } from './dashboard-store.js';
import { WIDGET_TITLES, type Layout, type Widget } from './layout-schema.js';
import { widgetSymbol } from './layout-actions.js';
import { LazyWidgetBody } from './lazy-widgets.js';

interface WidgetFrameProps {
  layout: Layout;
  widget: Widget;
  style: CSSProperties;
  dragging: boolean;
  onMoveStart(event: ReactPointerEvent<HTMLElement>): void;
  onResizeStart(event: ReactPointerEvent<HTMLElement>): void;
  onGestureMove(event: ReactPointerEvent<HTMLElement>): void;
  onGestureEnd(): void;
}


const SYMBOL_WIDGETS = new Set<Widget['kind']>(['chart', 'depth', 'order-ticket']);

function WidgetBody({ widget, symbol }: { widget: Widget; symbol: string }) {
  switch (widget.kind) {
    case 'watchlist':
      return <WatchlistWidget selected={symbol} />;
    case 'chart':
      return <ChartWidget symbol={symbol} settings={widget.settings} />;
    case 'depth':
      return <DepthWidget symbol={symbol} />;
    case 'engine-health':
      return <EngineHealthWidget />;
    case 'pnl-waterfall':
    case 'risk-heatmap':
    case 'correlation':
      return <LazyWidgetBody kind={widget.kind} />;
    case 'order-ticket':
      return <OrderTicketWidget symbol={symbol} />;
    case 'positions':
      return <PositionsWidget widgetId={widget.id} settings={widget.settings} />;
    case 'blotter':
      return <BlotterWidget widgetId={widget.id} settings={widget.settings} />;
    case 'account':
      return <AccountWidget widgetId={widget.id} settings={widget.settings} />;
    case 'equity-curve':
      return <EquityCurveWidget />;
    case 'alerts':
      return <AlertsWidget />;
  }
}

/** A widget's chrome: title bar (drag to move), symbol and link settings, remove, resize corner. */
export function WidgetFrame(props: WidgetFrameProps) {
  const { layout, widget } = props;
  const symbol = widgetSymbol(layout, widget);
  const instruments = useQuoteStore((state) => state.instruments);
  const { removeWidget, setWidgetSymbol, setWidgetLinked } = useDashboardStore.getState();
  const gesture = { onPointerMove: props.onGestureMove, onPointerUp: props.onGestureEnd, onPointerCancel: props.onGestureEnd };

  return (
    <section className={`widget${props.dragging ? ' dragging' : ''}`} style={props.style} data-widget-id={widget.id} data-kind={widget.kind}>
      <header className="widget-header" onPointerDown={props.onMoveStart} {...gesture}>
        <span className="widget-title">{WIDGET_TITLES[widget.kind]}</span>
        {SYMBOL_WIDGETS.has(widget.kind) ? (
          <span className="widget-settings" onPointerDown={(event) => event.stopPropagation()}>
            <button
              type="button"
              className={`link-toggle${widget.linked ? ' on' : ''}`}
              title={widget.linked ? 'Linked: follows the watchlist pick (click to unlink)' : 'Not linked (click to follow the watchlist)'}
              aria-pressed={widget.linked}
              onClick={() => setWidgetLinked(widget.id, !widget.linked)}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true" className="link-icon">
                <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" />
              </svg>
            </button>
            <select aria-label="Symbol" value={symbol} onChange={(event) => setWidgetSymbol(widget.id, event.target.value)}>
              {instruments.length === 0 ? <option value={symbol}>{symbolOf(symbol)}</option> : null}
              {instruments.map(({ instrumentId }) => (
                <option key={instrumentId} value={instrumentId}>
                  {symbolOf(instrumentId)}
                </option>
              ))}
            </select>
          </span>
        ) : null}
        {hasSettingsMenu(widget.kind) ? <WidgetSettingsMenu widget={widget} /> : null}
        <button
          type="button"
          className="widget-close"
          aria-label={`Remove ${WIDGET_TITLES[widget.kind]}`}
          onPointerDown={(event) => event.stopPropagation()}
          onClick={() => removeWidget(widget.id)}
        >
          ×
        </button>
      </header>
      <div className="widget-body">
        <Suspense fallback={<p className="widget-empty">Loading…</p>}>
          <WidgetBody widget={widget} symbol={symbol} />
        </Suspense>
      </div>
      <span className="resize-handle" aria-label="Resize" data-testid="resize-handle" onPointerDown={props.onResizeStart} {...gesture} />
    </section>
  );
}
