// End to end, browser mode: the Settings page switches the theme (and it survives a reload),
// shows the providers with their key fields, the IB connection panel and the Host's version.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolClient } from '@nws/core';
import { connectTestClient } from './host-client.js';
import { startBrowserSession, watchedPage, type BrowserSession } from './serve-process.js';

let session: BrowserSession;
let client: ProtocolClient;
let page: Page;
let problems: string[];

beforeAll(async () => {
  session = await startBrowserSession('nws-e2e-settings-');
  client = await connectTestClient(session.serve);
  ({ page, problems } = await watchedPage(session.browser, { width: 1280, height: 900 }));
}, 40_000);

afterAll(async () => {
  client?.close();
  await session?.close();
});

const theme = () => page.evaluate(() => document.documentElement.dataset['theme']);
const option = (id: string) => page.locator(`[data-theme-option=${id}]`);

describe('Settings page', () => {
  it('shows the Host version, the providers and the IB connection panel', async () => {
    await page.goto(`${session.serve.url}#/settings`);
    await page.getByTestId('settings-page').waitFor({ timeout: 20_000 });
    const { version, dataDir } = await client.call('system.health');
    await expect.poll(() => page.getByTestId('app-version').textContent()).toBe(version);
    expect(dataDir).toBe(session.home);
    await expect.poll(() => page.getByTestId('general-card').textContent()).toContain(dataDir);
    const { providers } = await client.call('providers.list');
    await expect.poll(() => page.locator('[data-testid=provider-table] tbody tr').count()).toBe(providers.length);
    expect(providers.length).toBeGreaterThanOrEqual(8);
    await page.getByTestId('ib-connection-panel').waitFor();
  });

  it('switches between dark and light; the choice survives a reload', async () => {
    expect(await theme()).toBe('dark');
    expect(await option('dark').getAttribute('aria-checked')).toBe('true');
    await option('light').click();
    expect(await theme()).toBe('light');
    expect(await option('light').getAttribute('aria-checked')).toBe('true');
    const panel = await page.locator('[data-testid=theme-card]').evaluate((node) => getComputedStyle(node).backgroundColor);
    expect(panel).toBe('rgb(255, 255, 255)'); // the light theme's panel colour
    await option('light').click(); // already on: stays light
    expect(await theme()).toBe('light');
    await page.screenshot({ path: join(tmpdir(), 'nws-ui-settings-light.png') });

    await page.reload();
    await page.getByTestId('settings-page').waitFor({ timeout: 20_000 });
    expect(await theme()).toBe('light');
    await option('dark').click();
    expect(await theme()).toBe('dark');
    expect(await page.locator('[data-testid=theme-card]').evaluate((node) => getComputedStyle(node).backgroundColor)).toBe('rgb(17, 24, 33)');
    expect(problems).toEqual([]);
  });
});
