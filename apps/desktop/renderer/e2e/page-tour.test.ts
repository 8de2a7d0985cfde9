// Screenshot tour: every page of the app in the dark and the light theme, saved to
// <tmpdir>/nws-page-tour/<page>-<theme>.png for a person to look at. Each page must reach its
// ready state (its own content, not a loading line) before the shot, and log no error.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ProtocolClient } from '@nws/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyAtMarket, connectTestClient } from './host-client.js';
import { startBrowserSession, watchedPage, type BrowserSession } from './serve-process.js';

export const TOUR_DIR = join(tmpdir(), 'nws-page-tour');

/** Each page, its nav label, and what shows it is drawn. */
const PAGES: ReadonlyArray<{ id: string; label: string; ready: string }> = [
  { id: 'dashboard', label: 'Dashboard', ready: '[data-testid=watchlist] tbody tr' },
  { id: 'backtest', label: 'Backtest Lab', ready: 'main .page, main [data-testid=backtest-lab]' },
  { id: 'strategies', label: 'Strategies', ready: '[data-testid=strategy-catalogue], [data-testid=strategies-page] .empty-note' },
  { id: 'risk', label: 'Risk', ready: '[data-testid=limits-table] tbody tr' },
  { id: 'data', label: 'Data', ready: '[data-testid=instrument-table] tbody tr' },
  { id: 'engines', label: 'Engines', ready: '[data-testid=engine-table] tbody tr' },
  { id: 'settings', label: 'Settings', ready: '[data-testid=settings-page] [data-testid=app-version]' },
];

let session: BrowserSession;
let client: ProtocolClient;
let page: Page;
let problems: string[];

beforeAll(async () => {
  mkdirSync(TOUR_DIR, { recursive: true });
  session = await startBrowserSession('nws-e2e-tour-');
  client = await connectTestClient(session.serve);
  // Something on the paper account, so positions, P&L and utilisation are not all empty.
  await buyAtMarket(client, 'NOVA.SIM', 40);
  const { close } = await client.call('marketdata.bars', { instrumentId: 'CLDX.SIM', barType: '1d', limit: 1 });
  await client.call('orders.submit', { instrumentId: 'CLDX.SIM', type: 'LIMIT', side: 'BUY', quantity: 5, price: Math.round(close.at(-1)! * 0.95 * 100) / 100 });
  await client.call('strategies.start', { strategy: 'sma-cross', instrumentIds: ['NOVA.SIM'], barType: '1m', source: 'live' });
  ({ page, problems } = await watchedPage(session.browser, { width: 1440, height: 900 }));
}, 60_000);

afterAll(async () => {
  client?.close();
  await session?.close();
});

async function visit(target: (typeof PAGES)[number], theme: string): Promise<void> {
  await page.locator(`nav [data-page=${target.id}]`).click();
  await page.locator(target.ready).first().waitFor({ timeout: 15_000 });
  await page.waitForTimeout(300); // charts and d3 widgets settle
  await page.screenshot({ path: join(TOUR_DIR, `${target.id}-${theme}.png`) });
}

describe('page tour', () => {
  it('shows every page in the dark theme', async () => {
    await page.goto(session.serve.url);
    await page.getByTestId('dashboard-grid').waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    for (const target of PAGES) await visit(target, 'dark');
  }, 60_000);

  it('shows every page in the light theme', async () => {
    await page.getByTestId('theme-toggle').click();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('light');
    for (const target of PAGES) await visit(target, 'light');
    expect(problems).toEqual([]);
  }, 60_000);
});
