// Starting points offered when a user creates a layout. Each is a plain Layout.
import { DEFAULT_SYMBOL, LAYOUT_VERSION, type Layout, type Widget, type WidgetKind } from './layout-schema.js';

export const TEMPLATE_NAMES = ['Day trading', 'Swing', 'Risk desk', 'Research', 'Empty'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

type Placement = [kind: WidgetKind, x: number, y: number, w: number, h: number];

const placements: Readonly<Record<TemplateName, readonly Placement[]>> = {
  'Day trading': [
    ['watchlist', 0, 0, 4, 12],
    ['chart', 4, 0, 5, 12],
    ['depth', 9, 0, 3, 12],
    ['engine-health', 0, 12, 4, 6],
  ],
  Swing: [
    ['chart', 0, 0, 8, 14],
    ['watchlist', 8, 0, 4, 14],
  ],
  'Risk desk': [
    ['engine-health', 0, 0, 4, 8],
    ['watchlist', 4, 0, 8, 8],
    ['depth', 0, 8, 4, 10],
  ],
  Research: [
    ['chart', 0, 0, 12, 12],
    ['watchlist', 0, 12, 6, 8],
  ],
  Empty: [],
};

export function layoutFromTemplate(template: TemplateName, name: string): Layout {
  const widgets: Widget[] = placements[template].map(([kind, x, y, w, h], index) => ({
    id: `${kind}-${index + 1}`,
    kind,
    x,
    y,
    w,
    h,
    symbol: DEFAULT_SYMBOL,
    linked: true,
  }));
  return { version: LAYOUT_VERSION, name, linkedSymbol: DEFAULT_SYMBOL, widgets };
}
