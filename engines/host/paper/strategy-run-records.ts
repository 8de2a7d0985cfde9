/**
 * A strategy run as the state store saves it (StrategyRunRecord) and as the protocol shows it
 * (StrategyRunView): the same fields, except that the record keeps the replay settings and the
 * view says in words what a restart did.
 */
import type { StrategyRunRecord } from '@nws/storage';
import { withoutUndefined } from '../handlers/handler-values.js';
import type { StrategyRunView } from './strategy-runner.js';

type ReplaySettings = NonNullable<StrategyRunRecord['replay']>;

export function recordOfRun(view: StrategyRunView, replay?: ReplaySettings): StrategyRunRecord {
  return {
    runId: view.strategyRunId,
    strategy: view.strategy,
    params: view.params as StrategyRunRecord['params'],
    instrumentIds: [...view.instrumentIds],
    barType: view.barType,
    ...(view.ticks === undefined ? {} : { ticks: [...view.ticks] }),
    source: view.source,
    // zod's strict record refuses `speed: undefined` from an optional spread.
    ...(replay === undefined ? {} : { replay: withoutUndefined(replay) as ReplaySettings }),
    ...(view.replayId === undefined ? {} : { replayId: view.replayId }),
    status: view.status,
    startedAt: view.startedAt,
    ...(view.stoppedAt === undefined ? {} : { stoppedAt: view.stoppedAt }),
    ...(view.resumedAt === undefined ? {} : { resumedAt: view.resumedAt }),
    ...(view.resumes === undefined ? {} : { resumes: view.resumes }),
    ...(view.error === undefined ? {} : { error: view.error }),
    bars: view.bars,
    ...(view.ticksSeen === undefined ? {} : { ticksSeen: view.ticksSeen }),
    orders: view.orders,
    openOrders: view.openOrders,
    fills: view.fills,
    realizedPnl: view.realizedPnl,
    unrealizedPnl: view.unrealizedPnl,
    totalPnl: view.totalPnl,
  };
}

/** A saved run of an earlier Host session, with its counters and P&L as last saved. */
export function viewOfRecord(record: StrategyRunRecord): StrategyRunView {
  return {
    strategyRunId: record.runId,
    strategy: record.strategy,
    params: { ...record.params },
    instrumentIds: [...record.instrumentIds],
    barType: record.barType,
    ...(record.ticks === undefined ? {} : { ticks: [...record.ticks] }),
    source: record.source,
    ...(record.replayId === undefined ? {} : { replayId: record.replayId }),
    status: record.status,
    startedAt: record.startedAt,
    ...(record.stoppedAt === undefined ? {} : { stoppedAt: record.stoppedAt }),
    ...(record.resumedAt === undefined ? {} : { resumedAt: record.resumedAt, note: 'resumed after restart' }),
    ...(record.resumes === undefined ? {} : { resumes: record.resumes }),
    bars: record.bars,
    ...(record.ticksSeen === undefined ? {} : { ticksSeen: record.ticksSeen }),
    orders: record.orders,
    openOrders: record.openOrders,
    fills: record.fills,
    realizedPnl: record.realizedPnl,
    unrealizedPnl: record.unrealizedPnl,
    totalPnl: record.totalPnl,
    ...(record.error === undefined ? {} : { error: record.error }),
  };
}
