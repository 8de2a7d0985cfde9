// Runs backfill jobs: plan, fetch chunk by chunk through the provider (whose client keeps to its
// rate limits), write, record. Every step is saved before the next, so pause, cancel, a crash or
// a restart loses at most the chunk in flight, which is fetched again (writes replace, so that
// is harmless).
import { randomUUID } from 'node:crypto';
import { ErrorCode, NwsError } from '@nws/core';
import { systemClock, type MarketDataProvider, type ProviderClock, type ProviderId } from '../providers/index.js';
import {
  backfillStatus,
  parseBackfillRequest,
  planBackfill,
  settledRange,
  type BackfillJob,
  type BackfillState,
  type BackfillStatus,
} from './backfill-job.js';
import type { BarSink } from './bar-sink.js';
import type { BackfillJobStore } from './job-store.js';

/** Where providers come from (ProviderRegistry satisfies this). */
export interface ProviderSource {
  get(id: ProviderId): MarketDataProvider | undefined;
}

export interface BackfillManagerOptions {
  store: BackfillJobStore;
  providers: ProviderSource;
  sink: BarSink;
  clock?: ProviderClock;
  /** Called after every change of a job (state, a chunk done); the Host publishes it on the bus. */
  onProgress?: (status: BackfillStatus) => void;
  newId?: () => string;
}

interface RunningJob {
  controller: AbortController;
  /** What the loop should leave the job as when it stops early. */
  stopAs?: 'paused' | 'cancelled' | 'interrupted';
  finished: Promise<void>;
}

const finalStates: ReadonlySet<BackfillState> = new Set(['done', 'cancelled']);

export class BackfillManager {
  private readonly running = new Map<string, RunningJob>();
  private readonly clock: ProviderClock;

  constructor(private readonly options: BackfillManagerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Plans a job, saves it and starts it. Bad requests fail here, before anything is saved. */
  async start(input: unknown): Promise<BackfillStatus> {
    const request = parseBackfillRequest(input);
    const provider = this.historyProvider(request.provider);
    const now = this.clock.now();
    const within = { startMs: request.startMs, endMs: request.endMs };
    const covered = [
      ...this.options.store.coverage(request.instrumentId, request.spec),
      ...(await this.options.sink.storedRanges(request.instrumentId, request.spec, within)),
    ];
    const plan = planBackfill(request, provider.historyLimits!, covered, now);
    const job: BackfillJob = {
      id: this.options.newId?.() ?? `backfill-${randomUUID()}`,
      request,
      state: 'queued',
      chunks: plan.chunks,
      skipped: plan.skipped,
      barsWritten: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.persist(job);
    this.launch(job);
    return backfillStatus(job);
  }

  status(id: string): BackfillStatus {
    return backfillStatus(this.job(id));
  }

  list(): BackfillStatus[] {
    return this.options.store.list().map(backfillStatus);
  }

  /** Stops after the request in flight is abandoned; resume() carries on from the next chunk not done. */
  async pause(id: string): Promise<BackfillStatus> {
    const job = this.job(id);
    if (job.state !== 'running' && job.state !== 'queued') throw illegal(job, 'pause');
    await this.stop(job, 'paused');
    return this.status(id);
  }

  async resume(id: string): Promise<BackfillStatus> {
    const job = this.job(id);
    if (job.state !== 'paused' && job.state !== 'failed') throw illegal(job, 'resume');
    for (const chunk of job.chunks) if (chunk.state === 'failed') chunk.state = 'pending';
    job.state = 'queued';
    job.error = undefined;
    this.persist(job);
    this.launch(job);
    return backfillStatus(job);
  }

  async cancel(id: string): Promise<BackfillStatus> {
    const job = this.job(id);
    if (finalStates.has(job.state)) throw illegal(job, 'cancel');
    await this.stop(job, 'cancelled');
    return this.status(id);
  }

  /** After a restart: starts again every job that was queued or running when the app stopped. */
  restore(): BackfillStatus[] {
    const unfinished = this.options.store.list().filter((job) => job.state === 'queued' || job.state === 'running');
    for (const job of unfinished) this.launch(job);
    return unfinished.map(backfillStatus);
  }

  /** Resolves when the job's run ends (done, failed, paused or cancelled). */
  async whenSettled(id: string): Promise<BackfillStatus> {
    await this.running.get(id)?.finished;
    return this.status(id);
  }

  /** Stops every run without changing saved states, as a shutdown does; restore() picks them up. */
  async close(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stop(this.job(id), 'interrupted')));
  }

  private async stop(job: BackfillJob, as: 'paused' | 'cancelled' | 'interrupted'): Promise<void> {
    const run = this.running.get(job.id);
    if (run) {
      run.stopAs = as;
      run.controller.abort();
      await run.finished;
      return;
    }
    if (as !== 'interrupted') this.setState(job, as);
  }

  private launch(job: BackfillJob): void {
    if (this.running.has(job.id)) return;
    const run: RunningJob = { controller: new AbortController(), finished: Promise.resolve() };
    this.running.set(job.id, run);
    run.finished = this.runJob(job, run).finally(() => this.running.delete(job.id));
  }

  private async runJob(job: BackfillJob, run: RunningJob): Promise<void> {
    this.setState(job, 'running');
    const { request } = job;
    for (const chunk of job.chunks) {
      if (chunk.state === 'done') continue;
      if (run.controller.signal.aborted) break;
      try {
        const provider = this.historyProvider(request.provider);
        const result = await provider.history!({
          symbol: request.symbol,
          instrumentId: request.instrumentId,
          spec: request.spec,
          startMs: chunk.startMs,
          endMs: chunk.endMs,
          signal: run.controller.signal,
        });
        if (run.controller.signal.aborted) break; // a result that lands after pause is fetched again on resume
        chunk.bars = await this.options.sink.writeBars(request.instrumentId, request.spec, result.bars);
        chunk.state = 'done';
        job.barsWritten += chunk.bars;
        const settled = settledRange(chunk, request.spec, this.clock.now());
        if (settled) this.options.store.addCoverage(request.instrumentId, request.spec, settled);
        this.persist(job);
      } catch (error) {
        if (run.controller.signal.aborted) break;
        chunk.state = 'failed';
        job.error = NwsError.from(error).message;
        this.setState(job, 'failed');
        return;
      }
    }
    if (run.stopAs === 'interrupted') return; // saved state stays 'running' for restore()
    if (run.stopAs) this.setState(job, run.stopAs);
    else this.setState(job, 'done');
  }

  private historyProvider(id: ProviderId): MarketDataProvider {
    const provider = this.options.providers.get(id);
    if (!provider) throw new NwsError(ErrorCode.InvalidArgument, `provider ${id} is not enabled; switch it on in Settings → Providers`);
    if (!provider.history || !provider.historyLimits) throw new NwsError(ErrorCode.InvalidArgument, `${provider.displayName} has no bar history to backfill from`);
    return provider;
  }

  private job(id: string): BackfillJob {
    // Every step is saved before the next, so the stored copy is the truth; only the run loop writes it.
    const job = this.options.store.get(id);
    if (!job) throw new NwsError(ErrorCode.NotFound, `no backfill job "${id}"`);
    return job;
  }

  private setState(job: BackfillJob, state: BackfillState): void {
    job.state = state;
    this.persist(job);
  }

  private persist(job: BackfillJob): void {
    job.updatedAt = this.clock.now();
    this.options.store.save(job);
    this.options.onProgress?.(backfillStatus(job));
  }
}

function illegal(job: BackfillJob, action: string): NwsError {
  return new NwsError(ErrorCode.IllegalTransition, `cannot ${action} backfill job ${job.id}: it is ${job.state}`);
}
