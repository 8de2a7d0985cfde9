// End to end, browser mode: in the Backtest Lab a user runs sma-cross on the demo market's daily
// bars against the real `nws serve`, watches it finish, sees its equity curve drawn and its final
// value in the statistics (checked against runBacktest in this process on the same bars), sweeps
// a parameter and sorts the results, compares two runs and opens the tear sheet.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolClient, connectWebSocket } from '@nws/core';
import { runBacktest, tickSeriesFromCsv } from '@nws/backtest';
import { startBrowserSession, watchedPage, type BrowserSession, type ServeProcess } from './serve-process.js';
import { swingQuoteCsv } from './quote-file.js';

const shot = (name: string) => join(tmpdir(), `nws-ui-backtest-lab-${name}.png`);

let session: BrowserSession;
let serve: ServeProcess;
let page: Page;
let problems: string[];
let client: ProtocolClient;

beforeAll(async () => {
  session = await startBrowserSession('nws-e2e-lab-');
  serve = session.serve;
  ({ page, problems } = await watchedPage(session.browser));
  client = new ProtocolClient(await connectWebSocket({ url: `ws://127.0.0.1:${serve.port}/ws`, token: serve.token, WebSocket }));
}, 60_000);

afterAll(async () => {
  client?.close();
  await session?.close();
});

/** Pixels of a canvas inside `selector` close to the colour (r, g, b): proof that a line was drawn. */
async function pixelsOfColour(selector: string, [r, g, b]: readonly [number, number, number]): Promise<number> {
  return page.locator(selector).evaluate(
    (root, colour) => {
      let count = 0;
      for (const canvas of root.querySelectorAll('canvas')) {
        const context = canvas.getContext('2d');
        if (context === null || canvas.width === 0) continue;
        const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let index = 0; index < data.length; index += 4) {
          if (Math.abs(data[index]! - colour[0]) < 24 && Math.abs(data[index + 1]! - colour[1]) < 24 && Math.abs(data[index + 2]! - colour[2]) < 24) count += 1;
        }
      }
      return count;
    },
    [r, g, b] as const,
  );
}

/** Clicks `button` and waits until the job it starts (a new job id on the progress bar) is done. */
async function runJob(button: string): Promise<void> {
  const bar = page.getByTestId('lab-progress');
  const before = (await bar.count()) === 0 ? null : await bar.getAttribute('data-job');
  await page.getByTestId(button).click();
  await expect.poll(async () => ((await bar.count()) === 0 ? null : await bar.getAttribute('data-job')), { timeout: 15_000 }).not.toBe(before);
  await expect.poll(() => bar.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
}

describe('Backtest Lab in the browser', () => {
  it('runs sma-cross on demo data and shows its equity curve and final value', async () => {
    await page.goto(`${serve.url}#/backtest`);
    await page.getByTestId('lab-setup').waitFor({ timeout: 20_000 });
    // The demo market is written in the background on first start: wait until NOVA's daily bars are listed.
    await expect.poll(async () => {
      const { instruments } = await client.call('marketdata.instruments');
      return instruments.some((instrument) => instrument.instrumentId === 'NOVA.SIM' && instrument.series.some((series) => series.barType === '1d'));
    }, { timeout: 30_000 }).toBe(true);
    await page.reload();
    await page.getByTestId('lab-instrument-0').selectOption('NOVA.SIM');
    await page.getByTestId('lab-bar-type').selectOption('1d');
    await page.getByTestId('lab-strategy').selectOption('sma-cross');
    await page.locator('[data-param=stake]').fill('100');

    // A bad value is named at once and Run stays off.
    await page.locator('[data-param=fast]').fill('1');
    expect(await page.getByTestId('lab-params').textContent()).toContain('must be at least 2');
    expect(await page.getByTestId('lab-run').isDisabled()).toBe(true);
    await page.locator('[data-param=fast]').fill('10');

    await runJob('lab-run');
    const view = page.getByTestId('lab-run-view');
    await view.waitFor();
    const runId = (await view.getAttribute('data-run'))!;

    // The stored run equals the same backtest run here on the same bars.
    const stored = await client.call('backtest.get', { runId });
    const series = (stored.run.data as { series: Array<{ bars: number; lastTs: number }> }).series[0]!;
    const bars = await client.call('marketdata.bars', { instrumentId: 'NOVA.SIM', barType: '1d', to: series.lastTs + 1, limit: 5_000 });
    expect(bars.ts).toHaveLength(series.bars);
    const expected = runBacktest(
      { strategy: 'sma-cross', params: { fast: 10, slow: 30, stake: 100 }, startingCash: 100_000 },
      [{ instrumentId: 'NOVA.SIM', barSpec: '1d', ...Object.fromEntries((['ts', 'open', 'high', 'low', 'close', 'volume'] as const).map((name) => [name, Float64Array.from(bars[name])])) } as never],
    );
    expect(stored.run.statistics!.finalValue).toBe(expected.statistics.finalValue);
    const finalText = expected.statistics.finalValue.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(await page.locator('[data-testid=lab-stats] tr[data-stat=finalValue] td').textContent()).toBe(finalText);
    expect(await page.locator('[data-testid=lab-headline] [data-stat=finalValue] .lab-kpi-value').textContent()).toBe(finalText);
    expect(await page.locator(`[data-testid=lab-runs] tr[data-run="${runId}"]`).getAttribute('data-status')).toBe('done');

    // The curve is drawn: every step is given to the chart, and its line colour is on the canvas.
    expect(Number(await page.getByTestId('lab-equity-chart').getAttribute('data-points'))).toBe(stored.equity.ts.length);
    await expect.poll(() => pixelsOfColour('[data-testid=lab-equity-chart]', [0x3f, 0xa7, 0xf5]), { timeout: 5_000 }).toBeGreaterThan(200);
    expect(Number(await page.getByTestId('lab-trades').getAttribute('data-rows'))).toBe(expected.trades.length);
    await page.screenshot({ path: shot('run-dark'), fullPage: true });
  }, 120_000);

  it('sweeps a parameter, sorts the results by a clicked header, and compares two runs', async () => {
    await page.locator('[data-range=fast]').fill('5:15:5');
    await page.locator('[data-range=slow]').fill('30,50');
    expect(await page.getByTestId('lab-sweep').textContent()).toBe('Sweep 6 runs');
    await page.locator('[data-range=slow]').fill('');
    expect(await page.getByTestId('lab-sweep').textContent()).toBe('Sweep 3 runs');
    await runJob('lab-sweep');
    const table = page.getByTestId('lab-sweep-results');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(3);

    await table.locator('th[data-sort=maxDrawdown]').click();
    await expect.poll(() => table.locator('th[data-sort=maxDrawdown]').getAttribute('aria-sort')).toBe('descending');
    await table.locator('th[data-sort=maxDrawdown]').click();
    await expect.poll(() => table.locator('th[data-sort=maxDrawdown]').getAttribute('aria-sort')).toBe('ascending');
    const drawdowns = (await table.locator('td[data-stat=maxDrawdown]').allTextContents()).map((text) => Number.parseFloat(text));
    expect(drawdowns).toEqual([...drawdowns].sort((a, b) => a - b));

    // A second single run, then both ticked: the compare view overlays two curves.
    await page.locator('[data-param=fast]').fill('20');
    await page.locator('[data-param=slow]').fill('60');
    await page.locator('[data-range=fast]').fill('');
    await page.locator('[data-range=slow]').fill('');
    await runJob('lab-run');
    await expect.poll(() => page.locator('[data-testid=lab-runs] tbody tr[data-status=done]').count(), { timeout: 10_000 }).toBe(2);
    const boxes = page.locator('[data-testid=lab-runs] tbody input[type=checkbox]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    const compare = page.getByTestId('lab-compare');
    await compare.waitFor();
    expect(await page.getByTestId('lab-compare-chart').getAttribute('data-curves')).toBe('2');
    await page.screenshot({ path: shot('compare-dark'), fullPage: true });
    await boxes.nth(1).uncheck();
  }, 120_000);

  it('opens the tear sheet and looks finished in the light theme', async () => {
    await page.getByTestId('lab-open-tear-sheet').click();
    const sheet = page.getByTestId('lab-tear-sheet');
    await sheet.waitFor();
    await expect.poll(() => page.getByTestId('lab-tear-sheet-body').evaluate((node) => node.shadowRoot?.querySelectorAll('svg').length ?? 0)).toBeGreaterThan(0);
    await page.screenshot({ path: shot('tear-sheet'), fullPage: false });
    await page.getByLabel('Close tear sheet').click();
    await page.getByTestId('theme-toggle').click();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('light');
    await page.getByTestId('lab-run-view').waitFor();
    await expect.poll(() => pixelsOfColour('[data-testid=lab-equity-chart]', [0x0b, 0x72, 0xd0]), { timeout: 5_000 }).toBeGreaterThan(200);
    await page.screenshot({ path: shot('run-light'), fullPage: true });
    expect(problems).toEqual([]);
  }, 60_000);

  it('imports a quote file and runs sma-cross over its ticks', async () => {
    // Four quotes a second: the equity curve has several steps per second of chart time.
    const text = swingQuoteCsv();
    const imported = await client.call('marketdata.import', { files: [{ name: 'tck-quotes.csv', contentBase64: Buffer.from(text).toString('base64') }], symbol: 'TCK.SIM' });
    expect(imported.files[0]).toMatchObject({ status: 'imported', ticks: 'quotes', rowsWritten: 3_000 });

    await page.reload();
    await page.getByTestId('lab-setup').waitFor();
    await page.getByTestId('lab-instrument-0').selectOption('TCK.SIM');
    await page.getByTestId('lab-bar-type').selectOption('ticks:quotes');
    expect(await page.getByTestId('lab-setup').textContent()).toContain('3,000 ticks stored, 2024-01-02 → 2024-01-02');
    await page.getByTestId('lab-tick-fills').waitFor();
    await page.getByTestId('lab-strategy').selectOption('sma-cross');
    await page.locator('[data-param=fast]').fill('10');
    await page.locator('[data-param=slow]').fill('30');
    await page.locator('[data-param=stake]').fill('100');
    await runJob('lab-run');
    const view = page.getByTestId('lab-run-view');
    await expect.poll(async () => (await client.call('backtest.get', { runId: (await view.getAttribute('data-run'))! })).run.data).toMatchObject({ series: [{ instrumentId: 'TCK.SIM', ticks: 'quotes', count: 3_000 }] });
    const runId = (await view.getAttribute('data-run'))!;

    const expected = runBacktest({ strategy: 'sma-cross', params: { fast: 10, slow: 30, stake: 100 }, startingCash: 100_000 }, [tickSeriesFromCsv(text, 'TCK.SIM')]);
    expect(expected.statistics.fills).toBeGreaterThan(4);
    const stored = await client.call('backtest.get', { runId });
    expect(stored.run.statistics!.finalValue).toBe(expected.statistics.finalValue);
    const finalText = expected.statistics.finalValue.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(await page.locator('[data-testid=lab-headline] [data-stat=finalValue] .lab-kpi-value').textContent()).toBe(finalText);
    expect(await view.textContent()).toContain('TCK.SIM quotes');
    // Twelve minutes of quotes: a tick run's tear sheet takes daily returns, so it says it needs two days.
    await page.getByTestId('lab-open-tear-sheet').click();
    await expect.poll(() => page.getByTestId('lab-problem').textContent()).toContain('a tear sheet of a tick run needs at least two days');
    expect(await page.locator('[data-testid=lab-stats] tr[data-stat=ticks] td').textContent()).toBe('3,000');
    expect(await page.locator('[data-testid=lab-stats] tr[data-stat=bars]').count()).toBe(0);
    expect(await page.getByTestId('lab-progress').textContent()).toContain('Backtest finished · 3,000 ticks');
    await expect.poll(() => pixelsOfColour('[data-testid=lab-equity-chart]', [0x0b, 0x72, 0xd0]), { timeout: 5_000 }).toBeGreaterThan(200);
    await page.screenshot({ path: shot('tick-run'), fullPage: true });
    expect(problems).toEqual([]);
  }, 120_000);
});
