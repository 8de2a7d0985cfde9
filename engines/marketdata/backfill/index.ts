// Public API of backfill jobs (re-exported by @nws/marketdata).
export { BackfillManager } from './backfill-manager.js';
export type { BackfillManagerOptions, ProviderSource } from './backfill-manager.js';
export {
  backfillJobProgress,
  backfillRequestSchema,
  backfillStatus,
  parseBackfillRequest,
  planBackfill,
} from './backfill-job.js';
export type { BackfillChunk, BackfillJob, BackfillRequest, BackfillState, BackfillStatus, ChunkState } from './backfill-job.js';
export { SqliteBackfillJobStore } from './job-store.js';
export type { BackfillJobStore } from './job-store.js';
export { TimeSeriesBarSink } from './bar-sink.js';
export type { BarSink, BarStore } from './bar-sink.js';
export { mergeRanges, subtractRanges, splitRange } from './time-range.js';
export type { TimeRange } from './time-range.js';
