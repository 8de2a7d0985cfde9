// marketdata.import/search, providers.* and backfill.* through a real Workstation (DuckDB and
// SQLite files in a temp dir) and, for backfill, Yahoo pointed at a local HTTP server.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NwsError, patterns, topics, type JobProgress, type MethodResult, type ProtocolClient } from '@nws/core';
import { providersSettingsKey } from '@nws/marketdata';
import { Workstation } from '../workstation.js';
import { MarketDataServiceFiles } from './marketdata-service.js';
import { UPLOADS_FOLDER } from './marketdata-import.js';

const chartFixture = readFileSync(new URL('../../marketdata/providers/fixtures/yahoo/chart-aapl-1d.json', import.meta.url), 'utf8');
/** The fixture's complete daily bars, stored at UTC midnight of their exchange date (its last row has no prices). */
const fixtureDays = [2, 3, 4, 5, 8].map((day) => Date.UTC(2024, 0, day));

const goodCsv = ['Date,Open,High,Low,Close,Volume', '2024-01-02,10,11,9,10.5,1000', '2024-01-03,10.5,12,10,11.5,1500', '2024-01-04,11.5,12.5,11,12,1200', ''].join('\n');
/** Row 3 (line 3) has high below low. */
const corruptCsv = ['Date,Open,High,Low,Close,Volume', '2024-01-02,10,11,9,10.5,1000', '2024-01-03,10.5,8,10,9.5,1500', '2024-01-04,11.5,12.5,11,12,1200', ''].join('\n');

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A Yahoo-shaped server; while `hold` is on it keeps requests open (a slow provider). */
class YahooFixtureServer {
  hold = false;
  requests = 0;
  private readonly held: ServerResponse[] = [];
  private readonly server: Server = createServer((request, response) => {
    this.requests += 1;
    if (this.hold) {
      this.held.push(response);
      return;
    }
    if (request.url?.startsWith('/v8/finance/chart/')) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(chartFixture);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ quotes: [] }));
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let home: string;
let workstation: Workstation;
let client: ProtocolClient;
const yahoo = new YahooFixtureServer();
let yahooUrl: string;

async function startWorkstation(): Promise<void> {
  workstation = await Workstation.start({ home, server: { port: 0 }, market: { demo: false } });
  client = workstation.connect();
}

async function restartWorkstation(): Promise<void> {
  client.close();
  await workstation.stop();
  await startWorkstation();
}

async function waitForJob(id: string, state: string): Promise<MethodResult<'backfill.list'>['jobs'][number]> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { jobs } = await client.call('backfill.list');
    const job = jobs.find((entry) => entry.id === id);
    if (job?.state === state) return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${id} never reached ${state}`);
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nws-marketdata-handlers-'));
  yahooUrl = await yahoo.listen();
  await startWorkstation();
});

afterAll(async () => {
  client?.close();
  await workstation?.stop();
  await yahoo.close();
  rmSync(home, { recursive: true, force: true });
});

describe('marketdata.import', () => {
  it('imports an uploaded CSV, reports progress on the job topic, and serves it back as bars', async () => {
    const events: JobProgress[] = [];
    const unsubscribe = await client.subscribe(topics.jobProgress('upload-1'), (event) => events.push(event.data as JobProgress));
    const summary = await client.call('marketdata.import', { files: [{ name: 'acme.csv', contentBase64: base64(goodCsv) }], jobId: 'upload-1' });
    await unsubscribe();

    expect(summary).toMatchObject({ jobId: 'upload-1', imported: 1, rejected: 0, failed: 0 });
    expect(summary.files[0]).toMatchObject({ file: 'acme.csv', status: 'imported', instrumentId: 'ACME.LOCAL', barType: '1d', rowsRead: 3, rowsWritten: 3 });
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)!.jobId).toBe('upload-1');

    const bars = await client.call('marketdata.bars', { instrumentId: 'ACME.LOCAL', barType: '1d' });
    expect(bars.ts).toEqual([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3), Date.UTC(2024, 0, 4)]);
    expect(bars.close).toEqual([10.5, 11.5, 12]);
    const { instruments } = await client.call('marketdata.instruments');
    expect(instruments.find((entry) => entry.instrumentId === 'ACME.LOCAL')?.totalRows).toBe(3);
    // The upload was only staged for the import.
    expect(readdirSync(join(home, UPLOADS_FOLDER))).toEqual([]);
  });

  it('rejects a corrupted file with its quality report and writes nothing', async () => {
    const summary = await client.call('marketdata.import', { files: [{ name: 'broken.csv', contentBase64: base64(corruptCsv) }] });
    expect(summary).toMatchObject({ imported: 0, rejected: 1 });
    const [result] = summary.files;
    expect(result).toMatchObject({ file: 'broken.csv', status: 'rejected', rowsWritten: 0 });
    expect(result!.report.errors).toBeGreaterThan(0);
    expect(result!.report.issues).toContainEqual(expect.objectContaining({ row: 3, column: 'High', value: '8', severity: 'error' }));
    const failure = await client.call('marketdata.bars', { instrumentId: 'BROKEN.LOCAL', barType: '1d' }).catch((error: unknown) => error);
    expect(NwsError.is(failure, 'NOT_FOUND')).toBe(true);
  });

  it('imports a path on the Host with repair, listing what was fixed', async () => {
    const path = join(home, 'fixme.csv');
    writeFileSync(path, corruptCsv);
    const summary = await client.call('marketdata.import', { paths: [path], repair: true, symbol: 'FIXME.XNAS' });
    const [result] = summary.files;
    expect(result).toMatchObject({ file: path, status: 'imported', instrumentId: 'FIXME.XNAS', rowsWritten: 3 });
    expect(result!.repairs!.dropped).toBe(0);
    expect(result!.repairs!.fixed).toBeGreaterThan(0);
    expect(result!.repairs!.actions).toContainEqual(expect.objectContaining({ row: 3, rule: 'high-below-low', action: 'fixed' }));
    // High and low swapped, then high raised to the open.
    const bars = await client.call('marketdata.bars', { instrumentId: 'FIXME.XNAS', barType: '1d' });
    expect([bars.high[1], bars.low[1]]).toEqual([10.5, 8]);
  });

  it('refuses a file too large for a frame, and a call with neither files nor paths', async () => {
    const tooBig = 'A'.repeat(Math.ceil((700 * 1024) / 3) * 4 + 4);
    await expect(client.call('marketdata.import', { files: [{ name: 'big.csv', contentBase64: tooBig }] })).rejects.toThrow(/nws import/);
    await expect(client.call('marketdata.import', {})).rejects.toThrow(/either files or paths/);
    await expect(client.call('marketdata.import', { files: [{ name: 'x.csv', contentBase64: 'not base64!' }] })).rejects.toThrow(/not valid base64/);
  });
});

describe('marketdata.search', () => {
  it('finds stored instruments by symbol', async () => {
    const { matches } = await client.call('marketdata.search', { query: 'acme' });
    expect(matches[0]).toMatchObject({ source: 'instruments', instrumentId: 'ACME.LOCAL' });
  });
});

describe('providers.*', () => {
  it('stores a key in the 0600 secrets file and never returns it', async () => {
    const secret = 'AV-KEY-do-not-echo-42';
    const configured = await client.call('providers.configure', { provider: 'alphavantage', enabled: true, apiKey: secret });
    expect(configured).toMatchObject({ id: 'alphavantage', enabled: true, takesKey: true, keyPresent: true });

    const secretsPath = join(home, MarketDataServiceFiles.secrets);
    expect(statSync(secretsPath).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(secretsPath, 'utf8'))).toEqual({ 'marketdata.alphavantage.apiKey': secret });

    const listed = await client.call('providers.list', {});
    expect(listed.providers.map((provider) => provider.id)).toEqual(['yahoo', 'alphavantage', 'fred', 'edgar', 'datagov', 'tradingeconomics', 'dbnomics', 'ibkr']);
    expect(listed.providers.find((provider) => provider.id === 'alphavantage')).toMatchObject({ enabled: true, keyPresent: true });
    expect(listed.providers.find((provider) => provider.id === 'fred')).toMatchObject({ enabled: false, keyPresent: false });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(configured)).not.toContain(secret);
    expect(JSON.stringify(workstation.state.getSetting(providersSettingsKey))).not.toContain(secret);

    await client.call('providers.configure', { provider: 'alphavantage', enabled: false, apiKey: null });
    expect(JSON.parse(readFileSync(secretsPath, 'utf8'))).toEqual({});
  });

  it('refuses a key for a provider that takes none, changing nothing', async () => {
    const before = workstation.state.getSetting(providersSettingsKey);
    await expect(client.call('providers.configure', { provider: 'yahoo', enabled: true, apiKey: 'x' })).rejects.toThrow(/Yahoo Finance takes no API key/);
    expect(workstation.state.getSetting(providersSettingsKey)).toEqual(before);
  });

  it('reports health of enabled providers on request', async () => {
    await client.call('providers.configure', { provider: 'yahoo', enabled: true, baseUrl: yahooUrl });
    const listed = await client.call('providers.list', { health: true });
    const entry = listed.providers.find((provider) => provider.id === 'yahoo');
    expect(entry).toMatchObject({ enabled: true, baseUrl: yahooUrl, health: { status: 'up' } });
    expect(listed.providers.find((provider) => provider.id === 'fred')?.health).toBeUndefined();
  });
});

describe('backfill.*', () => {
  const range = { startMs: Date.UTC(2024, 0, 1), endMs: Date.UTC(2024, 0, 10) };

  it('pauses, resumes and completes a job, publishing progress', async () => {
    await client.call('providers.configure', { provider: 'yahoo', enabled: true, baseUrl: yahooUrl });
    const events: JobProgress[] = [];
    const unsubscribe = await client.subscribe(patterns.jobProgress(), (event) => events.push(event.data as JobProgress));
    yahoo.hold = true;
    const started = await client.call('backfill.start', { provider: 'yahoo', symbol: 'AAPL', instrumentId: 'AAPL.XNAS', spec: '1d', ...range });
    expect(started).toMatchObject({ totalChunks: 1, doneChunks: 0 });
    await waitForJob(started.id, 'running');
    const paused = await client.call('backfill.pause', { id: started.id });
    expect(paused.state).toBe('paused');

    yahoo.hold = false;
    await client.call('backfill.resume', { id: started.id });
    const done = await waitForJob(started.id, 'done');
    expect(done).toMatchObject({ doneChunks: 1, barsWritten: 5, progress: 1 });
    await unsubscribe();
    expect(events.some((event) => event.jobId === started.id && event.state === 'done')).toBe(true);

    const bars = await client.call('backfill.list');
    expect(bars.jobs.map((job) => job.id)).toContain(started.id);
    const stored = await client.call('marketdata.bars', { instrumentId: 'AAPL.XNAS', barType: '1d' });
    expect(stored.ts).toEqual(fixtureDays);
    await expect(client.call('backfill.cancel', { id: started.id })).rejects.toThrow();
  });

  it('carries a running job over a Workstation restart', async () => {
    yahoo.hold = true;
    const started = await client.call('backfill.start', { provider: 'yahoo', symbol: 'AAPL', instrumentId: 'AAPL.YHOO', spec: '1d', ...range });
    await waitForJob(started.id, 'running');
    await restartWorkstation();
    // The provider answers again only once the new Host has restored the job.
    yahoo.hold = false;
    const done = await waitForJob(started.id, 'done');
    const stored = await client.call('marketdata.bars', { instrumentId: 'AAPL.YHOO', barType: '1d' });
    expect(stored.ts).toEqual(fixtureDays);
    expect(done.barsWritten).toBe(5);
    // The yahoo setting and its base URL survived too.
    const listed = await client.call('providers.list', {});
    expect(listed.providers.find((provider) => provider.id === 'yahoo')).toMatchObject({ enabled: true, baseUrl: yahooUrl });
  });

  it('cancels a job and refuses a bad request naming the field', async () => {
    yahoo.hold = true;
    const started = await client.call('backfill.start', { provider: 'yahoo', symbol: 'MSFT', instrumentId: 'MSFT.XNAS', spec: '1d', ...range });
    const cancelled = await client.call('backfill.cancel', { id: started.id });
    expect(cancelled.state).toBe('cancelled');
    yahoo.hold = false;
    await expect(client.call('backfill.start', { provider: 'fred', symbol: 'X', instrumentId: 'X.FRED', spec: '1d', ...range })).rejects.toThrow(/fred is not enabled/);
    await expect(client.call('backfill.pause', { id: 'no-such-job' })).rejects.toThrow(/no-such-job/);
  });
});
