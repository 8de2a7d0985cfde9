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
  return { ...layout, widgets: pushDownAround([...layout.widgets, widget], widget.id) };
}

export function moveWidget(layout: Layout, id: string, x: number, y: number): Layout {
  return settle(updateWidget(layout, id, (widget) => ({ ...widget, x: clamp(x, 0, GRID_COLUMNS - widget.w), y: clamp(y, 0, GRID_ROWS - 1) })), id);
}

export function resizeWidget(layout: Layout, id: string, w: number, h: number): Layout {
  return settle(updateWidget(layout, id, (widget) => ({ ...widget, w: clamp(w, 1, GRID_COLUMNS - widget.x), h: clamp(h, 1, GRID_ROWS) })), id);
}

/** Whether two widgets share at least one cell. */
export function overlaps(a: Widget, b: Widget): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function settle(layout: Layout, anchorId: string): Layout {
  const widgets = pushDownAround(layout.widgets, anchorId);
  // Nothing pushed: the same object, so a no-op gesture adds no undo step.
  return widgets.every((widget, index) => widget === layout.widgets[index]) ? layout : { ...layout, widgets };
}

/**
 * Collision handling like common grid layouts: the widget just dropped, moved or resized keeps
 * its cells; every widget it lands on is pushed straight down below it, and so on down the
 * column, so widgets never overlap. Widgets it does not touch stay where they are. Refuses
 * (CONFLICT, nothing changed) when a push would leave the grid's last row.
 */
export function pushDownAround(widgets: readonly Widget[], anchorId: string): Widget[] {
  const anchor = widgets.find((widget) => widget.id === anchorId);
  if (anchor === undefined) return widgets.slice();
  const placed: Widget[] = [anchor];
  const others = widgets.filter((widget) => widget.id !== anchorId).sort((a, b) => a.y - b.y || a.x - b.x);
  for (const widget of others) {
    let candidate = widget;
    for (let blocker = placed.find((other) => overlaps(other, candidate)); blocker !== undefined; blocker = placed.find((other) => overlaps(other, candidate))) {
      candidate = { ...candidate, y: blocker.y + blocker.h };
    }
    if (candidate.y > GRID_ROWS - 1) {
      throw new NwsError(ErrorCode.Conflict, `no room to push "${widget.id}" down (the grid has ${GRID_ROWS} rows): make room or remove a widget first`);
    }
    placed.push(candidate);
  }
  const byId = new Map(placed.map((widget) => [widget.id, widget]));
  // Keep the layout's widget order (and the original objects where nothing moved).
  return widgets.map((widget) => {
    const next = byId.get(widget.id)!;
    return next.y === widget.y ? widget : next;
  });
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
