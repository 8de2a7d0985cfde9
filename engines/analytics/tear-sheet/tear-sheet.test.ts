import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { syntheticDailyReturns } from '../synthetic-returns.js';
import { formatPercent, formatRatio, renderTearSheet } from './tear-sheet.js';

const CHROMIUM = '/usr/bin/chromium';
const series = syntheticDailyReturns({ days: 756, seed: 7 });
const benchmark = syntheticDailyReturns({ days: 756, seed: 8, drift: 0.0003 }).returns;
const sheet = renderTearSheet({ title: 'Demo momentum <backtest>', ...series, benchmark, startingEquity: 100_000 });

describe('tear sheet', () => {
  it('is one self-contained HTML document with the metrics and SVG charts', () => {
    const { html, metrics } = sheet;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain('Demo momentum &#60;backtest&#62;');
    for (const value of [formatRatio(metrics.sharpe), formatPercent(metrics.annualReturn), formatPercent(metrics.maxDrawdown!.depth), formatRatio(metrics.benchmark!.beta)]) {
      expect(html).toContain(value);
    }
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toMatch(/<path class="equity" d="M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){755}"/);
    expect(html).toMatch(/<path class="drawdown-area" d="M/);
    expect(html.match(/<rect class="cell"/g)).toHaveLength(metrics.monthly!.length);
  });

  it('parses and renders in Chromium (screenshot in /tmp; needs /usr/bin/chromium)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nws-tear-sheet-'));
    const file = join(dir, 'tear-sheet.html');
    await writeFile(file, sheet.html);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`file://${file}`);
      expect(await page.locator('svg').count()).toBe(3);
      expect(await page.locator('path.equity').count()).toBe(1);
      expect(await page.locator('.metric').count()).toBe(20);
      expect(await page.locator('h1').textContent()).toBe('Demo momentum <backtest>');
      const box = await page.locator('path.equity').boundingBox();
      expect(box!.width).toBeGreaterThan(800);
      expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
      await page.screenshot({ path: '/tmp/nws-tear-sheet.png', fullPage: true });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
