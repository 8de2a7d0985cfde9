import type { StateStore, TimeSeriesStore } from '@nws/storage';

/** The stores market data reads and writes: bars in DuckDB, instruments and settings in SQLite. */
export interface MarketDataStores {
  readonly timeSeries: TimeSeriesStore;
  readonly state: StateStore;
}
