import { z } from 'zod';
import type { EngineState } from '../bus/payloads.js';
import { orderRequestSchema } from '../domain/index.js';
import { TransportKinds } from './connection.js';
import { defineMethod, type CheckedMethodTable, type MethodDefinition } from './method-table.js';

/*
 * THE method table: every method the Host serves, with its params and result schemas.
 * Client and handler types derive from it, so a method is added in one place:
 *   1. define its schemas and add an entry below (name `area.verb`),
 *   2. register a handler in the Host (`protocolServer.handle('area.verb', ...)`),
 *   3. call it: `client.call('area.verb', params)` is typed from the entry.
 */

const EpochMs = z.number().int().nonnegative();

/** The lifecycle every engine shares, as the bus publishes it on `engines.<name>.status`. */
export const engineStateSchema = z.enum(['ready', 'running', 'stopped', 'degraded', 'faulted', 'disposed']) satisfies z.ZodType<EngineState>;

const NoParams = z.strictObject({});

export const SystemHealth = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeMs: z.number().nonnegative(),
  startedAt: EpochMs,
  engines: z.array(z.object({ name: z.string(), status: engineStateSchema })),
  transport: z.enum(TransportKinds),
});
export type SystemHealth = z.infer<typeof SystemHealth>;

export const StoredInstrumentSummary = z.object({
  instrumentId: z.string(),
  name: z.string().optional(),
  sector: z.string().optional(),
  assetClass: z.string().optional(),
  series: z.array(z.object({ barType: z.string(), rows: z.int().nonnegative(), firstTs: z.number(), lastTs: z.number() })),
  totalRows: z.int().nonnegative(),
});
export type StoredInstrumentSummary = z.infer<typeof StoredInstrumentSummary>;

/** Most bars one `marketdata.bars` call answers (about 16 bytes × 6 columns each in JSON: well under a frame). */
export const maxBarsPerCall = 5_000;

export const BarColumnsResult = z.object({
  instrumentId: z.string(),
  barType: z.string(),
  ts: z.array(z.number()),
  open: z.array(z.number()),
  high: z.array(z.number()),
  low: z.array(z.number()),
  close: z.array(z.number()),
  volume: z.array(z.number()),
});
export type BarColumnsResult = z.infer<typeof BarColumnsResult>;

// ---- import, providers, backfill, search (served by the Host's MarketDataService) ----

/**
 * Largest file the UI may send inline to `marketdata.import` (decoded bytes). Base64 grows it by a
 * third, so one such file fits the default 1 MiB frame; larger files go through `nws import`.
 */
export const maxImportUploadBytes = 700 * 1024;

/** Market-data providers by id (copied from @nws/marketdata ProviderIds: core cannot import engines). */
export const MarketDataProviderId = z.enum(['yahoo', 'alphavantage', 'fred', 'edgar', 'datagov', 'tradingeconomics', 'dbnomics', 'ibkr']);
export type MarketDataProviderId = z.infer<typeof MarketDataProviderId>;

const ImportUpload = z.strictObject({
  name: z.string().trim().min(1).max(255),
  contentBase64: z.string().max(Math.ceil(maxImportUploadBytes / 3) * 4, `file is larger than ${maxImportUploadBytes / 1024} KiB: import it with \`nws import\``),
});

export const ImportQualityIssue = z.object({
  row: z.number(),
  column: z.string(),
  value: z.string(),
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
});
export type ImportQualityIssue = z.infer<typeof ImportQualityIssue>;

export const ImportFileResultView = z.object({
  /** The uploaded file's name, or the path given. */
  file: z.string(),
  status: z.enum(['imported', 'checked', 'rejected', 'failed']),
  format: z.string().optional(),
  layout: z.string().optional(),
  instrumentId: z.string().optional(),
  barType: z.string().optional(),
  rowsRead: z.number(),
  rowsWritten: z.number(),
  replaced: z.number(),
  firstTs: z.number().optional(),
  lastTs: z.number().optional(),
  report: z.object({ issues: z.array(ImportQualityIssue), counts: z.record(z.string(), z.number()), errors: z.number(), warnings: z.number() }),
  /** With `repair`: the rows dropped or fixed (the first ones listed, all counted). */
  repairs: z.object({ actions: z.array(z.object({ row: z.number(), rule: z.string(), action: z.enum(['dropped', 'fixed']), detail: z.string() })), dropped: z.number(), fixed: z.number() }).optional(),
  notes: z.array(z.string()),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type ImportFileResultView = z.infer<typeof ImportFileResultView>;

export const SymbolMatchView = z.object({
  source: z.string(),
  kind: z.string(),
  symbol: z.string(),
  name: z.string(),
  instrumentId: z.string().optional(),
  exchange: z.string().optional(),
  assetType: z.string().optional(),
  currency: z.string().optional(),
  region: z.string().optional(),
  score: z.number().optional(),
});
export type SymbolMatchView = z.infer<typeof SymbolMatchView>;

export const ProviderView = z.object({
  id: MarketDataProviderId,
  name: z.string(),
  enabled: z.boolean(),
  /** Whether the provider takes an API key at all. */
  takesKey: z.boolean(),
  /** Whether a key is stored; the key itself is never sent. */
  keyPresent: z.boolean(),
  baseUrl: z.string().optional(),
  health: z
    .object({ status: z.enum(['up', 'degraded', 'down', 'unconfigured']), checkedAt: EpochMs, latencyMs: z.number().optional(), message: z.string().optional() })
    .optional(),
});
export type ProviderView = z.infer<typeof ProviderView>;

export const BackfillStatusView = z.object({
  id: z.string(),
  request: z.object({ provider: z.string(), symbol: z.string(), instrumentId: z.string(), spec: z.string(), startMs: z.number(), endMs: z.number() }),
  state: z.enum(['queued', 'running', 'paused', 'done', 'failed', 'cancelled']),
  totalChunks: z.number(),
  doneChunks: z.number(),
  barsWritten: z.number(),
  skippedRanges: z.number(),
  progress: z.number(),
  error: z.string().optional(),
  updatedAt: z.number(),
});
export type BackfillStatusView = z.infer<typeof BackfillStatusView>;

const BackfillJobIdParams = z.strictObject({ id: z.string().min(1).max(128) });

const LayoutName = z.string().trim().min(1, 'layout name must not be empty').max(80, 'layout name is longer than 80 characters');
/** A dashboard layout as the renderer wrote it: a JSON object the Host stores without reading. */
const LayoutDocument = z.record(z.string(), z.unknown());

export const SavedLayout = z.object({ name: z.string(), updatedAt: EpochMs, layout: LayoutDocument });
export type SavedLayout = z.infer<typeof SavedLayout>;

/** Longest text `system.echo` accepts; the frame limit usually bites first. */
export const maxEchoTextLength = 1_048_576;

// ---- paper trading and risk (served by the Host's PaperTrading) ----

/** An order as the Host reports it: core's Order (its request fields and state), extra fields kept. */
export const OrderView = z.looseObject({
  clientOrderId: z.string(),
  instrumentId: z.string(),
  strategyId: z.string(),
  type: z.string(),
  side: z.enum(['BUY', 'SELL']),
  quantity: z.number(),
  status: z.string(),
  filledQty: z.number(),
  leavesQty: z.number(),
  avgFillPrice: z.number().optional(),
  reason: z.string().optional(),
  tsInit: z.number(),
  tsLast: z.number(),
});
export type OrderView = z.infer<typeof OrderView>;

/** A netted position as core's Position. */
export const PositionView = z.looseObject({
  id: z.string(),
  instrumentId: z.string(),
  netQty: z.number(),
  side: z.string(),
  avgOpenPrice: z.number(),
  realizedPnl: z.number(),
  fillCount: z.number(),
  tsLast: z.number(),
});
export type PositionView = z.infer<typeof PositionView>;

/** Copied from @nws/risk killSwitchStatusSchema (core cannot import engines). */
export const KillSwitchStatus = z.object({
  engaged: z.boolean(),
  reason: z.string().optional(),
  engagedAt: z.number().optional(),
  flatten: z.boolean().optional(),
  rearmedAt: z.number().optional(),
  rearmedBy: z.string().optional(),
});
export type KillSwitchStatus = z.infer<typeof KillSwitchStatus>;

export const LimitUtilisationView = z.object({
  id: z.string(),
  type: z.string(),
  action: z.string(),
  /** The limit's stored configuration (type-specific fields). */
  config: z.record(z.string(), z.unknown()),
  /** value / threshold (1 = at the limit); null when the limit has no reading yet. */
  utilisation: z.number().nullable(),
  level: z.enum(['ok', 'warning', 'breach']).nullable(),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
});
export type LimitUtilisationView = z.infer<typeof LimitUtilisationView>;

const ClientOrderIdParam = z.string().min(1).max(64);

const tableEntries = {
  'system.health': defineMethod({
    description: 'Host status: version, uptime, each engine and its lifecycle state, the caller\'s transport.',
    params: NoParams,
    result: SystemHealth,
  }),
  'system.ping': defineMethod({
    description: 'Round trip with no work; answers the server clock (epoch ms).',
    params: NoParams,
    result: z.object({ ts: EpochMs }),
  }),
  'system.echo': defineMethod({
    description: 'Answers `text` repeated `times` times after `delayMs`; for transport, timeout and concurrency tests.',
    params: z.strictObject({
      text: z.string().max(maxEchoTextLength),
      times: z.int().min(1).max(16).default(1),
      delayMs: z.int().min(0).max(60_000).default(0),
    }),
    result: z.object({ text: z.string() }),
  }),
  'marketdata.instruments': defineMethod({
    description: 'Every stored instrument with its bar series, row counts and time spans (what `nws instruments` lists).',
    params: NoParams,
    result: z.object({ instruments: z.array(StoredInstrumentSummary) }),
  }),
  'marketdata.bars': defineMethod({
    description: 'Bars of one stored series as columns (oldest first); `ts` is each bar\'s open time in epoch ms. With `limit`, the latest bars of the range.',
    params: z.strictObject({
      instrumentId: z.string().min(3).max(128),
      barType: z.string().min(2).max(16).default('1d'),
      from: EpochMs.optional(),
      to: EpochMs.optional(),
      limit: z.int().min(1).max(maxBarsPerCall).default(1_000),
    }),
    result: BarColumnsResult,
  }),
  'marketdata.import': defineMethod({
    description: 'Imports bar files (CSV, gzipped CSV, Parquet) with quality checks: `files` sent inline (each ≤ maxImportUploadBytes) or `paths` on the Host. Per-file result with the quality report; a rejected file writes nothing. Progress on `jobs.<jobId>.progress`.',
    params: z
      .strictObject({
        files: z.array(ImportUpload).min(1).max(16).optional(),
        paths: z.array(z.string().min(1).max(4096)).min(1).max(1000).optional(),
        symbol: z.string().trim().min(1).max(64).optional(),
        bar: z.string().min(2).max(16).optional(),
        tz: z.string().min(1).max(64).optional(),
        adjust: z.boolean().default(false),
        repair: z.boolean().default(false),
        dryRun: z.boolean().default(false),
        /** Chosen by the caller so it can subscribe to progress before calling. */
        jobId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'job id: 1–64 letters, digits, _ or -').optional(),
      })
      .refine((params) => (params.files === undefined) !== (params.paths === undefined), { message: 'give either files or paths', path: ['files'] }),
    result: z.object({ jobId: z.string(), files: z.array(ImportFileResultView), imported: z.number(), checked: z.number(), rejected: z.number(), failed: z.number() }),
  }),
  'marketdata.search': defineMethod({
    description: 'Unified symbol search: stored instruments first, then every enabled provider that searches; a provider that fails is listed in `failures`.',
    params: z.strictObject({ query: z.string().max(100), limit: z.int().min(1).max(100).default(25) }),
    result: z.object({ matches: z.array(SymbolMatchView), failures: z.array(z.object({ source: z.string(), message: z.string() })) }),
  }),
  'providers.list': defineMethod({
    description: 'Every market-data provider: enabled, whether a key is stored (never the key), base URL, and with `health` the health of the enabled ones.',
    params: z.strictObject({ health: z.boolean().default(false) }),
    result: z.object({ providers: z.array(ProviderView) }),
  }),
  'providers.configure': defineMethod({
    description: 'Switches a provider on or off, sets its base URL, stores (or with null deletes) its API key in the secret store. Answers the provider as providers.list shows it.',
    params: z.strictObject({
      provider: MarketDataProviderId,
      enabled: z.boolean().optional(),
      baseUrl: z.url({ protocol: /^https?$/ }).optional(),
      apiKey: z.string().trim().min(1).max(512).nullable().optional(),
    }),
    result: ProviderView,
  }),
  'backfill.start': defineMethod({
    description: 'Starts a backfill job: history of one series over [startMs, endMs) from a provider, split into allowed requests, skipping what is stored. Progress on `jobs.<id>.progress`.',
    params: z.strictObject({
      provider: MarketDataProviderId,
      symbol: z.string().trim().min(1).max(64),
      instrumentId: z.string().min(3).max(128),
      spec: z.string().min(2).max(16),
      startMs: z.int(),
      endMs: z.int(),
    }),
    result: BackfillStatusView,
  }),
  'backfill.list': defineMethod({
    description: 'Every backfill job (oldest first) with its state and progress.',
    params: NoParams,
    result: z.object({ jobs: z.array(BackfillStatusView) }),
  }),
  'backfill.pause': defineMethod({
    description: 'Pauses a queued or running backfill job after abandoning the request in flight.',
    params: BackfillJobIdParams,
    result: BackfillStatusView,
  }),
  'backfill.resume': defineMethod({
    description: 'Resumes a paused or failed backfill job from the next request not done.',
    params: BackfillJobIdParams,
    result: BackfillStatusView,
  }),
  'backfill.cancel': defineMethod({
    description: 'Cancels a backfill job that has not finished; bars already written stay.',
    params: BackfillJobIdParams,
    result: BackfillStatusView,
  }),
  'layouts.list': defineMethod({
    description: 'Every saved dashboard layout of the desktop app (name, document, last save), by name.',
    params: NoParams,
    result: z.object({ layouts: z.array(SavedLayout) }),
  }),
  'layouts.save': defineMethod({
    description: 'Creates or replaces the named dashboard layout; the renderer validates the document itself.',
    params: z.strictObject({ name: LayoutName, layout: LayoutDocument }),
    result: z.object({ name: z.string(), updatedAt: EpochMs }),
  }),
  'layouts.delete': defineMethod({
    description: 'Deletes the named dashboard layout; `deleted` is false when there was none.',
    params: z.strictObject({ name: LayoutName }),
    result: z.object({ deleted: z.boolean() }),
  }),
  'orders.submit': defineMethod({
    description: 'Submits one order to the paper venue (core OrderRequest); answers the Order, or INVALID_ORDER with the risk refusal or venue rejection, CONFLICT while the kill switch is engaged.',
    params: orderRequestSchema,
    result: OrderView,
  }),
  'orders.cancel': defineMethod({
    description: 'Asks the paper venue to cancel a working order; answers the order (PENDING_CANCEL or CANCELED).',
    params: z.strictObject({ clientOrderId: ClientOrderIdParam }),
    result: OrderView,
  }),
  'orders.list': defineMethod({
    description: 'Open paper orders (oldest first) and the latest finished ones (newest first, at most `recent`).',
    params: z.strictObject({ recent: z.int().min(0).max(1_000).optional() }),
    result: z.object({ open: z.array(OrderView), recent: z.array(OrderView) }),
  }),
  'positions.list': defineMethod({
    description: 'Paper positions that are open or have traded, netted per instrument.',
    params: NoParams,
    result: z.object({ positions: z.array(PositionView) }),
  }),
  'account.get': defineMethod({
    description: 'The paper account: balances, equity (cash + positions at last price), realised and unrealised P&L, the risk trading state.',
    params: NoParams,
    result: z.object({
      account: z.looseObject({ id: z.string(), type: z.string(), baseCurrency: z.string() }),
      equity: z.number(),
      cash: z.number(),
      realizedPnl: z.number(),
      unrealizedPnl: z.number(),
      tradingState: z.string(),
    }),
  }),
  'risk.kill': defineMethod({
    description: 'Kill switch: cancels every open order, optionally flattens every position, and refuses new orders until re-armed.',
    params: z.strictObject({ reason: z.string().max(500).optional(), flatten: z.boolean().default(false) }),
    result: z.object({ status: KillSwitchStatus, canceledOrders: z.int().nonnegative(), flattened: z.array(z.string()) }),
  }),
  'risk.rearm': defineMethod({
    description: 'Re-arms the kill switch: new orders are allowed again; `by` names the person in the audit log.',
    params: z.strictObject({ by: z.string().trim().min(1).max(200) }),
    result: KillSwitchStatus,
  }),
  'risk.killStatus': defineMethod({
    description: 'Whether the kill switch is engaged, since when and why.',
    params: NoParams,
    result: KillSwitchStatus,
  }),
  'risk.limits': defineMethod({
    description: 'Every pre-trade limit of the paper account with its current utilisation.',
    params: NoParams,
    result: z.object({ limits: z.array(LimitUtilisationView) }),
  }),
  'features.compute': defineMethod({
    description:
      'Computes a set of indicators over a stored bar series in the worker pool and stores the values in DuckDB; progress on `jobs.<jobId>.progress`.',
    params: z.strictObject({
      instrumentId: z.string().min(1),
      barType: z.string().min(1),
      indicators: z
        .array(
          z.strictObject({
            name: z.string().min(1),
            params: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
            key: z.string().min(1).max(100).optional(),
            source: z.enum(['open', 'high', 'low', 'close', 'volume']).optional(),
          }),
        )
        .min(1)
        .max(100),
      from: EpochMs.optional(),
      to: EpochMs.optional(),
      jobId: z.string().min(1).max(100).optional(),
    }),
    result: z.object({
      jobId: z.string(),
      instrumentId: z.string(),
      barType: z.string(),
      bars: z.int().nonnegative(),
      keys: z.array(z.string()),
      rows: z.int().nonnegative(),
      replaced: z.int().nonnegative(),
    }),
  }),
  'features.values': defineMethod({
    description: 'Stored values of one indicator key: timestamps in epoch ms, `null` during warm-up.',
    params: z.strictObject({ instrumentId: z.string().min(1), barType: z.string().min(1), key: z.string().min(1), from: EpochMs.optional(), to: EpochMs.optional() }),
    result: z.object({
      instrumentId: z.string(),
      barType: z.string(),
      key: z.string(),
      indicator: z.string(),
      params: z.record(z.string(), z.number()),
      ts: z.array(z.number()),
      outputs: z.record(z.string(), z.array(z.number().nullable())),
    }),
  }),
  'features.list': defineMethod({
    description: 'Every stored indicator key with its outputs, row count and time span.',
    params: NoParams,
    result: z.object({
      values: z.array(
        z.object({
          instrumentId: z.string(),
          barType: z.string(),
          key: z.string(),
          indicator: z.string(),
          params: z.record(z.string(), z.number()),
          outputs: z.array(z.string()),
          rows: z.int().nonnegative(),
          firstTs: z.number(),
          lastTs: z.number(),
        }),
      ),
    }),
  }),
} as const;

export const methods: CheckedMethodTable<typeof tableEntries> = Object.freeze(tableEntries);

export type MethodTable = typeof tableEntries;
export type MethodName = keyof MethodTable & string;

/** What a caller sends (schema input: defaulted fields may be omitted). */
export type MethodParams<M extends MethodName> = z.input<MethodTable[M]['params']>;
/** What a handler receives (schema output: defaults applied). */
export type HandlerParams<M extends MethodName> = z.output<MethodTable[M]['params']>;
/** What a handler returns. */
export type HandlerResult<M extends MethodName> = z.input<MethodTable[M]['result']>;
/** What a caller receives. */
export type MethodResult<M extends MethodName> = z.output<MethodTable[M]['result']>;

export const methodNames: ReadonlyArray<MethodName> = Object.freeze(Object.keys(tableEntries) as MethodName[]);

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(tableEntries, name);
}

export function methodDefinition(name: MethodName): MethodDefinition {
  return tableEntries[name];
}
