// End to end, browser mode: the Risk page against the real `nws serve` (demo market, paper
// account). Limits with utilisation, a PDF report download, and the kill switch cancelling a
// working order, blocking trading and being re-armed.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { NwsError, type ProtocolClient } from '@nws/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyAtMarket, connectTestClient } from './host-client.js';
import { startBrowserSession, watchedPage, type BrowserSession } from './serve-process.js';

let session: BrowserSession;
let client: ProtocolClient;
let page: Page;
let problems: string[];

beforeAll(async () => {
  session = await startBrowserSession('nws-e2e-risk-');
  client = await connectTestClient(session.serve);
  ({ page, problems } = await watchedPage(session.browser, { width: 1440, height: 1000 }));
}, 40_000);

afterAll(async () => {
  client?.close();
  await session?.close();
});

/** A limit buy 5 % under the mid: inside the 10 % price band, far enough not to fill. */
async function workingLimitBuy(instrumentId: string, quantity: number) {
  const { close } = await client.call('marketdata.bars', { instrumentId, barType: '1d', limit: 1 });
  const reference = close.at(-1)!;
  return client.call('orders.submit', { instrumentId, type: 'LIMIT', side: 'BUY', quantity, price: Math.round(reference * 0.95 * 100) / 100 });
}

const limitRow = (type: string) => page.locator(`[data-testid=limits-table] tr[data-limit-type=${type}]`);

describe('Risk page', () => {
  it('lists every limit with its utilisation; a working order shows in max-open-orders', async () => {
    await buyAtMarket(client, 'NOVA.SIM', 10);
    await page.goto(`${session.serve.url}#/risk`);
    await limitRow('daily-loss').waitFor({ timeout: 20_000 });
    const types = await page.locator('[data-testid=limits-table] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-limit-type')));
    expect(types.sort()).toEqual(['daily-loss', 'max-open-orders', 'max-order-notional', 'price-band']);
    expect(await limitRow('max-open-orders').locator('.utilisation').getAttribute('data-utilisation')).toBe('0.0000');

    await workingLimitBuy('CLDX.SIM', 5);
    await expect.poll(() => limitRow('max-open-orders').locator('.utilisation').getAttribute('data-utilisation'), { timeout: 8_000 }).toBe('0.0200'); // 1 of 50
    expect(await limitRow('max-open-orders').locator('.utilisation-value').textContent()).toBe('2.0%');
    expect(await limitRow('max-open-orders').locator('.badge').textContent()).toBe('ok');
    expect(await limitRow('max-order-notional').textContent()).toContain('order-time check');
  });

  it('shows the working order in the per-instrument heatmap', async () => {
    const cell = page.locator('[data-testid=risk-heatmap] .heatmap-cell[data-row=CLDX][data-column=price-band]');
    await cell.waitFor({ timeout: 8_000 });
    // 5 % from the mid of a 10 % band: about half used (the mid has moved a little since).
    expect(Number(await cell.getAttribute('data-value'))).toBeGreaterThan(0.3);
    expect(Number(await cell.getAttribute('data-value'))).toBeLessThan(0.7);
    // Rows: the instruments in play (a position or a limit in use); columns: the four limits.
    const rows = await page.locator('[data-testid=risk-heatmap] .heatmap-cell').evaluateAll((cells) => [...new Set(cells.map((node) => node.getAttribute('data-row')))].sort());
    expect(rows).toEqual(['CLDX', 'NOVA']);
    expect(await page.locator('[data-testid=risk-heatmap] .heatmap-cell').count()).toBe(2 * 4);
  });

  it('downloads the risk report as a PDF', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 20_000 }),
      page.locator('[data-testid=report-downloads] button[data-format=pdf]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await page.getByTestId('report-outcome').textContent()).toMatch(/^Saved .*\.pdf$/);
  });

  it('engages the kill switch from the page: the working order is cancelled and trading blocked; re-arm allows it again', async () => {
    const panel = page.getByTestId('kill-switch-panel');
    expect(await panel.getAttribute('data-engaged')).toBe('false');
    expect((await client.call('orders.list')).open.map((order) => order.instrumentId)).toEqual(['CLDX.SIM']);

    await page.getByLabel('Kill reason').fill('e2e drill');
    await panel.getByRole('button', { name: 'Engage kill switch' }).click();
    await panel.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByTestId('kill-outcome').textContent()).toBe('Kill switch engaged: 1 working order cancelled.');
    await expect.poll(() => panel.getAttribute('data-engaged')).toBe('true');
    expect(await page.getByTestId('kill-state').textContent()).toContain('Engaged');
    expect(await panel.textContent()).toContain('e2e drill');
    await page.screenshot({ path: join(tmpdir(), 'nws-ui-risk-killed.png') });

    expect((await client.call('orders.list')).open).toEqual([]);
    const refused = await workingLimitBuy('CLDX.SIM', 5).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(NwsError);
    expect((refused as NwsError).code).toBe('CONFLICT');
    expect((refused as NwsError).message).toMatch(/kill switch engaged/);

    await page.getByLabel('Re-armed by').fill('E2E Tester');
    await panel.getByRole('button', { name: 'Re-arm' }).click();
    await expect.poll(() => panel.getAttribute('data-engaged')).toBe('false');
    expect(await page.getByTestId('kill-outcome').textContent()).toBe('Re-armed by E2E Tester: new orders are accepted again.');
    const accepted = await workingLimitBuy('CLDX.SIM', 5);
    expect(accepted.status).not.toBe('DENIED');
    expect((await client.call('risk.killStatus')).rearmedBy).toBe('E2E Tester');
    expect(problems).toEqual([]);
  });
});
