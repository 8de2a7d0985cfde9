// End to end, browser mode: the real `nws serve` in a child process, the built renderer in headless
// Chromium, the protocol over WebSocket. What a user sees when they open the printed link.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSession, watchedPage, type BrowserSession, type ServeProcess } from './serve-process.js';

const SCREENSHOT = join(tmpdir(), 'nws-e2e-health.png');
const ERROR_SCREENSHOT = join(tmpdir(), 'nws-e2e-no-token.png');

let session: BrowserSession;
let serve: ServeProcess;

beforeAll(async () => {
  session = await startBrowserSession('nws-e2e-');
  serve = session.serve;
});

afterAll(async () => {
  const exitCode = await session?.close();
  expect(exitCode).toBe(0); // SIGTERM is a clean stop
});

/** Opens a page and records everything that went wrong in it (console errors, CSP violations, exceptions). */
async function openPage(url: string): Promise<{ page: Page; problems: string[] }> {
  const watched = await watchedPage(session.browser, { width: 1100, height: 720 });
  await watched.page.goto(url);
  return watched;
}

describe('browser mode: nws serve + renderer', () => {
  it('renders the system.health answer: status, version, uptime and every engine running', async () => {
    // The Engines page shows the health panel; the URL hash picks the page.
    const { page, problems } = await openPage(`${serve.url}#/engines`);
    const panel = page.getByTestId('system-health');
    await panel.waitFor({ timeout: 15_000 });

    expect(await page.getByTestId('connection-phase').textContent()).toBe('Connected');
    expect(await page.getByTestId('health-status').textContent()).toBe('All systems running');
    expect(await page.getByTestId('health-version').textContent()).toBe('0.1.0');
    expect(await page.getByTestId('health-uptime').textContent()).toMatch(/^\d+s$|^\d+m \d+s$/);
    const rows = await page.locator('[data-testid=engine-table] tbody tr').evaluateAll((elements) =>
      elements.map((row) => [row.getAttribute('data-engine'), row.querySelector('.state')?.textContent]),
    );
    expect(rows).toEqual([
      ['message-bus', 'running'],
      ['timeseries-store', 'running'],
      ['state-store', 'running'],
      ['worker-pool', 'running'],
      ['market-data', 'running'],
      ['market-data-providers', 'running'],
      ['paper-trading', 'running'],
      ['ibkr', 'running'], // switched off by default: healthy, nothing to connect
      ['protocol-server', 'running'],
    ]);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(problems).toEqual([]); // no CSP violation, no script error
    await page.close();
  });

  it('serves the page with a strict Content-Security-Policy and correct content types', async () => {
    const page = await session.browser.newPage();
    const response = await page.goto(serve.url);
    const headers = response!.headers();
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['referrer-policy']).toBe('no-referrer');
    const script = await page.locator('script[type=module]').getAttribute('src');
    const asset = await page.request.get(new URL(script!, serve.url).toString());
    expect(asset.headers()['content-type']).toBe('text/javascript; charset=utf-8');
    await page.close();
  });

  it('explains a missing token instead of failing silently', async () => {
    const { page } = await openPage(`http://127.0.0.1:${serve.port}/`);
    const failure = page.getByTestId('connection-failure');
    await failure.waitFor({ timeout: 15_000 });
    const text = await failure.textContent();
    expect(text).toContain('Cannot reach the Host');
    expect(text).toContain('UNAUTHORIZED');
    expect(text).toContain('nws serve');
    expect(await page.getByTestId('connection-phase').textContent()).toBe('Disconnected');
    await page.screenshot({ path: ERROR_SCREENSHOT });
    await page.close();
  });

  it('shows the connection error for a wrong token', async () => {
    const { page } = await openPage(`http://127.0.0.1:${serve.port}/?token=${'0'.repeat(64)}`);
    const failure = page.getByTestId('connection-failure');
    await failure.waitFor({ timeout: 15_000 });
    expect(await failure.textContent()).toContain('CONNECTION_CLOSED');
    await page.close();
  });
});
