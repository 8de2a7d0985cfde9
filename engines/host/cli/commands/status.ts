// `nws status`: what is in a data directory and who holds it. Through the running Host when there
// is one; otherwise by opening the stores itself (holding the directory's lock meanwhile).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { SystemHealth } from '@nws/core';
import { DataDirFiles, resolveDataDir } from '../../data-dir.js';
import type { HostLockInfo } from '../../host-lock.js';
import type { CliOutput } from '../index.js';
import { HOME_OPTION_FLAGS, HOME_OPTION_HELP } from '../options.js';

interface StatusOptions {
  home?: string;
  json?: boolean;
}

export interface StoreFileStatus {
  file: string;
  exists: boolean;
  /** File plus its write-ahead log, in bytes. */
  bytes: number;
  /** Null when unknown: the store was not opened (it does not exist, or a Host holds it). */
  schemaVersion: number | null;
}

export interface DataDirStatus {
  dataDir: string;
  exists: boolean;
  host:
    | { state: 'running'; pid: number; url: string | null; startedAt: number; health: SystemHealth | null; error?: string }
    | { state: 'stale-lock'; pid: number }
    | { state: 'busy'; pid: number; owner: string }
    | { state: 'not-running' };
  timeSeries: StoreFileStatus & { series: number | null; bars: number | null; tickSeries: number | null; ticks: number | null };
  state: StoreFileStatus & { instruments: number | null };
}

export function register(program: Command, output: CliOutput): void {
  program
    .command('status')
    .description('show the data directory, the Host holding it (if any), storage sizes, series counts and schema versions')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .option('--json', 'print machine-readable JSON instead of text')
    .action(async (options: StatusOptions) => {
      const status = await collectStatus(resolveDataDir({ home: options.home }));
      output.out(options.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
    });
}

export async function collectStatus(dataDir: string): Promise<DataDirStatus> {
  const timeSeriesFile = join(dataDir, DataDirFiles.timeSeries);
  const stateFile = join(dataDir, DataDirFiles.state);
  const base: DataDirStatus = {
    dataDir,
    exists: existsSync(dataDir),
    host: { state: 'not-running' },
    timeSeries: { ...fileStatus(timeSeriesFile, '.wal'), schemaVersion: null, series: null, bars: null, tickSeries: null, ticks: null },
    state: { ...fileStatus(stateFile, '-wal'), schemaVersion: null, instruments: null },
  };
  if (!base.exists) return base;
  const { readLockHolder } = await import('../../host-lock.js');
  const holder = readLockHolder(dataDir);
  if (holder?.alive && holder.info.owner === 'host') return { ...base, host: await askHost(holder.info) };
  if (holder?.alive) return { ...base, host: { state: 'busy', pid: holder.info.pid, owner: holder.info.owner } };
  const host: DataDirStatus['host'] = holder === null ? { state: 'not-running' } : { state: 'stale-lock', pid: holder.info.pid };
  if (!base.timeSeries.exists && !base.state.exists) return { ...base, host };
  // Opening a store may bring an old file's schema up to date; holding the lock meanwhile keeps a
  // Host from starting on the same files. (TODO: open read-only once the stores offer it.)
  const { withDataDirLock } = await import('../../host-access.js');
  return withDataDirLock(dataDir, 'nws status', async () => ({
    ...base,
    host,
    timeSeries: base.timeSeries.exists ? { ...fileStatus(timeSeriesFile, '.wal'), ...(await readTimeSeries(timeSeriesFile)) } : base.timeSeries,
    state: base.state.exists ? { ...fileStatus(stateFile, '-wal'), ...(await readState(stateFile)) } : base.state,
  }));
}

async function askHost(info: HostLockInfo): Promise<DataDirStatus['host']> {
  const [{ NwsError }, { connectToRunningHost }, { hostBaseUrl }] = await Promise.all([
    import('@nws/core'),
    import('../../host-access.js'),
    import('../../host-lock.js'),
  ]);
  const running = { state: 'running' as const, pid: info.pid, url: hostBaseUrl(info), startedAt: info.startedAt };
  try {
    const client = await connectToRunningHost(info);
    try {
      return { ...running, health: await client.call('system.health', {}, { timeoutMs: 5_000 }) };
    } finally {
      client.close();
    }
  } catch (error) {
    return { ...running, health: null, error: NwsError.from(error).message };
  }
}

async function readTimeSeries(file: string): Promise<{ schemaVersion: number; series: number; bars: number; tickSeries: number; ticks: number }> {
  const { TimeSeriesStore } = await import('@nws/storage');
  const store = await TimeSeriesStore.open(file);
  try {
    const series = await store.listSeries();
    const tickSeries = await store.listTickSeries();
    return {
      schemaVersion: store.schemaVersion,
      series: series.length,
      bars: series.reduce((sum, each) => sum + each.rows, 0),
      tickSeries: tickSeries.length,
      ticks: tickSeries.reduce((sum, each) => sum + each.rows, 0),
    };
  } finally {
    await store.close();
  }
}

async function readState(file: string): Promise<{ schemaVersion: number; instruments: number }> {
  const { StateStore } = await import('@nws/storage');
  const store = StateStore.open(file);
  try {
    return { schemaVersion: store.schemaVersion, instruments: store.listInstruments().length };
  } finally {
    store.close();
  }
}

function fileStatus(file: string, walSuffix: string): Omit<StoreFileStatus, 'schemaVersion'> {
  const size = (path: string): number | null => {
    try {
      return statSync(path).size;
    } catch {
      return null;
    }
  };
  const main = size(file);
  return { file, exists: main !== null, bytes: (main ?? 0) + (size(file + walSuffix) ?? 0) };
}

export function formatStatus(status: DataDirStatus): string {
  const rows: Array<[string, string]> = [['Data directory', status.exists ? status.dataDir : `${status.dataDir} (does not exist yet)`]];
  rows.push(['Host', describeHost(status.host)]);
  if (status.host.state === 'running' && status.host.health) {
    const { health } = status.host;
    rows.push(['Health', `${health.status}, version ${health.version}`]);
    for (const engine of health.engines) rows.push([`  ${engine.name}`, engine.status]);
  }
  const ts = status.timeSeries;
  rows.push(['Time series', ts.exists ? `${ts.file} (${formatBytes(ts.bytes)})` : `${ts.file} (not created yet)`]);
  if (ts.series !== null) rows.push(['  series', `${ts.series} (${ts.bars} bars)`]);
  if (ts.tickSeries !== null && ts.tickSeries > 0) rows.push(['  tick series', `${ts.tickSeries} (${ts.ticks} ticks)`]);
  if (ts.schemaVersion !== null) rows.push(['  schema version', String(ts.schemaVersion)]);
  if (ts.exists && ts.series === null && status.host.state === 'running') rows.push(['  series', 'held by the running Host']);
  const state = status.state;
  rows.push(['State', state.exists ? `${state.file} (${formatBytes(state.bytes)})` : `${state.file} (not created yet)`]);
  if (state.instruments !== null) rows.push(['  instruments', String(state.instruments)]);
  if (state.schemaVersion !== null) rows.push(['  schema version', String(state.schemaVersion)]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}\n`).join('');
}

function describeHost(host: DataDirStatus['host']): string {
  switch (host.state) {
    case 'running':
      return `running (pid ${host.pid}, ${host.url ?? 'starting'})${host.error ? `, unreachable: ${host.error}` : ''}`;
    case 'stale-lock':
      return `not running (stale lock of pid ${host.pid}; the next Host takes it over)`;
    case 'busy':
      return `not running; \`${host.owner}\` (pid ${host.pid}) holds the directory`;
    case 'not-running':
      return 'not running';
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
