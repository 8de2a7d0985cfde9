import { useEffect, useRef, useState } from 'react';
import { HISTORY_LIMIT, useDashboardStore } from '../dashboard/dashboard-store.js';
import { CHART_BAR_TYPES, CHART_INDICATORS, type ChartIndicator, type Widget, type WidgetKind, type WidgetSettings } from '../dashboard/layout-schema.js';
import { currentHostClient } from '../health/health-store.js';
import { INDICATOR_LABELS } from './indicators.js';
import { POSITION_COLUMNS } from './positions-widget.js';

const KINDS_WITH_MENU = new Set<WidgetKind>(['chart', 'positions']);

export function hasSettingsMenu(kind: WidgetKind): boolean {
  return KINDS_WITH_MENU.has(kind);
}

/**
 * Applies new settings to one widget of the active layout as one undo step and saves the layout.
 * The dashboard store has no settings action yet (see docs/ui.md), so this does what its
 * `change` does: replace the layout, push the old one on the undo stack, save through the Host.
 */
export function setWidgetSettings(widgetId: string, settings: WidgetSettings): void {
  const state = useDashboardStore.getState();
  const current = state.layouts[state.activeName];
  if (current === undefined) return;
  const next = { ...current, widgets: current.widgets.map((widget) => (widget.id === widgetId ? { ...widget, settings } : widget)) };
  useDashboardStore.setState({ layouts: { ...state.layouts, [state.activeName]: next }, past: [...state.past, current].slice(-HISTORY_LIMIT), future: [] });
  currentHostClient()
    ?.call('layouts.save', { name: next.name, layout: next })
    .catch((error: unknown) => useDashboardStore.setState({ problem: `could not save layout "${next.name}": ${(error as Error).message}` }));
}

/** The settings menu of a widget's title bar: the chart's bar type, indicators, orders and fills; the positions' columns. */
export function WidgetSettingsMenu({ widget }: { widget: Widget }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLSpanElement>(null);
  const settings = widget.settings ?? {};
  const indicators = settings.indicators ?? [];

  useEffect(() => {
    if (!open) return;
    const close = (event: PointerEvent) => !root.current?.contains(event.target as Node) && setOpen(false);
    window.addEventListener('pointerdown', close);
    return () => window.removeEventListener('pointerdown', close);
  }, [open]);

  const apply = (change: Partial<WidgetSettings>) => setWidgetSettings(widget.id, { ...settings, ...change });
  const toggle = (indicator: ChartIndicator) =>
    apply({ indicators: indicators.includes(indicator) ? indicators.filter((each) => each !== indicator) : CHART_INDICATORS.filter((each) => each === indicator || indicators.includes(each)) });

  return (
    <span className="settings-menu" ref={root} onPointerDown={(event) => event.stopPropagation()}>
      <button type="button" className="settings-button" aria-label="Widget settings" aria-expanded={open} title="Settings" onClick={() => setOpen(!open)}>
        <svg viewBox="0 0 24 24" aria-hidden="true" className="link-icon">
          <path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0" />
          <circle cx="16" cy="6" r="2" />
          <circle cx="10" cy="12" r="2" />
          <circle cx="18" cy="18" r="2" />
        </svg>
      </button>
      {open && widget.kind === 'positions' ? (
        <div className="settings-popover" role="dialog" aria-label="Positions settings" data-testid="widget-settings">
          <fieldset className="settings-group">
            <legend>Columns</legend>
            {POSITION_COLUMNS.map((column) => {
              const shown = settings.columns ?? POSITION_COLUMNS.map((each) => each.id);
              return (
                <label key={column.id} className="settings-check">
                  <input
                    type="checkbox"
                    checked={shown.includes(column.id)}
                    onChange={() => apply({ columns: POSITION_COLUMNS.map((each) => each.id).filter((id) => (id === column.id ? !shown.includes(id) : shown.includes(id))) })}
                  />
                  {column.label}
                </label>
              );
            })}
          </fieldset>
        </div>
      ) : null}
      {open && widget.kind === 'chart' ? (
        <div className="settings-popover" role="dialog" aria-label="Chart settings" data-testid="widget-settings">
          <label className="settings-row">
            Bars
            <select aria-label="Bar type" value={settings.barType ?? '1d'} onChange={(event) => apply({ barType: event.target.value as WidgetSettings['barType'] })}>
              {CHART_BAR_TYPES.map((barType) => (
                <option key={barType} value={barType}>
                  {barType === '1d' ? 'Daily' : '1 minute'}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="settings-group">
            <legend>Indicators</legend>
            {CHART_INDICATORS.map((indicator) => (
              <label key={indicator} className="settings-check">
                <input type="checkbox" checked={indicators.includes(indicator)} onChange={() => toggle(indicator)} />
                {INDICATOR_LABELS[indicator]}
              </label>
            ))}
          </fieldset>
          <label className="settings-check">
            <input type="checkbox" checked={settings.showOrders ?? true} onChange={(event) => apply({ showOrders: event.target.checked })} />
            Working orders and fills
          </label>
        </div>
      ) : null}
    </span>
  );
}
