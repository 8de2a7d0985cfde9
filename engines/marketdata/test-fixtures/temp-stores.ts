// Real stores in a temporary directory for tests: a DuckDB time-series file and a SQLite state file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateStore, TimeSeriesStore } from '@nws/storage';
import type { MarketDataStores } from '../stores.js';

export interface TempStores extends MarketDataStores {
  dir: string;
  close(): Promise<void>;
}

export async function openTempStores(prefix: string): Promise<TempStores> {
  const dir = mkdtempSync(join(tmpdir(), `nws-${prefix}-`));
  const timeSeries = await TimeSeriesStore.open(join(dir, 'timeseries.duckdb'), { threads: 2 });
  const state = StateStore.open(join(dir, 'state.sqlite'));
  return {
    dir,
    timeSeries,
    state,
    close: async () => {
      await timeSeries.close();
      state.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
