// The Strategies page's view of the Host's strategy methods (`strategies.catalogue`, `.start`,
// `.stop`, `.list`). Answers are also read leniently (the usual alternative field names are
// accepted), so the page keeps working while the Host side of these methods settles.
import { z } from 'zod';
import type { HostClient } from '../../connection/host-client.js';
import { isUnknownMethod } from '../../widgets/use-host-query.js';

const paramSchema = z.looseObject({
  name: z.string(),
  type: z.enum(['int', 'number', 'boolean', 'enum']).catch('number'),
  default: z.union([z.number(), z.boolean(), z.string()]).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().optional(),
  values: z.array(z.string()).optional(),
  description: z.string().optional(),
});
export type StrategyParam = z.infer<typeof paramSchema>;

const catalogueEntrySchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  instruments: z.object({ min: z.number(), max: z.number() }).optional(),
  params: z.array(paramSchema).default([]),
});
export type CatalogueEntry = z.infer<typeof catalogueEntrySchema>;

export interface Catalogue {
  strategies: CatalogueEntry[];
  /** Which method answered: the paper-trading catalogue, or the backtester's while it is missing. */
  source: 'strategies.catalogue' | 'backtest.strategies';
}

export async function loadCatalogue(client: HostClient): Promise<Catalogue> {
  try {
    return { strategies: parseCatalogue(await client.call('strategies.catalogue')), source: 'strategies.catalogue' };
  } catch (error) {
    if (!isUnknownMethod(error)) throw error;
    return { strategies: parseCatalogue(await client.call('backtest.strategies')), source: 'backtest.strategies' };
  }
}

export function parseCatalogue(answer: unknown): CatalogueEntry[] {
  const list = Array.isArray(answer) ? answer : ((answer as { strategies?: unknown } | null)?.strategies ?? []);
  return z.array(catalogueEntrySchema).parse(list);
}

export type ParamValue = number | boolean | string;

/** The declared defaults, the starting point of the form. */
export function defaultParams(entry: CatalogueEntry): Record<string, ParamValue> {
  const values: Record<string, ParamValue> = {};
  for (const param of entry.params) if (param.default !== undefined) values[param.name] = param.default;
  return values;
}

/** Every problem of a filled form at once (`fast: must be at most 200; …`), or an empty list. */
export function checkParams(entry: CatalogueEntry, values: Record<string, ParamValue>): string[] {
  const problems: string[] = [];
  for (const param of entry.params) {
    const value = values[param.name];
    if (param.type === 'int' || param.type === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${param.name}: must be a number`);
      else if (param.type === 'int' && !Number.isInteger(value)) problems.push(`${param.name}: must be a whole number`);
      else if (param.min !== undefined && value < param.min) problems.push(`${param.name}: must be at least ${param.min}`);
      else if (param.max !== undefined && value > param.max) problems.push(`${param.name}: must be at most ${param.max}`);
    } else if (param.type === 'enum' && !(param.values ?? []).includes(String(value))) {
      problems.push(`${param.name}: must be one of ${(param.values ?? []).join(', ')}`);
    }
  }
  return problems;
}

/** Replay speed: times the data's own pace, or 'max' (as fast as the Host can). */
export const REPLAY_SPEEDS = [1, 10, 100, 1000, 'max'] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

export interface StartRequest {
  strategy: string;
  params: Record<string, ParamValue>;
  instrumentIds: string[];
  /** The bars to trade, or `ticks` for a replay of stored ticks. */
  barType?: string;
  ticks?: Array<'quotes' | 'trades'>;
  source: 'live' | 'replay';
  replay?: { from: number; to: number; speed: ReplaySpeed };
}

export async function startStrategy(client: HostClient, request: StartRequest): Promise<string> {
  return (await client.call('strategies.start', request)).strategyRunId;
}

export async function stopStrategy(client: HostClient, strategyRunId: string): Promise<void> {
  await client.call('strategies.stop', { strategyRunId });
}

export async function listRuns(client: HostClient): Promise<StrategyRunRow[]> {
  return parseRuns(await client.call('strategies.list'));
}

const runSchema = z.looseObject({
  strategyRunId: z.string(),
  strategy: z.string().catch('?'),
  status: z.string().catch('unknown'),
  instrumentIds: z.array(z.string()).catch([]),
  source: z.string().optional(),
  barType: z.string().optional(),
  ticks: z.array(z.string()).optional(),
  startedAt: z.number().optional(),
  stoppedAt: z.number().optional(),
  resumedAt: z.number().optional(),
});

export interface StrategyRunRow {
  strategyRunId: string;
  strategy: string;
  status: string;
  instrumentIds: string[];
  source: string | undefined;
  /** What it trades on: a bar type (`1m`), or the tick kinds of a tick replay (`quotes + trades ticks`). */
  data: string | undefined;
  startedAt: number | undefined;
  stoppedAt: number | undefined;
  /** When the Host resumed this live run after a restart (epoch ms). */
  resumedAt: number | undefined;
  orders: number | undefined;
  fills: number | undefined;
  pnl: number | undefined;
  /** Why a run stopped on its own (error or end of replay), when the Host says. */
  message: string | undefined;
}

function numberAt(source: Record<string, unknown>, ...paths: string[][]): number | undefined {
  for (const path of paths) {
    let value: unknown = source;
    for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

/** The runs in a `strategies.list` answer, running first, then newest first. */
export function parseRuns(answer: unknown): StrategyRunRow[] {
  const list = Array.isArray(answer) ? answer : ((answer as { runs?: unknown; strategies?: unknown } | null)?.runs ?? (answer as { strategies?: unknown } | null)?.strategies ?? []);
  const rows = z
    .array(runSchema)
    .parse(list)
    .map((run) => {
      const raw = run as Record<string, unknown>;
      return {
        strategyRunId: run.strategyRunId,
        strategy: run.strategy,
        status: run.status,
        instrumentIds: run.instrumentIds,
        source: run.source,
        data: run.ticks === undefined ? run.barType : `${run.ticks.join(' + ')} ticks`,
        startedAt: run.startedAt,
        stoppedAt: run.stoppedAt,
        resumedAt: run.resumedAt,
        orders: numberAt(raw, ['orders'], ['orderCount'], ['stats', 'orders']),
        fills: numberAt(raw, ['fills'], ['fillCount'], ['stats', 'fills']),
        pnl: numberAt(raw, ['pnl'], ['totalPnl'], ['pnl', 'total'], ['realizedPnl']),
        message: typeof raw['error'] === 'string' ? raw['error'] : typeof raw['reason'] === 'string' ? raw['reason'] : undefined,
      };
    });
  const running = (row: StrategyRunRow) => (/running|starting/i.test(row.status) ? 0 : 1);
  return rows.sort((a, b) => running(a) - running(b) || (b.startedAt ?? 0) - (a.startedAt ?? 0));
}
