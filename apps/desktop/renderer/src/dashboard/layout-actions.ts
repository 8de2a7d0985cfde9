// Pure edits of one Layout. Each returns a new Layout (or the same object when nothing changed,
// so the store can skip an undo step) and keeps every widget inside the grid.
import { NwsError, ErrorCode } from '@nws/core';
import { DEFAULT_WIDGET_SIZE, GRID_COLUMNS, GRID_ROWS, type Layout, type Widget, type WidgetKind } from './layout-schema.js';

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}

function nextWidgetId(layout: Layout, kind: WidgetKind): string {
  const used = new Set(layout.widgets.map((widget) => widget.id));
  let counter = layout.widgets.length + 1;
  while (used.has(`${kind}-${counter}`)) counter++;
  return `${kind}-${counter}`;
}

function updateWidget(layout: Layout, id: string, change: (widget: Widget) => Widget): Layout {
  const index = layout.widgets.findIndex((widget) => widget.id === id);
  if (index < 0) throw new NwsError(ErrorCode.NotFound, `no widget "${id}" in layout "${layout.name}"`);
  const current = layout.widgets[index]!;
  const changed = change(current);
  if (JSON.stringify(changed) === JSON.stringify(current)) return layout;
  const widgets = layout.widgets.slice();
  widgets[index] = changed;
  return { ...layout, widgets };
}

export function addWidget(layout: Layout, kind: WidgetKind, x: number, y: number): Layout {
  const size = DEFAULT_WIDGET_SIZE[kind];
  const widget: Widget = {
    id: nextWidgetId(layout, kind),
    kind,
    x: clamp(x, 0, GRID_COLUMNS - size.w),
    y: clamp(y, 0, GRID_ROWS - 1),
    w: size.w,
    h: size.h,
    symbol: layout.linkedSymbol,
    linked: true,
  };
  return { ...layout, widgets: [...layout.widgets, widget] };
}

export function moveWidget(layout: Layout, id: string, x: number, y: number): Layout {
  return updateWidget(layout, id, (widget) => ({ ...widget, x: clamp(x, 0, GRID_COLUMNS - widget.w), y: clamp(y, 0, GRID_ROWS - 1) }));
}

export function resizeWidget(layout: Layout, id: string, w: number, h: number): Layout {
  return updateWidget(layout, id, (widget) => ({ ...widget, w: clamp(w, 1, GRID_COLUMNS - widget.x), h: clamp(h, 1, GRID_ROWS) }));
}

export function removeWidget(layout: Layout, id: string): Layout {
  if (!layout.widgets.some((widget) => widget.id === id)) throw new NwsError(ErrorCode.NotFound, `no widget "${id}" in layout "${layout.name}"`);
  return { ...layout, widgets: layout.widgets.filter((widget) => widget.id !== id) };
}

/** Gives a widget its own symbol; it stops following the link. */
export function setWidgetSymbol(layout: Layout, id: string, symbol: string): Layout {
  return updateWidget(layout, id, (widget) => ({ ...widget, symbol, linked: false }));
}

export function setWidgetLinked(layout: Layout, id: string, linked: boolean): Layout {
  return updateWidget(layout, id, (widget) => ({ ...widget, linked, symbol: linked ? layout.linkedSymbol : widget.symbol }));
}

/** A watchlist pick: every linked widget retargets to `symbol`. */
export function pickLinkedSymbol(layout: Layout, symbol: string): Layout {
  if (layout.linkedSymbol === symbol) return layout;
  return { ...layout, linkedSymbol: symbol, widgets: layout.widgets.map((widget) => (widget.linked ? { ...widget, symbol } : widget)) };
}

/** The symbol a widget shows right now. */
export function widgetSymbol(layout: Layout, widget: Widget): string {
  return widget.linked ? layout.linkedSymbol : widget.symbol;
}
