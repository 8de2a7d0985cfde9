// Protocol handlers of the features engine: compute indicator sets over stored bars in the worker
// pool and store them (features.compute), read stored values back (features.values), list them.
import { randomUUID } from 'node:crypto';
import { topics, type MessageBus, type HandlerParams, type HandlerResult } from '@nws/core';
import {
  FEATURES_COMPUTE_SET_TASK,
  FEATURES_COMPUTE_SET_TASK_MODULE,
  FeatureService,
  type IndicatorSetRequest,
  type IndicatorSetResult,
} from '@nws/features';
import type { TimeSeriesStore } from '@nws/storage';
import { defineWorkerTask, type WorkerPool } from '../workers/worker-pool.js';

const computeSetTask = defineWorkerTask<IndicatorSetRequest, IndicatorSetResult>(FEATURES_COMPUTE_SET_TASK, FEATURES_COMPUTE_SET_TASK_MODULE);

export class FeatureHandlers {
  private readonly service: FeatureService;

  constructor(
    private readonly timeSeries: () => TimeSeriesStore,
    workers: WorkerPool,
    private readonly bus: MessageBus,
  ) {
    const stores = {
      get timeSeries(): TimeSeriesStore {
        return timeSeries();
      },
    };
    this.service = new FeatureService({ stores, runTask: (request) => workers.run(computeSetTask, request) });
  }

  /** Computes in the worker pool and stores; progress goes to `jobs.<jobId>.progress`. */
  async compute(params: HandlerParams<'features.compute'>): Promise<HandlerResult<'features.compute'>> {
    const { jobId: requestedJobId, ...request } = params;
    const jobId = requestedJobId ?? `features-${randomUUID()}`;
    const publish = (state: 'running' | 'done' | 'failed', done: number, total: number, message: string) =>
      this.bus.publish(topics.jobProgress(jobId), { jobId, state, done, total, message, ts: Date.now() });
    try {
      const result = await this.service.computeAndStore(request, (progress) =>
        publish(progress.phase === 'done' ? 'done' : 'running', progress.done, progress.total, `${progress.phase} ${request.instrumentId} ${request.barType}`),
      );
      return { jobId, ...result };
    } catch (error) {
      publish('failed', 0, 1, (error as Error).message);
      throw error;
    }
  }

  /** Stored values as JSON: timestamps in epoch ms, `null` during warm-up. */
  async values(params: HandlerParams<'features.values'>): Promise<HandlerResult<'features.values'>> {
    const columns = await this.timeSeries().readIndicatorValues({
      instrumentId: params.instrumentId,
      barType: params.barType,
      key: params.key,
      ...(params.from === undefined ? {} : { fromUs: BigInt(params.from) * 1000n }),
      ...(params.to === undefined ? {} : { toUs: BigInt(params.to) * 1000n }),
    });
    const outputs: Record<string, Array<number | null>> = {};
    for (const [name, values] of Object.entries(columns.outputs)) outputs[name] = Array.from(values, (value) => (Number.isNaN(value) ? null : value));
    return {
      instrumentId: columns.instrumentId,
      barType: columns.barType,
      key: columns.key,
      indicator: columns.indicator,
      params: { ...columns.params },
      ts: Array.from(columns.tsUs, (us) => Number(us / 1000n)),
      outputs,
    };
  }

  async list(): Promise<HandlerResult<'features.list'>> {
    const stored = await this.timeSeries().listIndicatorValues();
    return {
      values: stored.map((info) => ({
        instrumentId: info.instrumentId,
        barType: info.barType,
        key: info.key,
        indicator: info.indicator,
        params: { ...info.params },
        outputs: [...info.outputs],
        rows: info.rows,
        firstTs: Number(info.firstUs / 1000n),
        lastTs: Number(info.lastUs / 1000n),
      })),
    };
  }
}
