// Public API of @nws/marketdata: importing bar files (CSV, gzipped CSV, Parquet) with quality
// checks, resampling and export, the demo market and its live simulator; providers and backfill
// jobs below. Node only (file access, DuckDB); the renderer reaches it through the Host.

// ---- bar specs ----
export { canResample, inferBarSpec, isCalendarSpec, specMs } from './bar-step.js';
export type { MarketDataStores } from './stores.js';

// ---- import: parse, check, repair, store ----
export { importFiles } from './import/importer.js';
export type { ImportContext, ImportFileResult, ImportFormat, ImportPhase, ImportProgress, ImportStatus, ImportSummary } from './import/importer.js';
export type { StreamTuning } from './import/streamed-import.js';
export { DEFAULT_IMPORT_VENUE, importOptionsSchema, loadImportOptions } from './import/import-options.js';
export type { ImportOptions, ImportOptionsInput } from './import/import-options.js';
export { instrumentIdFor } from './import/instrument-naming.js';
export { CsvBarParser, parseCsvBars } from './import/csv-parser.js';
export type { CsvParseOptions, CsvParseResult } from './import/csv-parser.js';
export { detectCsvLayout } from './import/csv-layout.js';
export type { BarField, CsvLayout, CsvLayoutKind } from './import/csv-layout.js';
export { readParquetBars } from './import/parquet-reader.js';
export { checkBars, isGap } from './import/quality-checks.js';
export type { ColumnLabels, QualityCheckOptions, QualityCheckResult } from './import/quality-checks.js';
export { formatQualityReport, qualityRules, QualityReport } from './import/quality-report.js';
export type { QualityIssue, QualityReportSummary, QualityRule, QualitySeverity } from './import/quality-report.js';
export { repairBars } from './import/repair.js';
export type { RepairAction, RepairResult, RepairSummary } from './import/repair.js';
export type { ParsedBars } from './import/parsed-bars.js';
export { TimeZoneConverter } from './import/time-zone.js';

// ---- resample and export ----
export { resampleBars, resampleQuery } from './resample/resample.js';
export type { ResampleQuery, ResampleRequest, SessionSpec } from './resample/resample.js';
export { EXPORT_FORMATS, formatTime, loadBars, writeBarsCsv, writeBarsJson, writeBarsParquet, writeColumnsParquet } from './export/bar-export.js';
export type { BarsRequest, ExportFormat, LoadedBars, TextSink } from './export/bar-export.js';
export { parseTimeArgument, rangeFromArguments } from './export/time-argument.js';
export { listStoredInstruments } from './export/instrument-listing.js';
export type { StoredInstrument, StoredSeriesSummary, StoredTickSummary } from './export/instrument-listing.js';

// ---- demo market and live simulator ----
export { DEMO_SEED, DEMO_SESSION, generateDemoMarket } from './demo/generator.js';
export type { DemoBarSeries, DemoInstrumentHistory, DemoMarket, DemoMarketOptions } from './demo/generator.js';
export { DEMO_PROFILES, DEMO_SECTORS, DEMO_VENUE, demoInstrument, demoInstruments } from './demo/universe.js';
export type { DemoProfile, DemoSector } from './demo/universe.js';
export { DEMO_DATA_SETTING, ensureDemoData } from './demo/ensure-demo-data.js';
export type { DemoDataRecord, EnsureDemoDataResult } from './demo/ensure-demo-data.js';
export { SeededRandom } from './demo/random.js';
export { MarketSimulator } from './simulator/market-simulator.js';
export type { MarketSimulatorStats } from './simulator/market-simulator.js';
export { loadMarketSimulatorConfig, marketSimulatorConfigSchema } from './simulator/config.js';
export type { MarketSimulatorConfig, MarketSimulatorConfigInput } from './simulator/config.js';
export type { SimulatedInstrument } from './simulator/simulated-book.js';
export { simulatedInstrumentsFromStores } from './simulator/live-instruments.js';
export { LiveBarAggregator } from './live/live-bar-aggregator.js';
export { LiveBarRecorder } from './live/live-bar-recorder.js';
export type { LiveBarRecorderOptions } from './live/live-bar-recorder.js';

// ---- replay of stored bars (paper trading at 1×–1000×) ----
export * from './replay/index.js';

// ---- providers and backfill (their own engineers' folders) ----
export * from './providers/index.js';
export * from './backfill/index.js';
export * from './ibkr/index.js';
