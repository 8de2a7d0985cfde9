// End to end, browser mode: a user builds a dashboard in headless Chromium against the real
// `nws serve` (demo market and live simulator): real mouse drags, live quotes, theme, undo, reload.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSession, watchedPage, type BrowserSession, type ServeProcess } from './serve-process.js';
import { dragFromPalette } from './palette-drag.js';

const shot = (name: string) => join(tmpdir(), `nws-ui-${name}.png`);

let session: BrowserSession;
let serve: ServeProcess;
let page: Page;
let problems: string[];

beforeAll(async () => {
  session = await startBrowserSession('nws-e2e-ui-');
  serve = session.serve;
  ({ page, problems } = await watchedPage(session.browser));
});

afterAll(async () => {
  await session?.close();
});

/** A user's view of the dashboard. */
const ui = {
  widgets: () => page.locator('[data-testid=dashboard-grid] .widget'),
  widget: (kind: string) => page.locator(`[data-testid=dashboard-grid] .widget[data-kind=${kind}]`),
  watchlistCell: (instrumentId: string, field: 'bid' | 'ask') => page.locator(`[data-testid=watchlist] tr[data-instrument="${instrumentId}"] td[data-field=${field}]`),
  dragFromPalette: (kind: string, x: number, y: number) => dragFromPalette(page, kind, x, y),
  async dragBy(selector: string, dx: number, dy: number) {
    const box = (await page.locator(selector).boundingBox())!;
    const startX = box.x + box.width / 2;
    const startY = box.y + box.height / 2;
    await page.mouse.move(startX, startY);
    await page.mouse.down();
    await page.mouse.move(startX + dx / 2, startY + dy / 2, { steps: 4 });
    await page.mouse.move(startX + dx, startY + dy, { steps: 4 });
    await page.mouse.up();
  },
  layoutName: () => page.getByLabel('Layout', { exact: true }).inputValue(),
};

describe('dashboard builder in the browser', () => {
  it('first start shows the default Day trading dashboard with moving prices', async () => {
    await page.goto(serve.url);
    await page.getByTestId('dashboard-grid').waitFor({ timeout: 20_000 });
    expect(await ui.layoutName()).toBe('Day trading');
    expect(await ui.widgets().evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-kind')))).toEqual(['watchlist', 'chart', 'depth', 'account', 'positions', 'order-ticket', 'blotter']);
    // The demo universe is still being written while the page loads: the list fills up to all 24.
    await expect.poll(() => page.locator('[data-testid=watchlist] tbody tr').count(), { timeout: 15_000 }).toBe(24);
    const bid = ui.watchlistCell('NOVA.SIM', 'bid');
    await expect.poll(() => bid.textContent(), { timeout: 15_000 }).toMatch(/^\d+\.\d{2}$/);
    const first = await bid.textContent();
    await expect.poll(() => bid.textContent(), { timeout: 15_000 }).not.toBe(first);
    await page.locator('[data-testid=depth-ladder] tr.bid').first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid=chart-widget] canvas').first().waitFor();
    await expect.poll(() => page.locator('.chart-status').textContent()).toMatch(/\d+ daily bars/);
    await page.waitForTimeout(300);
    await page.screenshot({ path: shot('dashboard-dark') });
  });

  it('picking a symbol in the watchlist retargets the linked chart and order book', async () => {
    await page.locator('[data-testid=watchlist] tr[data-instrument="HBNK.SIM"]').click();
    await expect.poll(() => page.getByTestId('chart-widget').getAttribute('data-symbol')).toBe('HBNK.SIM');
    expect(await ui.widget('depth').getByLabel('Symbol').inputValue()).toBe('HBNK.SIM');
  });

  it('builds a new dashboard by dragging widgets in, resizes one, undoes and redoes', async () => {
    await page.getByRole('button', { name: 'New…' }).click();
    await page.getByLabel('New layout name').fill('My desk');
    await page.getByLabel('Template').selectOption('Empty');
    await page.getByRole('button', { name: 'Create' }).click();
    expect(await ui.layoutName()).toBe('My desk');
    await expect.poll(() => ui.widgets().count()).toBe(0);

    await ui.dragFromPalette('watchlist', 20, 20);
    await ui.dragFromPalette('chart', 500, 20);
    await ui.dragFromPalette('depth', 20, 420);
    await ui.dragFromPalette('engine-health', 500, 420);
    await expect.poll(() => ui.widgets().count()).toBe(4);

    const before = (await ui.widget('chart').boundingBox())!;
    await ui.dragBy('[data-kind=chart] [data-testid=resize-handle]', -200, 100);
    await expect.poll(async () => (await ui.widget('chart').boundingBox())!.width).toBeLessThan(before.width - 100);
    const resized = (await ui.widget('chart').boundingBox())!;
    expect(resized.height).toBeGreaterThan(before.height + 60);

    await page.locator('body').click({ position: { x: 5, y: 300 } }); // focus outside inputs
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Math.round((await ui.widget('chart').boundingBox())!.width)).toBe(Math.round(before.width));
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => Math.round((await ui.widget('chart').boundingBox())!.width)).toBe(Math.round(resized.width));
    await page.screenshot({ path: shot('dashboard-built') });
  });

  it('switches to the light theme, and after a reload the layout and theme are back', async () => {
    await page.getByTestId('theme-toggle').click();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('light');
    await page.waitForTimeout(400); // the last save is in flight
    await page.reload();
    await page.getByTestId('dashboard-grid').waitFor({ timeout: 20_000 });
    expect(await ui.layoutName()).toBe('My desk');
    await expect.poll(() => ui.widgets().count()).toBe(4);
    expect(Math.round((await ui.widget('chart').boundingBox())!.width)).toBeLessThan(700);
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('light');
    await expect.poll(() => ui.watchlistCell('CLDX.SIM', 'ask').textContent(), { timeout: 15_000 }).toMatch(/^\d+\.\d{2}$/);
    await page.screenshot({ path: shot('dashboard-light') });
  });

  it('refuses a bad layout file with a clear error', async () => {
    await page.getByTestId('import-layout').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version":1,"name":"X","widgets":"nope"}') });
    const problem = page.getByTestId('dashboard-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/broken\.json: not a valid layout: linkedSymbol: .*widgets: /);
    expect(await ui.layoutName()).toBe('My desk');
  });

  it('navigates with keyboard shortcuts: engines, data, help', async () => {
    await page.keyboard.press('g');
    await page.keyboard.press('e');
    await page.getByTestId('system-health').waitFor();
    // Every engine of the Host is listed and running (others may add engines: no fixed count).
    const states = page.locator('[data-testid=engine-table] tbody tr .state');
    await expect.poll(async () => (await states.allTextContents()).every((state) => state === 'running')).toBe(true);
    expect(await states.count()).toBeGreaterThanOrEqual(6);
    await page.screenshot({ path: shot('engines') });
    await page.keyboard.press('g');
    await page.keyboard.press('a');
    await expect.poll(() => page.locator('[data-testid=instrument-table] tbody tr').count(), { timeout: 10_000 }).toBe(24);
    await page.screenshot({ path: shot('data') });
    await page.keyboard.press('Shift+?');
    await page.getByTestId('shortcut-help').waitFor();
    expect(await page.getByTestId('shortcut-help').textContent()).toContain('Go to Engines');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Risk' }).click();
    await page.locator('[data-testid=limits-table] tbody tr').first().waitFor(); // the Risk page, with its limits
    expect(problems).toEqual([]);
  });
});
