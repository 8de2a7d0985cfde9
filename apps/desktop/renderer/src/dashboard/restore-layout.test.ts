import { describe, expect, it } from 'vitest';
import { layoutSchema } from './layout-schema.js';
import { restoreLayout } from './restore-layout.js';
import { TEMPLATE_NAMES, layoutFromTemplate } from './templates.js';

describe('restoreLayout', () => {
  it('keeps a valid layout as it is', () => {
    const layout = layoutFromTemplate('Day trading', 'Mine');
    expect(restoreLayout(layout, 'fallback')).toEqual(layout);
  });

  it('repairs a broken document with defaults: bad positions clamped, unknown widgets dropped, ids made unique', () => {
    const restored = restoreLayout(
      {
        name: '',
        linkedSymbol: 'not a symbol',
        widgets: [
          { id: 'a', kind: 'chart', x: 11, y: -4, w: 8 },
          { id: 'a', kind: 'depth', symbol: 'HBNK.SIM', linked: false },
          { kind: 'teapot' },
          'junk',
        ],
      },
      'Recovered',
    );
    expect(restored).toEqual({
      version: 1,
      name: 'Recovered',
      linkedSymbol: 'NOVA.SIM',
      widgets: [
        { id: 'a', kind: 'chart', x: 4, y: 0, w: 8, h: 10, symbol: 'NOVA.SIM', linked: true },
        { id: 'a-2', kind: 'depth', x: 0, y: 0, w: 3, h: 10, symbol: 'HBNK.SIM', linked: false },
      ],
    });
    expect(layoutSchema.safeParse(restored).success).toBe(true);
  });

  it('keeps valid widget settings and drops invalid ones whole', () => {
    const restored = restoreLayout(
      {
        name: 'Charts',
        linkedSymbol: 'NOVA.SIM',
        widgets: [
          { id: 'c1', kind: 'chart', settings: { barType: '1m', indicators: ['sma20', 'rsi14'], showOrders: false } },
          { id: 'c2', kind: 'chart', settings: { barType: '7y', indicators: ['sma20'] } },
        ],
      },
      'fallback',
    );
    expect(restored.widgets[0]?.settings).toEqual({ barType: '1m', indicators: ['sma20', 'rsi14'], showOrders: false });
    expect(restored.widgets[1]).not.toHaveProperty('settings');
  });

  it('turns anything at all into an empty valid layout', () => {
    for (const junk of [null, 42, 'x', [], { widgets: 'no' }]) {
      const restored = restoreLayout(junk, 'Empty');
      expect(restored).toEqual({ version: 1, name: 'Empty', linkedSymbol: 'NOVA.SIM', widgets: [] });
    }
  });

  it('every template is a valid layout with widgets inside the grid', () => {
    for (const template of TEMPLATE_NAMES) {
      const layout = layoutFromTemplate(template, template);
      expect(layoutSchema.safeParse(layout).success).toBe(true);
      for (const widget of layout.widgets) expect(widget.x + widget.w).toBeLessThanOrEqual(12);
    }
  });
});
