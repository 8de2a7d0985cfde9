// A backfill job: history for one series over a range, from one provider, split into requests
// the provider allows, minus what is already stored. Jobs are plain data so they can be saved
// after every step and picked up again after a restart.
import { z } from 'zod';
import { ErrorCode, NwsError, describeIssues, instrumentIdSchema, parseBarSpec, barIntervalMs } from '@nws/core';
import type { InstrumentId, JobProgress, JobState } from '@nws/core';
import { ProviderIds, providerDisplayNames, type HistoryLimits, type ProviderId } from '../providers/index.js';
import { intersectRanges, mergeRanges, splitRange, subtractRanges, type TimeRange } from './time-range.js';

export type BackfillState = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';
export type ChunkState = 'pending' | 'done' | 'failed';

export const backfillRequestSchema = z.strictObject({
  provider: z.enum(ProviderIds),
  /** The provider's symbol (AAPL, IBM, ^GSPC...). */
  symbol: z.string().trim().min(1),
  /** The instrument the bars are stored under. */
  instrumentId: instrumentIdSchema,
  spec: z.string().check((ctx) => {
    try {
      parseBarSpec(ctx.value);
    } catch (error) {
      ctx.issues.push({ code: 'custom', message: NwsError.from(error).message, input: ctx.value });
    }
  }),
  startMs: z.int(),
  endMs: z.int(),
}).refine((request) => request.startMs < request.endMs, { message: 'startMs must be before endMs', path: ['endMs'] });

export type BackfillRequest = Omit<z.output<typeof backfillRequestSchema>, 'instrumentId'> & { instrumentId: InstrumentId };

export interface BackfillChunk extends TimeRange {
  state: ChunkState;
  bars: number;
}

export interface BackfillJob {
  id: string;
  request: BackfillRequest;
  state: BackfillState;
  chunks: BackfillChunk[];
  /** Parts of the range that were already stored when the job was planned. */
  skipped: TimeRange[];
  barsWritten: number;
  error?: string;
  createdAt: number;
  updatedAt: number;
}

export interface BackfillStatus {
  id: string;
  request: BackfillRequest;
  state: BackfillState;
  totalChunks: number;
  doneChunks: number;
  barsWritten: number;
  skippedRanges: number;
  /** 0..1 share of requests done. */
  progress: number;
  error?: string;
  updatedAt: number;
}

export function parseBackfillRequest(input: unknown): BackfillRequest {
  const parsed = backfillRequestSchema.safeParse(input);
  if (!parsed.success) {
    throw new NwsError(ErrorCode.InvalidArgument, `invalid backfill request: ${describeIssues(parsed.error.issues)}`);
  }
  return parsed.data as BackfillRequest;
}

/**
 * Chunks for [startMs, endMs): clipped to what the provider keeps and to the present, minus the
 * covered ranges, each at most the provider's longest request.
 */
export function planBackfill(
  request: BackfillRequest,
  limits: HistoryLimits,
  covered: ReadonlyArray<TimeRange>,
  nowMs: number,
): { chunks: BackfillChunk[]; skipped: TimeRange[] } {
  if (!limits.specs.includes(request.spec)) {
    throw new NwsError(ErrorCode.InvalidArgument, `${providerDisplayNames[request.provider]} has no ${request.spec} bars; it offers ${limits.specs.join(', ')}`);
  }
  const earliest = limits.earliestAvailableMs(request.spec, nowMs) ?? -Infinity;
  const range = { startMs: Math.max(request.startMs, earliest), endMs: Math.min(request.endMs, nowMs) };
  if (range.startMs >= range.endMs) {
    const reason = request.startMs >= nowMs ? 'the range is in the future' : `${providerDisplayNames[request.provider]} keeps ${request.spec} bars only from ${new Date(earliest).toISOString()}`;
    throw new NwsError(ErrorCode.InvalidArgument, `nothing to backfill: ${reason}`);
  }
  const gaps = subtractRanges(range, covered);
  const chunks = gaps.flatMap((gap) => splitRange(gap, limits.maxRequestSpanMs(request.spec))).map((piece) => ({ ...piece, state: 'pending' as const, bars: 0 }));
  return { chunks, skipped: intersectRanges(range, mergeRanges(covered)) };
}

/**
 * The part of a fetched chunk that may be marked as stored for good: only whole bars, so the bar
 * still forming now is fetched again by the next backfill.
 */
export function settledRange(chunk: TimeRange, spec: string, nowMs: number): TimeRange | undefined {
  const { step, unit } = parseBarSpec(spec);
  const interval = barIntervalMs(unit, step);
  const formingBarStart = Math.floor(nowMs / interval) * interval;
  const endMs = Math.min(chunk.endMs, formingBarStart);
  return endMs > chunk.startMs ? { startMs: chunk.startMs, endMs } : undefined;
}

export function backfillStatus(job: BackfillJob): BackfillStatus {
  const doneChunks = job.chunks.filter((chunk) => chunk.state === 'done').length;
  return {
    id: job.id,
    request: job.request,
    state: job.state,
    totalChunks: job.chunks.length,
    doneChunks,
    barsWritten: job.barsWritten,
    skippedRanges: job.skipped.length,
    progress: job.chunks.length === 0 ? 1 : doneChunks / job.chunks.length,
    error: job.error,
    updatedAt: job.updatedAt,
  };
}

const jobStateOf: Readonly<Record<BackfillState, JobState>> = {
  queued: 'queued',
  running: 'running',
  paused: 'paused',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** The bus payload for `topics.jobProgress(id)`. */
export function backfillJobProgress(status: BackfillStatus, ts: number): JobProgress {
  const { request } = status;
  const what = `${request.instrumentId} ${request.spec} from ${providerDisplayNames[request.provider as ProviderId]}`;
  return {
    jobId: status.id,
    state: jobStateOf[status.state],
    done: status.doneChunks,
    total: status.totalChunks,
    message: status.state === 'paused' ? `paused: ${what}` : status.error ? `${what}: ${status.error}` : what,
    ts,
  };
}
