// End to end, browser mode: the dashboard builder's collision handling and layout management with
// real mouse drags, and the d3 widgets (P&L waterfall, risk heatmap, correlation) drawn as SVG
// from a real paper account and the demo market's stored daily bars.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ProtocolClient } from '@nws/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyAtMarket, connectTestClient } from './host-client.js';
import { dragFromPalette as dragFromPaletteOnto } from './palette-drag.js';
import { startBrowserSession, watchedPage, type BrowserSession } from './serve-process.js';

let session: BrowserSession;
let client: ProtocolClient;
let page: Page;
let problems: string[];

beforeAll(async () => {
  session = await startBrowserSession('nws-e2e-builder-');
  client = await connectTestClient(session.serve);
  await buyAtMarket(client, 'NOVA.SIM', 40);
  await buyAtMarket(client, 'HBNK.SIM', 60);
  const { close } = await client.call('marketdata.bars', { instrumentId: 'CLDX.SIM', barType: '1d', limit: 1 });
  await client.call('orders.submit', { instrumentId: 'CLDX.SIM', type: 'LIMIT', side: 'BUY', quantity: 5, price: Math.round(close.at(-1)! * 0.95 * 100) / 100 });
  ({ page, problems } = await watchedPage(session.browser, { width: 1440, height: 900 }));
}, 45_000);

afterAll(async () => {
  client?.close();
  await session?.close();
});

const widget = (kind: string) => page.locator(`[data-testid=dashboard-grid] .widget[data-kind=${kind}]`);
const layoutName = () => page.getByLabel('Layout', { exact: true }).inputValue();
const layoutNames = () => page.getByLabel('Layout', { exact: true }).locator('option').allTextContents();

const dragFromPalette = (kind: string, x: number, y: number) => dragFromPaletteOnto(page, kind, x, y);

async function dragBy(selector: string, dx: number, dy: number) {
  const box = (await page.locator(selector).boundingBox())!;
  const startX = box.x + 40;
  const startY = box.y + box.height / 2;
  await page.mouse.move(startX, startY);
  await page.mouse.down();
  await page.mouse.move(startX + dx / 2, startY + dy / 2, { steps: 4 });
  await page.mouse.move(startX + dx, startY + dy, { steps: 4 });
  await page.mouse.up();
}

/** Every pair of widgets on the grid, as pixel boxes: none may share any area. */
async function overlappingPairs(): Promise<string[]> {
  const boxes = await page.locator('[data-testid=dashboard-grid] .widget').evaluateAll((nodes) =>
    nodes.map((node) => ({ kind: node.getAttribute('data-kind')!, ...node.getBoundingClientRect().toJSON() }) as { kind: string; left: number; right: number; top: number; bottom: number }),
  );
  const pairs: string[] = [];
  for (const [index, a] of boxes.entries()) {
    for (const b of boxes.slice(index + 1)) {
      // 1 px tolerance: widgets that touch are fine.
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) pairs.push(`${a.kind}/${b.kind}`);
    }
  }
  return pairs;
}

describe('dashboard builder: collisions and layouts', () => {
  it('pushes a widget down when another is dropped or moved onto it: widgets never overlap', async () => {
    await page.goto(session.serve.url);
    await page.getByTestId('dashboard-grid').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'New…' }).click();
    await page.getByLabel('New layout name').fill('Analytics');
    await page.getByLabel('Template').selectOption('Empty');
    await page.getByRole('button', { name: 'Create' }).click();
    expect(await layoutName()).toBe('Analytics');
    // No d3 widget is on the page yet, but their chunks load while it is idle: a drop draws at once.
    const loadedScripts = () => page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name.split('/').at(-1)!.replace(/-[\w-]{8}\.js$/, '')));
    await expect.poll(loadedScripts, { timeout: 10_000 }).toEqual(expect.arrayContaining(['correlation-widget', 'pnl-waterfall-widget', 'risk-heatmap-widget']));

    await dragFromPalette('risk-heatmap', 20, 20); // 6×8 at the top left
    await widget('risk-heatmap').waitFor();
    const heatmapTop = (await widget('risk-heatmap').boundingBox())!.y;
    await dragFromPalette('pnl-waterfall', 20, 60); // lands on the heatmap's second row
    await widget('pnl-waterfall').waitFor();
    const waterfall = (await widget('pnl-waterfall').boundingBox())!;
    await expect.poll(async () => (await widget('risk-heatmap').boundingBox())!.y).toBeGreaterThanOrEqual(waterfall.y + waterfall.height - 1);
    expect(waterfall.y).toBeGreaterThan(heatmapTop + 20);
    expect(await overlappingPairs()).toEqual([]);

    await dragFromPalette('correlation', 760, 20); // the right half: nothing there
    await widget('correlation').waitFor();
    expect(await overlappingPairs()).toEqual([]);
    const beforeMove = (await widget('pnl-waterfall').boundingBox())!.y;
    await dragBy('[data-kind=correlation] .widget-header', -700, 0); // onto the waterfall
    await expect.poll(async () => (await widget('correlation').boundingBox())!.x).toBeLessThan(waterfall.x + 20);
    await expect.poll(async () => (await widget('pnl-waterfall').boundingBox())!.y).toBeGreaterThan(beforeMove + 100);
    expect(await overlappingPairs()).toEqual([]);
  });

  it('draws the waterfall, the risk heatmap and the correlation heatmap as SVG with one bar or cell each', async () => {
    // Waterfall: one step per traded instrument and the Total.
    await expect.poll(() => page.locator('[data-testid=pnl-waterfall] .waterfall-step').count(), { timeout: 10_000 }).toBe(3);
    const labels = await page.locator('[data-testid=pnl-waterfall] .waterfall-step').evaluateAll((steps) => steps.map((step) => step.getAttribute('data-label')));
    expect(labels.slice(0, 2).sort()).toEqual(['HBNK.SIM', 'NOVA.SIM']);
    expect(labels[2]).toBe('Total');
    const totals = await page.locator('[data-testid=pnl-waterfall] .waterfall-step').evaluateAll((steps) => steps.map((step) => Number(step.getAttribute('data-total'))));
    expect(totals[2]).toBeCloseTo(totals[0]! + totals[1]!, 1);

    // Risk heatmap: the instruments in play (two positions, one working order) × the four limits.
    await expect.poll(() => page.locator('[data-testid=risk-heatmap] .heatmap-cell').count(), { timeout: 10_000 }).toBe(3 * 4);
    const cldxOrders = page.locator('[data-testid=risk-heatmap] .heatmap-cell[data-row=CLDX][data-column=max-open-orders]');
    expect(await cldxOrders.getAttribute('data-value')).toBe('0.0200');

    // Correlation: every demo instrument against every other, 1 on the diagonal.
    await expect.poll(() => page.locator('[data-testid=correlation-heatmap] .heatmap-cell').count(), { timeout: 15_000 }).toBe(24 * 24);
    expect(await page.locator('[data-testid=correlation-heatmap] .heatmap-cell[data-row=NOVA][data-column=NOVA]').getAttribute('data-value')).toBe('1.0000');
    expect(await page.locator('[data-computed-in]').getAttribute('data-computed-in')).toBe('worker'); // off the main thread
    const off = Number(await page.locator('[data-testid=correlation-heatmap] .heatmap-cell[data-row=NOVA][data-column=HBNK]').getAttribute('data-value'));
    expect(off).toBeGreaterThanOrEqual(-1);
    expect(off).toBeLessThan(1);

    await page.locator('[data-testid=risk-heatmap] .heatmap-cell[data-row=CLDX][data-column=price-band]').hover();
    await expect.poll(() => page.locator('[data-testid=risk-heatmap] [role=tooltip]').textContent()).toMatch(/^CLDX · price-band.*: \d+\.\d% of the limit used$/);
    await page.screenshot({ path: join(tmpdir(), 'nws-ui-d3-widgets.png') });
  });

  it('duplicates, renames (refusing a taken name) and deletes a layout after confirmation', async () => {
    await page.getByRole('button', { name: 'Duplicate…' }).click();
    expect(await page.getByLabel('Copy name').inputValue()).toBe('Analytics copy');
    await page.getByRole('button', { name: 'Duplicate', exact: true }).click();
    expect(await layoutName()).toBe('Analytics copy');
    await expect.poll(() => page.locator('[data-testid=dashboard-grid] .widget').count()).toBe(3);

    await page.getByRole('button', { name: 'Rename…' }).click();
    await page.getByLabel('New name').fill('Analytics');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    expect(await page.getByTestId('dashboard-problem').textContent()).toContain('a layout named "Analytics" already exists');
    await page.getByLabel('New name').fill('Research B');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    expect(await layoutName()).toBe('Research B');
    expect(await layoutNames()).toEqual(['Analytics', 'Day trading', 'Research B']);
    expect(await page.getByTestId('dashboard-problem').count()).toBe(0);

    await page.getByRole('button', { name: 'Delete…' }).click();
    expect(await page.getByTestId('confirm-delete').textContent()).toContain('Delete layout “Research B”?');
    await page.getByTestId('confirm-delete').getByRole('button', { name: 'Cancel' }).click();
    expect(await layoutNames()).toContain('Research B');
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByTestId('confirm-delete').getByRole('button', { name: 'Delete' }).click();
    expect(await layoutNames()).toEqual(['Analytics', 'Day trading']);

    // Saved on the Host: a reload lists the same layouts.
    await page.waitForTimeout(300);
    const { layouts } = await client.call('layouts.list');
    expect(layouts.map((layout) => layout.name)).toEqual(['Analytics', 'Day trading']);
    expect(problems).toEqual([]);
  });
});
