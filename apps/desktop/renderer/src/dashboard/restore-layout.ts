// Loading repairs instead of refusing: a layout saved by an older build, hand-edited or cut short
// still opens, with defaults where fields are missing or wrong and unknown widgets dropped.
import {
  DEFAULT_SYMBOL,
  DEFAULT_WIDGET_SIZE,
  GRID_COLUMNS,
  GRID_ROWS,
  LAYOUT_VERSION,
  WIDGET_KINDS,
  widgetSchema,
  widgetSettingsSchema,
  type Layout,
  type Widget,
  type WidgetKind,
} from './layout-schema.js';

const symbolPattern = /^[^\s.]+(\.[^\s.]+)*\.[^\s.]+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function intIn(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.round(value)));
}

function symbolOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && symbolPattern.test(value) ? value : fallback;
}

function restoreWidget(raw: unknown, index: number, linkedSymbol: string, usedIds: Set<string>): Widget | null {
  if (!isRecord(raw) || !WIDGET_KINDS.includes(raw['kind'] as WidgetKind)) return null;
  const kind = raw['kind'] as WidgetKind;
  const size = DEFAULT_WIDGET_SIZE[kind];
  let id = typeof raw['id'] === 'string' && raw['id'].length > 0 && raw['id'].length <= 64 ? raw['id'] : `w${index + 1}`;
  while (usedIds.has(id)) id = `${id}-${index + 1}`;
  usedIds.add(id);
  const w = intIn(raw['w'], 1, GRID_COLUMNS, size.w);
  const h = intIn(raw['h'], 1, GRID_ROWS, size.h);
  const widget: Widget = {
    id,
    kind,
    // Keep the widget inside the grid whatever its stored position.
    x: intIn(raw['x'], 0, GRID_COLUMNS - w, 0),
    y: intIn(raw['y'], 0, GRID_ROWS - 1, 0),
    w,
    h,
    symbol: symbolOr(raw['symbol'], linkedSymbol),
    linked: typeof raw['linked'] === 'boolean' ? raw['linked'] : true,
  };
  // Settings a newer or hand-edited layout got wrong are dropped whole: the widget's defaults apply.
  const settings = widgetSettingsSchema.safeParse(raw['settings']);
  if (settings.success) widget.settings = settings.data;
  return widgetSchema.parse(widget);
}

/** Any value in, a valid Layout out; `fallbackName` names a layout whose own name is unusable. */
export function restoreLayout(raw: unknown, fallbackName: string): Layout {
  const source = isRecord(raw) ? raw : {};
  const name = typeof source['name'] === 'string' && source['name'].trim().length > 0 ? source['name'].trim().slice(0, 80) : fallbackName;
  const linkedSymbol = symbolOr(source['linkedSymbol'], DEFAULT_SYMBOL);
  const usedIds = new Set<string>();
  const rawWidgets = Array.isArray(source['widgets']) ? source['widgets'].slice(0, 48) : [];
  const widgets = rawWidgets
    .map((widget, index) => restoreWidget(widget, index, linkedSymbol, usedIds))
    .filter((widget): widget is Widget => widget !== null);
  return { version: LAYOUT_VERSION, name, linkedSymbol, widgets };
}
