import type { Migration } from '../migration.js';
import { BACKTEST_RESULTS_MIGRATION_SQL } from './backtest-results.js';
import { INDICATOR_VALUES_MIGRATION_SQL } from './indicator-values.js';
import { TICKS_MIGRATION_SQL } from './tick-data.js';

/**
 * Yahoo's Adj Close (close adjusted for splits and dividends), kept beside the raw close. NULL
 * for bars without one, which is every bar stored before this migration. Added at the end of
 * bar_data: the appender writes columns positionally (see bar-writer.ts).
 */
export const ADJ_CLOSE_MIGRATION_SQL = `
  ALTER TABLE bar_data ADD COLUMN adj_close DOUBLE;
  CREATE OR REPLACE VIEW bars AS
    SELECT s.instrument_id, s.bar_type, d.ts, d.open, d.high, d.low, d.close, d.volume, d.open_interest, d.adj_close
    FROM bar_data d JOIN bar_series s USING (series_id);
`;

/**
 * Schema of the time-series file, oldest first. A new table (factor values, ...) is a new entry at the end; released entries are never edited.
 *
 * Bars: `bar_series` names each (instrument, bar type) once and gives it a small integer id;
 * `bar_data` holds the rows keyed by (series_id, ts). The `bars` view shows them keyed by
 * (instrument_id, bar_type, ts). There is deliberately no index on bar_data: an ART index over
 * hundreds of millions of rows costs memory and halves append speed, and the one writer keeps
 * keys unique instead (strictly increasing batches, overlapping rows replaced or refused in the
 * same transaction); see docs/concepts/storage.md.
 */
export const TIME_SERIES_MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    name: 'bars',
    sql: `
      CREATE SEQUENCE bar_series_id_seq START 1;
      CREATE TABLE bar_series (
        series_id INTEGER PRIMARY KEY DEFAULT nextval('bar_series_id_seq'),
        instrument_id VARCHAR NOT NULL,
        bar_type VARCHAR NOT NULL,
        row_count BIGINT NOT NULL DEFAULT 0,
        first_ts TIMESTAMP,
        last_ts TIMESTAMP,
        UNIQUE (instrument_id, bar_type)
      );
      CREATE TABLE bar_data (
        series_id INTEGER NOT NULL,
        ts TIMESTAMP NOT NULL,
        open DOUBLE NOT NULL,
        high DOUBLE NOT NULL,
        low DOUBLE NOT NULL,
        close DOUBLE NOT NULL,
        volume DOUBLE NOT NULL,
        open_interest DOUBLE
      );
      CREATE VIEW bars AS
        SELECT s.instrument_id, s.bar_type, d.ts, d.open, d.high, d.low, d.close, d.volume, d.open_interest
        FROM bar_data d JOIN bar_series s USING (series_id);
    `,
  },
  {
    // Indicator values over stored bars, long layout keyed by (instrument_id, bar_type,
    // indicator_key, output, ts); see indicator-values.ts and docs/indicators.md.
    version: 2,
    name: 'indicator-values',
    sql: INDICATOR_VALUES_MIGRATION_SQL,
  },
  { version: 3, name: 'bars-adj-close', sql: ADJ_CLOSE_MIGRATION_SQL },
  {
    // Backtest runs with their orders, fills, closed trades and equity curves; see backtest-results.ts
    // and docs/backtest.md.
    version: 4,
    name: 'backtest-results',
    sql: BACKTEST_RESULTS_MIGRATION_SQL,
  },
  {
    // Quote and trade ticks, ordered by (ts, seq) within a series; see tick-data.ts and docs/concepts/storage.md.
    version: 5,
    name: 'ticks',
    sql: TICKS_MIGRATION_SQL,
  },
]);
