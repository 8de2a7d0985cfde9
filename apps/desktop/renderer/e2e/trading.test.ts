// End to end, browser mode: paper trading from the Day trading dashboard in headless Chromium
// against the real `nws serve` (demo market, live simulator, paper account with the default
// risk limits): order ticket with its live risk pre-check, blotter, positions, the kill switch.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSession, watchedPage, type BrowserSession } from './serve-process.js';

const SYMBOL = 'NOVA.SIM';
const SHOTS_DIR = mkdtempSync(join(tmpdir(), 'nws-trading-shots-'));

let session: BrowserSession;
let page: Page;
let problems: string[];
/** `risk.precheck` requests the page has sent over its WebSocket. */
let precheckRequests = 0;

beforeAll(async () => {
  session = await startBrowserSession('nws-e2e-trading-');
  ({ page, problems } = await watchedPage(session.browser, { width: 1600, height: 1000 }));
  page.on('websocket', (socket) => socket.on('framesent', ({ payload }) => void (String(payload).includes('"risk.precheck"') && precheckRequests++)));
  await page.goto(session.serve.url);
  await ticket().locator('.ticket-bidask .pos').filter({ hasText: /\d/ }).waitFor({ timeout: 30_000 });
  await page.getByTestId('account').waitFor({ timeout: 30_000 });
}, 60_000);

afterAll(async () => {
  await session?.close();
});

const ticket = () => page.getByTestId('order-ticket');
const precheck = () => page.getByTestId('precheck');
const blotterTab = (name: 'working' | 'orders' | 'fills') => page.locator(`[data-testid=blotter] [data-tab=${name}]`);

async function bid(): Promise<number> {
  return Number(await ticket().locator('.ticket-bidask .neg').textContent());
}

describe('paper trading in the browser', () => {
  it('places a market order from the keyboard: it fills, shows in the blotter and in positions', async () => {
    expect(await ticket().getAttribute('data-symbol')).toBe(SYMBOL);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('b');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Quantity');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('10');
    await expect.poll(() => precheck().getAttribute('data-state'), { timeout: 10_000 }).toBe('pass');
    expect(await precheck().locator('li[data-limit=max-order-notional] .util-label').textContent()).toMatch(/^\d+(\.\d)?%$/);
    // An unchanged ticket is checked again as the market moves (every 2 s), not only when edited.
    const asked = precheckRequests;
    await expect.poll(() => precheckRequests, { timeout: 10_000 }).toBeGreaterThanOrEqual(asked + 2);
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('ticket-confirm').textContent()).toBe(`Buy 10 ${SYMBOL} at market?`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('ticket-outcome').textContent()).toMatch(/^P-\S+: FILLED 10 @ \d+\.\d\d$/);

    const position = page.locator(`[data-testid=positions] tr[data-instrument="${SYMBOL}"]`);
    await expect.poll(() => position.locator('[data-field=qty]').textContent()).toBe('10');
    await blotterTab('fills').click();
    const fillRow = page.locator('[data-testid=blotter-fills] .vrows-row').first();
    await expect.poll(() => fillRow.textContent()).toMatch(/NOVA\s*BUY\s*10/);
    await blotterTab('orders').click();
    await expect.poll(() => page.locator('[data-testid=blotter-orders] .vrows-row').first().locator('[data-status]').getAttribute('data-status')).toBe('FILLED');
    await expect.poll(() => page.getByTestId('chart-widget').getAttribute('data-fill-markers')).toBe('1');
  });

  it('shows why a limit order far from the market is refused, before and after Send', async () => {
    await ticket().getByLabel('Order type').selectOption('limit');
    const farPrice = (Math.round((await bid()) * 50) / 100).toFixed(2);
    await ticket().getByLabel('Limit price').fill(farPrice);
    await expect.poll(() => precheck().getAttribute('data-state'), { timeout: 10_000 }).toBe('fail');
    const refused = precheck().locator('li.refused');
    expect(await refused.getAttribute('data-limit')).toBe('price-band');
    expect(await refused.locator('.precheck-reason').textContent()).toMatch(/price-band \(account\): price [\d.]+ vs mark [\d.]+: deviation % of NOVA\.SIM [\d.]+ exceeds limit 10/);

    await page.getByTestId('ticket-send').click();
    await page.getByTestId('ticket-confirm-send').click();
    await expect.poll(() => page.getByTestId('ticket-outcome').textContent()).toMatch(/refused by risk: price-band/);
    expect(await page.getByTestId('ticket-outcome').getAttribute('class')).toContain('tone-bad');
  });

  it('keeps a near limit order working, modifies it in place, and draws it on the chart', async () => {
    const nearPrice = (Math.round((await bid()) * 97) / 100).toFixed(2);
    await ticket().getByLabel('Limit price').fill(nearPrice);
    await ticket().getByLabel('Quantity').fill('5');
    await expect.poll(() => precheck().getAttribute('data-state'), { timeout: 10_000 }).toBe('pass');
    await page.getByTestId('ticket-send').click();
    await page.getByTestId('ticket-confirm-send').click();
    await expect.poll(() => page.getByTestId('ticket-outcome').textContent()).toMatch(/: ACCEPTED$/);

    await blotterTab('working').click();
    const row = page.locator('[data-testid=blotter-orders] .vrows-row').first();
    await expect.poll(() => row.textContent()).toContain(nearPrice);
    await expect.poll(() => page.getByTestId('chart-widget').getAttribute('data-order-lines')).toBe('1');
    await row.getByRole('button', { name: 'Modify' }).click();
    const lower = (Number(nearPrice) - 0.5).toFixed(2);
    await page.getByTestId('modify-row').getByLabel('New price').fill(lower);
    await page.getByTestId('modify-row').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.textContent()).toContain(lower);
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('ACCEPTED');
  });

  it('draws indicators chosen in the chart settings', async () => {
    await page.locator('[data-kind=chart] [aria-label="Widget settings"]').click();
    await page.getByTestId('widget-settings').getByLabel('SMA 20').check();
    await page.getByTestId('widget-settings').getByLabel('RSI 14 (pane)').check();
    await expect.poll(() => page.getByTestId('chart-widget').getAttribute('data-indicators')).toBe('sma20 rsi14');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.waitForTimeout(300);
  });

  it('takes screenshots of the Day trading dashboard in dark and light', async () => {
    await page.screenshot({ path: join(SHOTS_DIR, 'day-trading-dark.png') });
    await page.getByTestId('theme-toggle').click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS_DIR, 'day-trading-light.png') });
    await page.getByTestId('theme-toggle').click();
    console.log(`trading screenshots in ${SHOTS_DIR}`);
  });

  it('kill switch: working orders are canceled and the ticket is blocked until re-armed', async () => {
    await expect.poll(() => blotterTab('working').locator('.tab-count').textContent()).toBe('1');
    await page.getByTestId('topbar-kill').click();
    await page.getByTestId('ticket-blocked').waitFor();
    expect(await page.getByTestId('ticket-blocked').textContent()).toContain('kill switch engaged (kill switch pressed in the app)');
    await expect.poll(() => blotterTab('working').locator('.tab-count').textContent()).toBe('0');
    expect(await page.getByTestId('ticket-send').isDisabled()).toBe(true);
    expect(await page.getByTestId('trading-state').textContent()).toBe('Trading blocked');
    await page.getByTestId('topbar-blocked').waitFor();
    await page.screenshot({ path: join(SHOTS_DIR, 'day-trading-killed.png') });

    await page.getByTestId('topbar-rearm').click();
    await page.getByTestId('ticket-blocked').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('trading-state').textContent()).toBe('Trading active');
    expect(problems).toEqual([]);
  });
});
