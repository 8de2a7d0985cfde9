// The dashboard layout document: what is saved through `layouts.save`, exported and imported.
// Positions are grid cells (GRID_COLUMNS wide, rows of GRID_ROW_PX); `linked` widgets follow the
// layout's `linkedSymbol`, which a watchlist sets when the user picks a row.
import { z } from 'zod';

export const LAYOUT_VERSION = 1;
export const GRID_COLUMNS = 12;
export const GRID_ROWS = 24;
export const GRID_ROW_PX = 36;
export const DEFAULT_SYMBOL = 'NOVA.SIM';

export const WIDGET_KINDS = ['watchlist', 'chart', 'depth', 'engine-health'] as const;
export type WidgetKind = (typeof WIDGET_KINDS)[number];

const symbolSchema = z.string().regex(/^[^\s.]+(\.[^\s.]+)*\.[^\s.]+$/, 'symbol must be an instrument id like NOVA.SIM');

export const widgetSchema = z.strictObject({
  id: z.string().min(1).max(64),
  kind: z.enum(WIDGET_KINDS),
  x: z.int().min(0).max(GRID_COLUMNS - 1),
  y: z.int().min(0).max(GRID_ROWS - 1),
  w: z.int().min(1).max(GRID_COLUMNS),
  h: z.int().min(1).max(GRID_ROWS),
  symbol: symbolSchema,
  linked: z.boolean(),
});
export type Widget = z.infer<typeof widgetSchema>;

export const layoutSchema = z.strictObject({
  version: z.literal(LAYOUT_VERSION),
  name: z.string().trim().min(1).max(80),
  linkedSymbol: symbolSchema,
  widgets: z.array(widgetSchema).max(48),
});
export type Layout = z.infer<typeof layoutSchema>;

/** Size a widget gets when dropped from the palette. */
export const DEFAULT_WIDGET_SIZE: Readonly<Record<WidgetKind, { w: number; h: number }>> = Object.freeze({
  watchlist: { w: 4, h: 10 },
  chart: { w: 8, h: 10 },
  depth: { w: 3, h: 10 },
  'engine-health': { w: 4, h: 6 },
});

export const WIDGET_TITLES: Readonly<Record<WidgetKind, string>> = Object.freeze({
  watchlist: 'Watchlist',
  chart: 'Chart',
  depth: 'Order book',
  'engine-health': 'Engine health',
});

/** Lists every problem of an imported document at once, each with its path (`widgets.0.kind: …`). */
export function describeLayoutProblems(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(document)'}: ${issue.message}`).join('; ');
}
