// End to end, browser mode: the Strategies page against the real `nws serve`. A strategy is
// started on the live demo feed and stopped; another on a replay of stored daily bars runs to
// its end and trades on the paper account.
import type { Page } from 'playwright-core';
import type { ProtocolClient } from '@nws/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestClient } from './host-client.js';
import { startBrowserSession, watchedPage, type BrowserSession } from './serve-process.js';

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
    await form().getByRole('radio', { name: 'Replay stored bars' }).click();
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
});
