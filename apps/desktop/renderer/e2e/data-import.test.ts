// End to end, browser mode: on the Data page a user imports a bar file through the file picker
// and sees it in the instruments list, then drops a corrupted file and sees its quality report;
// a trade tick file is imported and listed the same way.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSession, watchedPage, type BrowserSession, type ServeProcess } from './serve-process.js';

const goodCsv = ['Date,Open,High,Low,Close,Volume', '2024-01-02,10,11,9,10.5,1000', '2024-01-03,10.5,12,10,11.5,1500', '2024-01-04,11.5,12.5,11,12,1200', ''].join('\n');
/** Line 3 has high (8) below low (10). */
const corruptCsv = ['Date,Open,High,Low,Close,Volume', '2024-01-02,10,11,9,10.5,1000', '2024-01-03,10.5,8,10,9.5,1500', ''].join('\n');

let session: BrowserSession;
let serve: ServeProcess;
let page: Page;
let problems: string[];

beforeAll(async () => {
  session = await startBrowserSession('nws-e2e-data-');
  serve = session.serve;
  ({ page, problems } = await watchedPage(session.browser));
});

afterAll(async () => {
  await session?.close();
});

describe('Data page import', () => {
  it('imports a file from the file picker and lists the new instrument', async () => {
    await page.goto(`${serve.url}#/data`);
    await page.getByTestId('instrument-table').waitFor({ timeout: 20_000 });
    await page.getByTestId('import-file-input').setInputFiles({ name: 'zeta.csv', mimeType: 'text/csv', buffer: Buffer.from(goodCsv) });

    const result = page.locator('[data-testid=import-results] li[data-file="zeta.csv"]');
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 15_000 }).toBe('imported');
    expect(await result.textContent()).toContain('imported 3 1d bars as ZETA.LOCAL');
    const row = page.locator('[data-testid=instrument-table] tr[data-instrument="ZETA.LOCAL"]');
    await row.waitFor();
    expect(await row.locator('td.num').textContent()).toBe('3');
  });

  it('shows the quality report of a dropped corrupted file and stores nothing', async () => {
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'broken.csv', { type: 'text/csv' }));
      return transfer;
    }, corruptCsv);
    await page.getByTestId('import-drop-zone').dispatchEvent('drop', { dataTransfer });

    const result = page.locator('[data-testid=import-results] li[data-file="broken.csv"]');
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 15_000 }).toBe('rejected');
    const issue = result.locator('[data-testid=quality-report] tbody tr').first();
    expect(await issue.locator('td').allTextContents()).toEqual(['3', 'High', '8', expect.stringMatching(/high/i)]);
    expect(await page.locator('[data-testid=instrument-table] tr[data-instrument="BROKEN.LOCAL"]').count()).toBe(0);
    await page.screenshot({ path: join(tmpdir(), 'nws-ui-data.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('imports a trade tick file, lists its ticks, and reports a crossed quote', async () => {
    const trades = ['ts,price,size', '2024-01-02T14:30:00.100Z,50.25,100', '2024-01-02T14:30:00.100Z,50.26,20', '2024-01-02T14:30:01Z,50.24,5', ''].join('\n');
    await page.getByTestId('import-file-input').setInputFiles({ name: 'prints.csv', mimeType: 'text/csv', buffer: Buffer.from(trades) });
    const result = page.locator('[data-testid=import-results] li[data-file="prints.csv"]');
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 15_000 }).toBe('imported');
    expect(await result.textContent()).toContain('imported 3 trade ticks as PRINTS.LOCAL');
    const row = page.locator('[data-testid=instrument-table] tr[data-instrument="PRINTS.LOCAL"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('trades (3 ticks)');

    const quotes = ['ts,bid,ask', '1704205800000,10.00,10.02', '1704205801000,10.05,10.01', ''].join('\n');
    await page.getByTestId('import-file-input').setInputFiles({ name: 'crossed.csv', mimeType: 'text/csv', buffer: Buffer.from(quotes) });
    const rejected = page.locator('[data-testid=import-results] li[data-file="crossed.csv"]');
    await expect.poll(() => rejected.getAttribute('data-status'), { timeout: 15_000 }).toBe('rejected');
    expect(await rejected.locator('[data-testid=quality-report] tbody tr').first().locator('td').allTextContents()).toEqual(['3', 'bid', '10.05 > 10.01', expect.stringMatching(/crossed/i)]);
    expect(await page.locator('[data-testid=instrument-table] tr[data-instrument="CROSSED.LOCAL"]').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
