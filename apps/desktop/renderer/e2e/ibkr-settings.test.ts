// End to end, browser mode: the IB Gateway simulator on a free port (real TCP, never the real IB),
// `nws serve` as a child process, and Settings → Interactive Brokers driven in headless Chromium:
// an absent gateway shows its error while the app keeps working; live mode asks for an explicit
// confirmation; configuring the simulator's port and pressing Connect shows "connected" with the
// paper account id, and an IB system code arrives in the panel's alerts.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolClient } from '@nws/core';
import { IbGatewaySimulator } from '@nws/marketdata';
import { connectTestClient } from './host-client.js';
import { startBrowserSession, watchedPage, type BrowserSession } from './serve-process.js';

let session: BrowserSession;
let client: ProtocolClient;
let page: Page;
let problems: string[];
const sim = new IbGatewaySimulator();
let simPort: number;

beforeAll(async () => {
  simPort = await sim.start();
  session = await startBrowserSession('nws-e2e-ibkr-');
  client = await connectTestClient(session.serve);
  ({ page, problems } = await watchedPage(session.browser, { width: 1280, height: 1100 }));
}, 60_000);

afterAll(async () => {
  client?.close();
  await session?.close();
  await sim.stop();
});

const panel = () => page.getByTestId('ib-connection-panel');
const stateText = () => panel().getByTestId('ib-status-state').textContent();

async function fillSettings(port: number): Promise<void> {
  await panel().getByLabel('IB host').fill('127.0.0.1');
  await panel().getByLabel('IB port').fill(String(port));
  await panel().getByLabel('IB client id').fill('21');
}

describe('Settings → Interactive Brokers', () => {
  it('shows an unreachable gateway as an error while the rest of the app keeps working', async () => {
    await page.goto(`${session.serve.url}#/settings`);
    await panel().waitFor({ timeout: 20_000 });
    await expect.poll(stateText).toMatch(/^disconnected/);
    await fillSettings(1); // nothing listens on port 1
    await panel().getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => panel().getByTestId('ib-last-error').textContent(), { timeout: 10_000 }).toMatch(/cannot connect|ECONNREFUSED/i);
    expect((await client.call('system.ping', {})).ts).toBeGreaterThan(0);
    const health = await client.call('system.health', {});
    expect(health.engines.find((engine) => engine.name === 'ibkr')?.status).toBe('degraded');
    await panel().getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(stateText).toMatch(/^disconnected/);
  });

  it('asks for an explicit confirmation before live mode can connect', async () => {
    await panel().getByLabel('IB mode').selectOption('live');
    await panel().getByTestId('ib-live-warning').waitFor();
    expect(await panel().getByTestId('ib-live-warning').textContent()).toMatch(/real money/);
    expect(await panel().getByRole('button', { name: /^(Connect|Save and reconnect)$/ }).isDisabled()).toBe(true);
    await panel().getByLabel('IB mode').selectOption('paper');
    expect(await panel().getByTestId('ib-live-warning').count()).toBe(0);
  });

  it('connects to the gateway simulator and shows "connected" with the account id and IB alerts', async () => {
    await fillSettings(simPort);
    await panel().getByRole('button', { name: /^(Connect|Save and reconnect)$/ }).click();
    await expect.poll(stateText, { timeout: 10_000 }).toMatch(/^connected/);
    await expect.poll(() => panel().getByTestId('ib-accounts').textContent()).toBe('DU1234567');
    expect(await panel().getByTestId('ib-last-error').textContent()).toBe('none');
    expect(await client.call('ibkr.status', {})).toMatchObject({ state: 'connected', port: simPort, clientId: 21, accounts: ['DU1234567'], serverVersion: 176 });
    const colour = await panel().getByTestId('ib-status-state').evaluate((node) => getComputedStyle(node).color);
    const good = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--good').trim());
    expect(good).not.toBe('');
    expect(colour).not.toBe(await panel().getByTestId('ib-accounts').evaluate((node) => getComputedStyle(node).color));

    sim.sendSystemMessage(2103, 'Market data farm connection is broken:usfarm');
    await expect.poll(() => panel().getByTestId('ib-alerts').textContent(), { timeout: 5_000 }).toMatch(/2103.*usfarm/);
    await expect.poll(stateText).toMatch(/^degraded/);
    sim.sendSystemMessage(2104, 'Market data farm connection is OK:usfarm');
    await expect.poll(stateText).toMatch(/^connected/);
    await page.screenshot({ path: join(tmpdir(), 'nws-ui-ibkr-settings.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
