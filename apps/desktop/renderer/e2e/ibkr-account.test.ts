// End to end, browser mode: the account, positions and blotter widgets with their account source
// set to Interactive Brokers, against the IB Gateway simulator (real TCP, never the real IB) and
// `nws serve` as a child process, in headless Chromium. The Host is configured through
// ibkr.configure / ibkr.connect; the widgets show IB's account values and a position, an IB order
// is modified and then cancelled from the blotter (the simulator receives placeOrder with the same
// id, then cancelOrder), the choice survives a reload,
// and a disconnect leaves the last values greyed with the time they were last updated. Back
// connected, an IB position is closed from the positions widget after an inline confirmation (the
// simulator receives one opposite-side market order), a position risk refuses to close shows the
// refusal inline, and a contract the app cannot name (a future it never traded) offers no Close.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolClient } from '@nws/core';
import { IbGatewaySimulator, defaultSimContracts, type SimContract, type SimOrder } from '@nws/marketdata';
import { connectTestClient } from './host-client.js';
import { startBrowserSession, watchedPage, type BrowserSession } from './serve-process.js';

const SCREENSHOT = join(tmpdir(), 'nws-ui-ibkr-account.png');
const SCREENSHOT_CONNECTED = join(tmpdir(), 'nws-ui-ibkr-account-connected.png');
const SCREENSHOT_CLOSE = join(tmpdir(), 'nws-ui-ibkr-close-position.png');
const SCREENSHOT_CLOSE_REFUSED = join(tmpdir(), 'nws-ui-ibkr-close-refused.png');

let session: BrowserSession;
let client: ProtocolClient;
let page: Page;
let problems: string[];
const sim = new IbGatewaySimulator();

const simContract = (conId: number): SimContract => defaultSimContracts.find((contract) => contract.conId === conId)!;

beforeAll(async () => {
  // Held before the app connects, so never traded through it: ESU99 (a future the contract book does
  // not know, so it cannot be named: no Close) and SPY shares (named SPY.ARCA, but never quoted).
  sim.positions.set(495512552, { contract: simContract(495512552), qty: 2, avgCost: 5_000 });
  sim.positions.set(756733, { contract: simContract(756733), qty: 100, avgCost: 500 });
  await sim.start();
  session = await startBrowserSession('nws-e2e-ibkr-account-');
  client = await connectTestClient(session.serve);
  ({ page, problems } = await watchedPage(session.browser, { width: 1600, height: 1000 }));
}, 60_000);

afterAll(async () => {
  client?.close();
  await session?.close();
  await sim.stop();
});

const frame = (kind: 'account' | 'positions' | 'blotter') => page.locator(`section.widget[data-kind=${kind}]`);
const sourcePicker = (kind: 'account' | 'positions' | 'blotter') => frame(kind).getByTestId('account-source');
/** TWS API message ids of placeOrder and cancelOrder. */
const PLACE_ORDER = '3';
const CANCEL_ORDER = '4';
const ibPosition = (symbol: string) => page.locator(`[data-testid=ib-positions] tr[data-symbol="${symbol}"]`);
const closeButton = (symbol: string) => ibPosition(symbol).getByRole('button', { name: 'Close', exact: true });
const placeOrdersReceived = () => sim.received.filter((fields) => fields[0] === PLACE_ORDER).length;

describe('IB account in the dashboard widgets', () => {
  it('offers no IB source while Interactive Brokers is not configured', async () => {
    await page.goto(session.serve.url);
    await page.getByTestId('account').waitFor({ timeout: 30_000 });
    expect(await sourcePicker('account').count()).toBe(0);
    expect(await sourcePicker('blotter').count()).toBe(0);
  });

  it('shows IB account values, an IB position and IB orders once IB is selected', async () => {
    await client.call('ibkr.configure', { host: '127.0.0.1', port: sim.port, clientId: 9, platform: 'gateway', mode: 'paper', enabled: true });
    expect((await client.call('ibkr.connect', { waitMs: 10_000 })).state).toBe('connected');
    const bought = await client.call('ibkr.orders.submit', { instrumentId: 'AAPL.NASDAQ', side: 'BUY', type: 'LIMIT', quantity: 50, price: 190, timeInForce: 'DAY' });
    await expect.poll(() => sim.workingOrders().some((order) => order.orderRef === bought.clientOrderId)).toBe(true);
    sim.fill(bought.clientOrderId, 50, 190);
    const resting = await client.call('ibkr.orders.submit', { instrumentId: 'AAPL.NASDAQ', side: 'BUY', type: 'LIMIT', quantity: 10, price: 180, timeInForce: 'GTC' }); // inside the 10 % price band
    await expect.poll(async () => (await client.call('ibkr.orders.list', {})).open.some((order) => order.clientOrderId === resting.clientOrderId && order.status === 'ACCEPTED')).toBe(true);

    await expect.poll(() => sourcePicker('account').count(), { timeout: 10_000 }).toBe(1);
    expect(await sourcePicker('account').locator('option').allTextContents()).toEqual(['Paper', 'IB DU1234567']);
    for (const kind of ['account', 'positions', 'blotter'] as const) await sourcePicker(kind).selectOption('ibkr');

    const account = page.getByTestId('ib-account');
    await expect.poll(() => account.locator('[data-field=net-liquidation]').textContent(), { timeout: 10_000 }).toMatch(/^1,000,000\.00/);
    expect(await account.locator('[data-field=cash]').textContent()).toBe('1,000,000.00');
    expect(await account.locator('[data-field=buying-power]').textContent()).toBe('4,000,000.00');
    expect(await account.locator('.account-label').textContent()).toBe('Net liquidation · IB DU1234567');

    const position = page.locator('[data-testid=ib-positions] tr[data-symbol=AAPL]');
    await expect.poll(() => position.locator('[data-field=qty]').textContent()).toBe('50');
    expect(await position.locator('[data-field=avg-cost]').textContent()).toBe('190.00');
    expect(await position.locator('[data-field=market-value]').textContent()).toBe('9,500.00');
    // Named contracts can be closed here; a future the app never traded cannot, and says so.
    expect(await closeButton('AAPL').isEnabled()).toBe(true);
    expect(await closeButton('SPY').isEnabled()).toBe(true);
    expect(await ibPosition('ESU99').locator('[data-field=qty]').textContent()).toBe('2');
    expect(await ibPosition('ESU99').getByRole('button').count()).toBe(0);
    expect(await ibPosition('ESU99').getByTestId('ib-close-unavailable').getAttribute('title')).toBe('ESU99 (FUT USD) has no instrument in this app, so it cannot be closed here: close it in TWS');

    // Live: IB's next account update reaches the widget without a reload.
    sim.setAccountValue('NetLiquidation', 1_000_450.5);
    await expect.poll(() => account.locator('[data-field=net-liquidation]').textContent()).toMatch(/^1,000,450\.50/);
    const working = frame('blotter').locator('[data-testid=blotter-orders] .vrows-row');
    await expect.poll(() => working.count()).toBe(1);
    expect(await working.first().textContent()).toMatch(/AAPL\s*BUY\s*limit\s*10\s*0\s*180\.00\s*accepted/);
    expect(await frame('blotter').getAttribute('data-kind')).toBe('blotter');
    await page.screenshot({ path: SCREENSHOT_CONNECTED });
  });

  it('modifies an IB order from the blotter: the gateway receives placeOrder with the same id and new price', async () => {
    const [before] = sim.workingOrders();
    const row = frame('blotter').locator('[data-testid=blotter-orders] .vrows-row').first();
    await row.getByRole('button', { name: 'Modify' }).click();
    await frame('blotter').getByTestId('modify-row').getByLabel('New price').fill('181.25');
    await frame('blotter').getByTestId('modify-row').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => sim.workingOrders()[0]?.lmtPrice).toBe('181.25');
    expect(sim.workingOrders()).toHaveLength(1);
    expect(sim.workingOrders()[0]!.orderId).toBe(before!.orderId);
    await expect.poll(() => row.textContent()).toMatch(/AAPL\s*BUY\s*limit\s*10\s*0\s*181\.25\s*accepted/);
  });

  it('cancels an IB order from the blotter: the gateway receives cancelOrder', async () => {
    const cancelsBefore = sim.received.filter((fields) => fields[0] === CANCEL_ORDER).length;
    await frame('blotter').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => sim.received.filter((fields) => fields[0] === CANCEL_ORDER).length).toBe(cancelsBefore + 1);
    await expect.poll(() => sim.workingOrders().length).toBe(0);
    await expect.poll(() => frame('blotter').locator('[data-testid=blotter-orders] .vrows-row').count()).toBe(0);
    await frame('blotter').locator('[data-tab=orders]').click();
    await expect.poll(() => frame('blotter').locator('[data-testid=blotter-orders] [data-status]').first().getAttribute('data-status')).toBe('CANCELED');
    await frame('blotter').locator('[data-tab=working]').click();
  });

  it('keeps each widget\'s choice in the saved layout across a reload', async () => {
    await page.reload();
    await expect.poll(() => page.getByTestId('ib-account').locator('[data-field=net-liquidation]').textContent(), { timeout: 15_000 }).toMatch(/^1,000,450\.50/);
    for (const kind of ['account', 'positions', 'blotter'] as const) expect(await sourcePicker(kind).inputValue()).toBe('ibkr');
    // Fills come from the journal (ibkr.fills.list), not only from this page's session.
    await expect.poll(() => frame('blotter').locator('[data-tab=fills] .tab-count').textContent()).toBe('1');
    const { layouts } = await client.call('layouts.list');
    const saved = layouts.flatMap((entry) => (entry.layout as { widgets?: { kind: string; settings?: { accountSource?: string } }[] }).widgets ?? []);
    expect(saved.filter((widget) => widget.settings?.accountSource === 'ibkr').map((widget) => widget.kind).sort()).toEqual(['account', 'blotter', 'positions']);
  });

  it('greys the last IB values with the time they were updated while IB is disconnected', async () => {
    await client.call('ibkr.disconnect', {});
    const notice = frame('account').getByTestId('ib-disconnected');
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toMatch(/^IB disconnected \(.+\); last updated \d\d:\d\d:\d\d$/);
    expect(await page.getByTestId('ib-account').getAttribute('data-stale')).toBe('true');
    expect(await page.getByTestId('ib-account').locator('[data-field=net-liquidation]').textContent()).toMatch(/^1,000,450\.50/);
    expect(await frame('positions').getByTestId('ib-disconnected').count()).toBe(1);
    expect(await page.locator('[data-testid=ib-positions] tr[data-symbol=AAPL] [data-field=qty]').textContent()).toBe('50');
    // No order can reach IB now: Close is disabled and says why.
    expect(await closeButton('AAPL').isDisabled()).toBe(true);
    expect(await closeButton('AAPL').getAttribute('title')).toBe('IB is not connected: positions cannot be closed until it reconnects');
    await page.screenshot({ path: SCREENSHOT });
    // Switching a widget back to Paper shows the paper account again.
    await sourcePicker('account').selectOption('paper');
    await page.getByTestId('account').waitFor();
    expect(problems).toEqual([]);
  });

  it('closes an IB position from the positions widget only after the inline confirmation', async () => {
    await client.call('ibkr.configure', { host: '127.0.0.1', port: sim.port, clientId: 9, platform: 'gateway', mode: 'paper', enabled: true });
    expect((await client.call('ibkr.connect', { waitMs: 10_000 })).state).toBe('connected');
    await expect.poll(() => closeButton('AAPL').isEnabled(), { timeout: 15_000 }).toBe(true);
    const positionsWidget = frame('positions');
    const confirmation = positionsWidget.getByTestId('ib-close-confirm');

    // Keep: the question goes away and nothing reaches the gateway.
    const sentBefore = placeOrdersReceived();
    await closeButton('AAPL').click();
    expect(await confirmation.textContent()).toBe('Close 50 AAPL at market on IB DU1234567?');
    expect(await confirmation.getAttribute('data-side')).toBe('SELL');
    await positionsWidget.getByRole('button', { name: 'Keep' }).click();
    expect(await confirmation.count()).toBe(0);
    await closeButton('AAPL').click();
    await confirmation.waitFor();
    await page.keyboard.press('Escape'); // Escape keeps too (focus is on "Close position")
    expect(await confirmation.count()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(placeOrdersReceived()).toBe(sentBefore);

    // Close position: one SELL 50 at market, day, for AAPL's contract.
    await closeButton('AAPL').click();
    await confirmation.waitFor();
    await page.screenshot({ path: SCREENSHOT_CLOSE, clip: (await positionsWidget.boundingBox())! });
    await positionsWidget.getByRole('button', { name: 'Close position' }).click();
    await expect.poll(() => placeOrdersReceived()).toBe(sentBefore + 1);
    const closeOrder = [...sim.orders.values()].at(-1) as SimOrder;
    expect(closeOrder).toMatchObject({ action: 'SELL', quantity: 50, orderType: 'MKT', tif: 'DAY', contract: { conId: 265598, symbol: 'AAPL' } });
    expect(closeOrder.orderRef).toMatch(/^IB-/);
    await expect.poll(() => confirmation.count()).toBe(0);
    // While the close order works, a second Close (which would open a short) is not offered.
    await expect.poll(() => closeButton('AAPL').getAttribute('title')).toBe('A close order for this position is working at IB');
    expect(await closeButton('AAPL').isDisabled()).toBe(true);

    sim.fill(closeOrder.orderRef, 50, 191);
    await expect.poll(() => ibPosition('AAPL').locator('[data-field=qty]').textContent(), { timeout: 10_000 }).toBe('0');
    expect(await ibPosition('AAPL').getAttribute('class')).toBe('flat');
    expect(await closeButton('AAPL').count()).toBe(0);
    expect(sim.positions.get(265598)?.qty).toBe(0);
    expect((await client.call('ibkr.positions', {})).positions.find((position) => position.instrumentId === 'AAPL.NASDAQ')?.netQty).toBe(0);
  });

  it('shows the risk engine\'s refusal inline when a close cannot be sent, and sends nothing', async () => {
    const sentBefore = placeOrdersReceived();
    await closeButton('SPY').click();
    expect(await frame('positions').getByTestId('ib-close-confirm').textContent()).toBe('Close 100 SPY at market on IB DU1234567?');
    await frame('positions').getByRole('button', { name: 'Close position' }).click();
    const problem = frame('positions').getByTestId('ib-close-problem');
    await expect.poll(() => problem.count()).toBe(1);
    // Never quoted, but valued at IB's portfolio price (500): 100 shares are over the $25k order limit.
    expect(await problem.textContent()).toMatch(/refused by risk: max-order-notional .*SPY\.ARCA.*25000/);
    await page.screenshot({ path: SCREENSHOT_CLOSE_REFUSED, clip: (await frame('positions').boundingBox())! });
    expect(placeOrdersReceived()).toBe(sentBefore);
    expect(await ibPosition('SPY').locator('[data-field=qty]').textContent()).toBe('100');
    expect(problems).toEqual([]);
  });
});
