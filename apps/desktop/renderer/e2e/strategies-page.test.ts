// End to end, browser mode: the Strategies page against the real `nws serve`. A strategy is
// started on the live demo feed and stopped; another on a replay of stored daily bars runs to
// its end and trades on the paper account; a third trades a replay of quote ticks imported while
// the Host runs, with the fills a tick backtest of the same file gives.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Fill, ProtocolClient } from '@nws/core';
import { runBacktest, tickSeriesFromCsv } from '@nws/backtest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestClient } from './host-client.js';
import { startBrowserSession, watchedPage, type BrowserSession } from './serve-process.js';
import { swingQuoteCsv } from './quote-file.js';

let session: BrowserSession;
let client: ProtocolClient;
let page: Page;
let problems: string[];

beforeAll(async () => {
  session = await startBrowserSession('nws-e2e-strategies-');
  client = await connectTestClient(session.serve);
  ({ page, problems } = await watchedPage(session.browser, { width: 1440, height: 1000 }));
}, 40_000);

afterAll(async () => {
  client?.close();
  await session?.close();
});

const card = (name: string) => page.locator(`[data-strategy="${name}"]`);
const form = () => page.getByTestId('start-strategy-form');
const runRow = (id: string) => page.locator(`[data-testid=strategy-runs] tr[data-run-id="${id}"]`);
const startedId = async () => /as (\S+)\.$/.exec((await page.getByTestId('start-outcome').textContent()) ?? '')?.[1] ?? '';

describe('Strategies page', () => {
  it('lists the catalogue with each strategy’s declared parameters', async () => {
    await page.goto(`${session.serve.url}#/strategies`);
    await page.getByTestId('strategy-catalogue').waitFor({ timeout: 20_000 });
    const { strategies } = await client.call('strategies.catalogue');
    expect(await page.locator('[data-testid=strategy-catalogue] .strategy-card').count()).toBe(strategies.length);
    const smaCross = strategies.find((strategy) => strategy.name === 'sma-cross')!;
    const shown = await card('sma-cross').locator('.params-table tbody td.symbol').allTextContents();
    expect(shown).toEqual(smaCross.params.map((param) => param.name));
  });

  it('refuses a parameter out of its range before sending, then starts on the live feed and stops', async () => {
    await card('sma-cross').getByRole('button', { name: 'Configure' }).click();
    await form().locator('.chip', { hasText: /^NOVA$/ }).click();
    await form().getByLabel('fast').fill('1');
    await form().getByRole('button', { name: 'Start' }).click();
    expect(await page.getByTestId('start-outcome').textContent()).toMatch(/^fast: must be at least \d+/);
    expect((await client.call('strategies.list')).runs).toEqual([]);

    await form().getByRole('button', { name: 'Reset to defaults' }).click();
    await form().getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => page.getByTestId('start-outcome').textContent(), { timeout: 10_000 }).toMatch(/^Started sma-cross as \S+\.$/);
    const id = await startedId();
    await expect.poll(() => runRow(id).getAttribute('data-status'), { timeout: 8_000 }).toBe('running');
    expect(await runRow(id).textContent()).toContain('NOVA');

    await runRow(id).getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => runRow(id).getAttribute('data-status'), { timeout: 8_000 }).toBe('stopped');
    expect((await client.call('strategies.list')).runs.find((run) => run.strategyRunId === id)?.status).toBe('stopped');
  });

  it('replays stored daily bars at full speed: the run finishes and trades', async () => {
    await card('buy-and-hold').getByRole('button', { name: 'Configure' }).click();
    await form().getByRole('radio', { name: 'Replay stored data' }).click();
    expect(await form().getByLabel('Bar type').inputValue()).toBe('1d');
    expect(await form().getByLabel('Replay from').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await form().getByLabel('Replay speed').selectOption('max');
    await form().getByLabel('fraction').fill('0.2'); // $20,000: under the $25,000 order notional limit
    await form().locator('.chip', { hasText: /^HBNK$/ }).click();
    await form().getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => page.getByTestId('start-outcome').textContent(), { timeout: 10_000 }).toMatch(/^Started buy-and-hold as \S+\.$/);
    const id = await startedId();
    await expect.poll(() => runRow(id).getAttribute('data-status'), { timeout: 20_000 }).toMatch(/finished|stopped/);
    const run = (await client.call('strategies.list')).runs.find((candidate) => candidate.strategyRunId === id)!;
    expect(run.source).toBe('replay');
    expect(run.fills).toBeGreaterThanOrEqual(1);
    await expect.poll(() => runRow(id).locator('td').nth(7).textContent()).toBe(String(run.fills));
    expect(problems).toEqual([]);
  });

  it('replays quote ticks imported while the Host runs: sma-cross trades them with the fills of a tick backtest', async () => {
    // Twelve minutes of quotes, four a second, swinging so the SMAs cross.
    const text = swingQuoteCsv();
    const imported = await client.call('marketdata.import', { files: [{ name: 'tkr-quotes.csv', contentBase64: Buffer.from(text).toString('base64') }], symbol: 'TKR.SIM' });
    expect(imported.files[0]).toMatchObject({ status: 'imported', ticks: 'quotes', rowsWritten: 3_000 });
    const fills: Fill[] = [];
    await client.subscribe('fills.>', (event) => void fills.push(event.data as Fill));

    await page.reload();
    await card('sma-cross').waitFor({ timeout: 20_000 });
    await card('sma-cross').getByRole('button', { name: 'Configure' }).click();
    await form().getByRole('radio', { name: 'Replay stored data' }).click();
    // The stored instruments load after the page does.
    await expect.poll(() => form().getByLabel('Bar type').locator('option').allTextContents(), { timeout: 10_000 }).toContain('quotes (ticks)');
    await form().getByLabel('Bar type').selectOption('ticks:quotes');
    // Only instruments with stored quotes are offered.
    expect(await form().locator('.chip').allTextContents()).toEqual(['TKR']);
    await form().getByLabel('Replay from').fill('2024-01-01');
    await form().getByLabel('Replay to').fill('2024-01-03');
    await form().getByLabel('Replay speed').selectOption('max');
    await form().getByLabel('fast').fill('10');
    await form().getByLabel('slow').fill('30');
    await form().getByLabel('stake').fill('100');
    await form().locator('.chip', { hasText: /^TKR$/ }).click();
    await form().getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => page.getByTestId('start-outcome').textContent(), { timeout: 10_000 }).toMatch(/^Started sma-cross as \S+\.$/);
    const id = await startedId();
    await expect.poll(() => runRow(id).getAttribute('data-status'), { timeout: 20_000 }).toBe('finished');

    const run = (await client.call('strategies.list')).runs.find((candidate) => candidate.strategyRunId === id)!;
    expect(run).toMatchObject({ source: 'replay', barType: 'ticks', ticks: ['quotes'], ticksSeen: 3_000, bars: 0 });
    const expected = runBacktest({ strategy: 'sma-cross', params: { fast: 10, slow: 30, stake: 100 }, startingCash: 100_000 }, [tickSeriesFromCsv(text, 'TKR.SIM')]);
    expect(expected.statistics.fills).toBeGreaterThan(4);
    const runFills = fills.filter((fill) => fill.strategyId === id).map((fill) => [fill.side, fill.qty, fill.price, fill.ts]);
    expect(runFills).toEqual(expected.fills.map((fill) => [fill.side, fill.qty, fill.price, fill.ts]));
    await expect.poll(() => runRow(id).locator('td').nth(7).textContent()).toBe(String(expected.statistics.fills));
    expect(await runRow(id).locator('td').nth(3).textContent()).toBe('replay · quotes ticks');
    await page.screenshot({ path: join(tmpdir(), 'nws-e2e-strategies-ticks.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 90_000);
});
