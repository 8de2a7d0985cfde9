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
  /** The Host's data directory (absolute path), so Settings can show where everything is stored. */
  dataDir: z.string().optional(),
});
export type SystemHealth = z.infer<typeof SystemHealth>;

export const StoredInstrumentSummary = z.object({
  instrumentId: z.string(),
  name: z.string().optional(),
  sector: z.string().optional(),
  assetClass: z.string().optional(),
  series: z.array(z.object({ barType: z.string(), rows: z.int().nonnegative(), firstTs: z.number(), lastTs: z.number() })),
  /** Stored quote and trade ticks (a backtest can step over them). */
  ticks: z.array(z.object({ kind: z.enum(['quotes', 'trades']), rows: z.int().nonnegative(), firstTs: z.number(), lastTs: z.number() })).default([]),
  /** Bars over every series (ticks are not counted). */
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
  /** Present when some bar in the answer has one; null for a bar without. */
  openInterest: z.array(z.number().nullable()).optional(),
  /** Close adjusted for splits and dividends (Yahoo's Adj Close), when stored; null for a bar without. */
  adjClose: z.array(z.number().nullable()).optional(),
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
  /** Tick files: `quotes` or `trades` (they have no bar type). */
  ticks: z.enum(['quotes', 'trades']).optional(),
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
  /** Daily-loss limits: probability of reaching the limit before the session ends (docs/risk.md, breach forecast). */
  breachProbability: z.number().min(0).max(1).optional(),
});
export type LimitUtilisationView = z.infer<typeof LimitUtilisationView>;

const ClientOrderIdParam = z.string().min(1).max(64);

// ---- Interactive Brokers (served by the Host's IbkrService, engines/host/ibkr) ----

export const IbkrConnectionStateView = z.enum(['disconnected', 'connecting', 'connected', 'degraded']);

/** The IBKR connection as Settings shows it: the stored settings and the live state. */
export const IbkrStatusView = z.object({
  state: IbkrConnectionStateView,
  /** Whether the Host connects on start (stored setting). */
  enabled: z.boolean(),
  host: z.string(),
  port: z.number(),
  clientId: z.number(),
  platform: z.enum(['tws', 'gateway']),
  mode: z.enum(['paper', 'live']),
  /** Live mode was confirmed explicitly in Settings (stored with the settings). */
  liveConfirmed: z.boolean(),
  accounts: z.array(z.string()),
  serverVersion: z.number().optional(),
  lastError: z.string().optional(),
  /** IB's market-data type: live, or delayed when there is no subscription. */
  marketDataType: z.enum(['live', 'frozen', 'delayed', 'delayed-frozen']).optional(),
  updatedAt: EpochMs,
});
export type IbkrStatusView = z.infer<typeof IbkrStatusView>;

const IbCode = z.string().trim().min(1).max(12).regex(/^[A-Za-z0-9]+$/, 'letters and digits only');
const IbExpiry = z.string().regex(/^\d{6}(\d{2})?$/, 'yyyymm or yyyymmdd');
/** An IB contract given explicitly (else the instrument id's venue says the kind; docs/ibkr.md). */
const IbkrContractParam = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.enum(['stock', 'etf']), symbol: IbCode, exchange: IbCode.optional(), currency: IbCode.optional() }),
  z.strictObject({ kind: z.literal('future'), symbol: IbCode, exchange: IbCode, currency: IbCode.optional(), expiry: IbExpiry.optional() }),
  z.strictObject({ kind: z.literal('option'), symbol: IbCode, expiry: IbExpiry, strike: z.number().positive(), right: z.enum(['C', 'P']), currency: IbCode.optional() }),
  z.strictObject({ kind: z.literal('forex'), base: z.string().regex(/^[A-Z]{3}$/), quote: z.string().regex(/^[A-Z]{3}$/) }),
]);
export type IbkrContractParam = z.infer<typeof IbkrContractParam>;
const IbkrMarketDataView = z.object({
  subscriptions: z.array(z.object({ instrumentId: z.string(), depth: z.boolean(), bars: z.boolean(), delayed: z.boolean(), lastQuoteTs: EpochMs.optional() })),
});

/** One entry of the alerts feed (core `Alert`, as published on `alerts.<source>`). */
export const AlertView = z.object({
  source: z.string(),
  severity: z.enum(['info', 'warning', 'error', 'critical']),
  kind: z.string(),
  message: z.string(),
  ts: EpochMs,
  code: z.number().optional(),
  clientOrderId: z.string().optional(),
  instrumentId: z.string().optional(),
});
export type AlertView = z.infer<typeof AlertView>;

/** A paper fill as core's Fill. */
export const FillView = z.looseObject({
  clientOrderId: z.string(),
  tradeId: z.string(),
  instrumentId: z.string(),
  side: z.enum(['BUY', 'SELL']),
  qty: z.number(),
  price: z.number(),
  commission: z.number(),
  ts: z.number(),
});
export type FillView = z.infer<typeof FillView>;

/** One limit's verdict on a proposed order (`risk.precheck`). */
export const PrecheckLimitResult = z.object({
  /** The limit id (`max-order-notional`, or `trading-state` / `instrument` for the engine's own gates). */
  limit: z.string(),
  type: z.string(),
  ok: z.boolean(),
  reason: z.string().optional(),
  /** What the limit would read with the order filled, over its threshold (1 = at the limit), where it can tell. */
  utilisationAfter: z.number().optional(),
});
export type PrecheckLimitResult = z.infer<typeof PrecheckLimitResult>;

/** A stored limit level change of the breach monitor (warning, breach, cleared). */
export const BreachView = z.object({
  ts: z.number(),
  limitId: z.string(),
  limitType: z.string(),
  level: z.enum(['ok', 'warning', 'breach']),
  previousLevel: z.string(),
  severity: z.string(),
  utilisation: z.number().nullable(),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  subject: z.string().optional(),
  actionTaken: z.string(),
});
export type BreachView = z.infer<typeof BreachView>;

const PositiveFinite = z.number().positive().refine(Number.isFinite, 'must be a finite number');
/** A change to a working order (paper `orders.modify` and `ibkr.orders.modify`): at least one field. */
const OrderModifyParams = z
  .strictObject({ clientOrderId: ClientOrderIdParam, quantity: PositiveFinite.optional(), price: PositiveFinite.optional(), triggerPrice: PositiveFinite.optional() })
  .refine((params) => params.quantity !== undefined || params.price !== undefined || params.triggerPrice !== undefined, { message: 'give quantity, price or triggerPrice', path: ['quantity'] });

// ---- backtests (served by the Host's BacktestService) ----

const BacktestJobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'job id: 1–64 letters, digits, _ or -');
const BacktestRunId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'run id: 1–100 letters, digits, _ or -');
const BacktestParamValue = z.union([z.number(), z.boolean(), z.string()]);

/** A strategy's declared parameter, as `backtest.strategies` lists it. */
export const StrategyParamView = z.object({
  name: z.string(),
  type: z.enum(['int', 'number', 'boolean', 'enum']),
  default: BacktestParamValue,
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().optional(),
  values: z.array(z.string()).optional(),
  description: z.string(),
});
export type StrategyParamView = z.infer<typeof StrategyParamView>;

const TickKind = z.enum(['quotes', 'trades']);

/**
 * The data and settings of a run or sweep: stored series by `instrumentIds` (one bar type, or
 * with `ticks` the stored quotes and/or trades, and one range) or `data` (each its own). A run
 * steps over bars or over ticks, never both.
 */
const BacktestRunRequest = z.strictObject({
  strategy: z.string().min(1).max(64),
  params: z.record(z.string(), BacktestParamValue).default({}),
  instrumentIds: z.array(z.string().min(3).max(128)).min(1).max(10).optional(),
  barType: z.string().min(2).max(16).default('1d'),
  /** With `instrumentIds`: step over these stored ticks of each instrument instead of `barType` bars. */
  ticks: z.array(TickKind).min(1).max(2).optional(),
  from: EpochMs.optional(),
  to: EpochMs.optional(),
  data: z
    .array(
      z.union([
        z.strictObject({ instrumentId: z.string().min(3).max(128), barType: z.string().min(2).max(16), from: EpochMs.optional(), to: EpochMs.optional() }),
        z.strictObject({ instrumentId: z.string().min(3).max(128), ticks: TickKind, from: EpochMs.optional(), to: EpochMs.optional() }),
      ]),
    )
    .min(1)
    .max(20)
    .optional(),
  cash: z.number().positive().max(1e15).default(100_000),
  commissionPct: z.number().min(0).max(100).default(0),
  fill: z.enum(['next-open', 'close']).default('next-open'),
  accountType: z.enum(['cash', 'margin']).default('cash'),
  /** Chosen by the caller so it can subscribe to `jobs.<jobId>.progress` before calling. */
  jobId: BacktestJobId.optional(),
});
const exactlyOneDataSource = (params: { instrumentIds?: unknown; data?: unknown }) => (params.instrumentIds === undefined) !== (params.data === undefined);
const dataSourceMessage = { message: 'give either instrumentIds (with barType, from, to) or data', path: ['instrumentIds'] };
const ticksWithInstrumentIds = (params: { ticks?: unknown; data?: unknown }) => params.ticks === undefined || params.data === undefined;
const ticksMessage = { message: 'ticks goes with instrumentIds; with data, give ticks in each item', path: ['ticks'] };

/** Statistics of a run by name (BacktestStatistics plus Sharpe, Sortino, ...); null where not finite (e.g. profit factor with no loss). */
const BacktestStatisticsView = z.record(z.string(), z.number().nullable());

export const BacktestRunView = z.object({
  runId: z.string(),
  createdTs: z.number(),
  finishedTs: z.number().nullable(),
  strategy: z.string(),
  params: z.record(z.string(), BacktestParamValue),
  data: z.unknown(),
  cash: z.number(),
  status: z.enum(['running', 'done', 'failed', 'canceled']),
  sweepId: z.string().optional(),
  statistics: BacktestStatisticsView.nullable(),
  error: z.string().nullable(),
});
export type BacktestRunView = z.infer<typeof BacktestRunView>;

const BacktestPage = <T extends z.ZodType>(item: T) => z.object({ total: z.int().nonnegative(), offset: z.int().nonnegative(), items: z.array(item) });

export const BacktestTradeView = z.object({
  instrumentId: z.string(),
  side: z.string(),
  quantity: z.number(),
  entryTs: z.number(),
  exitTs: z.number(),
  entryPrice: z.number(),
  exitPrice: z.number(),
  pnl: z.number(),
  commission: z.number(),
});
export type BacktestTradeView = z.infer<typeof BacktestTradeView>;

export const BacktestOrderView = z.object({
  clientOrderId: z.string(),
  instrumentId: z.string(),
  side: z.string(),
  type: z.string(),
  quantity: z.number(),
  price: z.number().nullable(),
  triggerPrice: z.number().nullable(),
  status: z.string(),
  filledQty: z.number(),
  avgFillPrice: z.number().nullable(),
  tsInit: z.number(),
  tsLast: z.number(),
  reason: z.string().nullable(),
});
export type BacktestOrderView = z.infer<typeof BacktestOrderView>;

export const BacktestFillView = z.object({
  ts: z.number(),
  clientOrderId: z.string(),
  instrumentId: z.string(),
  side: z.string(),
  quantity: z.number(),
  price: z.number(),
  commission: z.number(),
});
export type BacktestFillView = z.infer<typeof BacktestFillView>;

/** Most equity points `backtest.get` returns; longer curves are downsampled (min and max of each bucket kept). */
export const maxBacktestEquityPoints = 5_000;
/**
 * Most trades, orders and fills per `backtest.get` page. With 5,000 equity points (~360 KB of JSON)
 * and 500 each of orders (~330 B), trades (~220 B) and fills (~190 B) an answer stays near 730 KB,
 * under the 1 MiB frame.
 */
export const maxBacktestPageItems = 500;

const BacktestSweepRanges = z.record(
  z.string(),
  z.union([z.strictObject({ min: z.number(), max: z.number(), step: z.number().positive() }), z.array(z.union([z.number(), z.boolean(), z.string()])).min(1).max(1_000)]),
);

// ---- strategies and replays on the paper account (served by the Host's StrategyRuns) ----

const ReplaySpeedParam = z.union([z.literal('max'), z.number()]);
const ReplayIdParam = z.strictObject({ replayId: z.string().min(1).max(64).optional() });
/** Stored tick kinds a tick replay plays (instead of a bar type). */
const ReplayTicksParam = z.array(z.enum(['quotes', 'trades'])).min(1).max(2);

/** A replay of stored bars (or ticks) driving the paper account. */
export const ReplayStatusView = z.object({
  replayId: z.string(),
  state: z.enum(['queued', 'running', 'paused', 'done', 'cancelled', 'failed']),
  instrumentIds: z.array(z.string()),
  /** The bar spec, or `ticks` for a tick replay. */
  barType: z.string(),
  ticks: ReplayTicksParam.optional(),
  speed: ReplaySpeedParam,
  published: z.int().nonnegative(),
  total: z.int().nonnegative(),
  firstTs: z.number(),
  lastTs: z.number(),
  currentTs: z.number(),
  error: z.string().optional(),
});
export type ReplayStatusView = z.infer<typeof ReplayStatusView>;

/** One strategy run on the paper account, as `strategies.list` shows it. */
export const StrategyRunView = z.object({
  strategyRunId: z.string(),
  strategy: z.string(),
  params: z.record(z.string(), z.unknown()),
  instrumentIds: z.array(z.string()),
  /** The bar spec, or `ticks` for a run on a tick replay. */
  barType: z.string(),
  ticks: ReplayTicksParam.optional(),
  source: z.enum(['live', 'replay']),
  replayId: z.string().optional(),
  /** `interrupted`: the Host stopped during its replay (a replay run is not resumed after a restart). */
  status: z.enum(['running', 'stopped', 'finished', 'failed', 'interrupted']),
  startedAt: z.number(),
  stoppedAt: z.number().optional(),
  /** When a Host start last resumed this live run after a restart, how many times, and `note: 'resumed after restart'`. */
  resumedAt: z.number().optional(),
  resumes: z.int().nonnegative().optional(),
  note: z.string().optional(),
  /** A resumed run: the stored bars it warmed up on before its first live bar. */
  warmUpBars: z.int().nonnegative().optional(),
  bars: z.int().nonnegative(),
  /** Quotes and trades the strategy saw, on a tick replay. */
  ticksSeen: z.int().nonnegative().optional(),
  orders: z.int().nonnegative(),
  openOrders: z.int().nonnegative(),
  fills: z.int().nonnegative(),
  realizedPnl: z.number(),
  unrealizedPnl: z.number(),
  totalPnl: z.number(),
  error: z.string().optional(),
});
export type StrategyRunView = z.infer<typeof StrategyRunView>;

const ReplayRange = z.strictObject({ from: z.int().optional(), to: z.int().optional(), speed: ReplaySpeedParam.optional() });

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
    description: 'Bars of one series as columns (oldest first); `ts` is each bar\'s open time in epoch ms, in [from, to). With `limit`, the latest bars of the range. A step coarser than any stored one is resampled from a finer stored series (trading days per `session`).',
    params: z.strictObject({
      instrumentId: z.string().min(3).max(128),
      barType: z.string().min(2).max(16).default('1d'),
      from: EpochMs.optional(),
      to: EpochMs.optional(),
      limit: z.int().min(1).max(maxBarsPerCall).default(1_000),
      /** Trading-day boundaries when resampling: IANA zone and local day start `HH:MM` (default UTC, 00:00). */
      session: z.strictObject({ timeZone: z.string().min(1).max(64).optional(), dayStartsAt: z.string().max(5).optional() }).optional(),
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
        /** Venue for a symbol given without one (default LOCAL). */
        venue: z.string().trim().min(1).max(32).optional(),
        bar: z.string().min(2).max(16).optional(),
        tz: z.string().min(1).max(64).optional(),
        adjust: z.boolean().default(false),
        /** Stored bars inside a file's time span: replaced (default) or the file refused. */
        onOverlap: z.enum(['replace', 'reject']).default('replace'),
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
  'risk.report': defineMethod({
    description:
      'The risk report of the paper account (limits and utilisation, breaches, VaR/CVaR, exposures, stress) rendered as json, csv, html, pdf or xlsx; the file comes back base64-encoded.',
    params: z.strictObject({ format: z.enum(['json', 'csv', 'html', 'pdf', 'xlsx']) }),
    result: z.object({ format: z.enum(['json', 'csv', 'html', 'pdf', 'xlsx']), fileName: z.string(), mime: z.string(), contentBase64: z.string() }),
  }),
  'risk.utilisation': defineMethod({
    description: 'Each instrument\'s utilisation of each enabled limit (its own share of what the limit watches over the threshold): cells[instrument][limit], null where the limit does not apply.',
    params: NoParams,
    result: z.object({
      instruments: z.array(z.string()),
      limits: z.array(z.object({ id: z.string(), type: z.string() })),
      cells: z.array(z.array(z.number().nullable())),
    }),
  }),
  'orders.modify': defineMethod({
    description: 'Changes quantity, price or trigger price of a working paper order (it passes the risk check again); answers the order, or INVALID_ORDER with the risk reason and the order unchanged.',
    params: OrderModifyParams,
    result: OrderView,
  }),
  'orders.submitBracket': defineMethod({
    description: 'Entry (market, or limit at entryPrice) with a take-profit limit and a stop-loss that the entry fill activates, one-cancels-other; answers the three orders, or INVALID_ORDER naming the refusal (then none is working).',
    params: z.strictObject({
      instrumentId: z.string().min(3).max(128),
      side: z.enum(['BUY', 'SELL']),
      quantity: PositiveFinite,
      entryPrice: PositiveFinite.optional(),
      takeProfitPrice: PositiveFinite,
      stopLossTriggerPrice: PositiveFinite,
      stopLossLimitPrice: PositiveFinite.optional(),
      timeInForce: z.enum(['DAY', 'GTC']).optional(),
    }),
    result: z.object({ entry: OrderView, takeProfit: OrderView, stopLoss: OrderView }),
  }),
  'fills.list': defineMethod({
    description: 'The latest paper fills, newest first (at most `limit`, default 200).',
    params: z.strictObject({ limit: z.int().min(1).max(5_000).default(200) }),
    result: z.object({ fills: z.array(FillView) }),
  }),
  'risk.precheck': defineMethod({
    description: 'Runs every pre-trade check of the paper account on an order WITHOUT submitting it or changing any state: each limit\'s verdict, and utilisation after the order where the limit can tell.',
    params: z.strictObject({ order: orderRequestSchema }),
    result: z.object({ ok: z.boolean(), results: z.array(PrecheckLimitResult) }),
  }),
  'risk.breaches': defineMethod({
    description: 'The breach monitor\'s stored limit events (warning, breach, cleared), newest first (at most `limit`, default 100).',
    params: z.strictObject({ limit: z.int().min(1).max(1_000).default(100) }),
    result: z.object({ breaches: z.array(BreachView) }),
  }),
  'ibkr.status': defineMethod({
    description: 'The IBKR connection: state (disconnected, connecting, connected, degraded), host, port, client id, TWS or Gateway, paper or live, accounts, server version, last error.',
    params: NoParams,
    result: IbkrStatusView,
  }),
  'ibkr.configure': defineMethod({
    description: 'Stores the IBKR connection settings (reconnecting if connected). Live mode needs `confirmLive: true` and the risk engine on; `enabled` connects on every Host start.',
    params: z.strictObject({
      host: z.string().trim().min(1).max(255),
      port: z.int().min(1).max(65_535),
      clientId: z.int().min(0).max(2_147_483_647),
      platform: z.enum(['tws', 'gateway']),
      mode: z.enum(['paper', 'live']),
      enabled: z.boolean(),
      confirmLive: z.boolean().optional(),
    }),
    result: IbkrStatusView,
  }),
  'ibkr.connect': defineMethod({
    description: 'Connects to TWS / IB Gateway with the stored settings (and keeps retrying); with `waitMs`, answers once connected or when that time is up.',
    params: z.strictObject({ waitMs: z.int().min(0).max(60_000).default(0) }),
    result: IbkrStatusView,
  }),
  'ibkr.disconnect': defineMethod({
    description: 'Closes the IBKR connection, stops retrying and switches it off in Settings; working orders stay at IB and are reconciled on the next connect.',
    params: NoParams,
    result: IbkrStatusView,
  }),
  'ibkr.alerts': defineMethod({
    description: 'The latest IBKR alerts (oldest first, at most 100): IB system codes, rejections, reconciliation differences; new ones stream on `alerts.ibkr`.',
    params: NoParams,
    result: z.object({ alerts: z.array(AlertView) }),
  }),
  'ibkr.orders.submit': defineMethod({
    description: 'Submits one order (core OrderRequest) to the IBKR account through the risk engine; answers the Order, INVALID_ORDER with the refusal or rejection, UNAVAILABLE when not connected.',
    params: orderRequestSchema,
    result: OrderView,
  }),
  'ibkr.orders.cancel': defineMethod({
    description: 'Asks IBKR to cancel a working order; answers the order.',
    params: z.strictObject({ clientOrderId: ClientOrderIdParam }),
    result: OrderView,
  }),
  'ibkr.orders.modify': defineMethod({
    description: 'Changes quantity, price or trigger price of a working IBKR order (it passes the risk check again, then goes to IB as a placeOrder with the same order id); answers the order, INVALID_ORDER with the risk reason and the order unchanged, UNAVAILABLE when not connected.',
    params: OrderModifyParams,
    result: OrderView,
  }),
  'ibkr.orders.list': defineMethod({
    description: 'Open IBKR orders (oldest first) and the latest finished ones (newest first, at most `recent`), from the journal.',
    params: z.strictObject({ recent: z.int().min(0).max(1_000).optional() }),
    result: z.object({ open: z.array(OrderView), recent: z.array(OrderView) }),
  }),
  'ibkr.fills.list': defineMethod({
    description: 'The latest IBKR fills from the journal, newest first (at most `limit`, default 200).',
    params: z.strictObject({ limit: z.int().min(1).max(5_000).default(200) }),
    result: z.object({ fills: z.array(FillView) }),
  }),
  'ibkr.marketData.subscribe': defineMethod({
    description: 'Streams IBKR quotes and trades (and L2 depth with `depth`, 5-second bars with `bars`) of instruments onto `quotes.<id>`, `trades.<id>`, `depth.<id>`, `bars.<id>.5s`, restored after reconnects; `contract` overrides the kind read from the id (EUR.USD.IDEALPRO forex, ES.CME front-month future, else stock). Answers every subscription; `delayed` when IB sends delayed data.',
    params: z.strictObject({
      instruments: z.array(z.strictObject({ instrumentId: z.string().min(3).max(64), contract: IbkrContractParam.optional() })).min(1).max(100),
      depth: z.boolean().default(false),
      /** IB's 5-second real-time bars onto `bars.<id>.5s` (reqRealTimeBars). */
      bars: z.boolean().default(false),
    }),
    result: IbkrMarketDataView,
  }),
  'ibkr.marketData.unsubscribe': defineMethod({
    description: 'Stops the IBKR market-data streams of instruments; answers the remaining subscriptions.',
    params: z.strictObject({ instrumentIds: z.array(z.string().min(3).max(64)).min(1).max(100) }),
    result: IbkrMarketDataView,
  }),
  'ibkr.account': defineMethod({
    description: 'The IB account as IB reports it: net liquidation, cash, buying power, margin (base currency), IB positions and daily/unrealized/realized P&L; updates stream on `account.<id>` and `pnl.account.<id>`. UNAVAILABLE before the first connect.',
    params: NoParams,
    result: z.object({
      account: z.string(),
      currency: z.string(),
      netLiquidation: z.number().optional(),
      cash: z.number().optional(),
      buyingPower: z.number().optional(),
      initMargin: z.number().optional(),
      maintMargin: z.number().optional(),
      unrealizedPnl: z.number().optional(),
      realizedPnl: z.number().optional(),
      positions: z.array(z.object({
        conId: z.number(), symbol: z.string(), localSymbol: z.string().optional(), secType: z.string(), currency: z.string(), quantity: z.number(), avgCost: z.number(),
        /** Point value (100 for an equity option, 50 for ES). */
        multiplier: z.number(),
        /** From IB's portfolio updates once IB sent one. */
        marketPrice: z.number().optional(), marketValue: z.number().optional(), unrealizedPnl: z.number().optional(), realizedPnl: z.number().optional(),
        /** Our instrument id for the contract, when it maps to one (`ibkr.orders.submit` can close it); absent when it does not. */
        instrumentId: z.string().optional(),
      })),
      pnl: z.object({ daily: z.number(), unrealized: z.number(), realized: z.number() }).optional(),
      ts: EpochMs,
    }),
  }),
  'ibkr.positions': defineMethod({
    description: 'IBKR positions from our fills (journal and this session), netted per instrument.',
    params: NoParams,
    result: z.object({ positions: z.array(PositionView) }),
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
  'backtest.strategies': defineMethod({
    description: 'The built-in strategies with their declared parameters (type, default, min, max, step, description) and how many instruments each trades.',
    params: NoParams,
    result: z.object({
      strategies: z.array(z.object({ name: z.string(), description: z.string(), instruments: z.object({ min: z.int(), max: z.int() }), params: z.array(StrategyParamView) })),
    }),
  }),
  'backtest.run': defineMethod({
    description:
      'Validates and starts one backtest over stored bars (or ticks) in the worker pool; answers at once. Progress on `jobs.<jobId>.progress` (state running, then done, failed or cancelled); the result is stored (backtest.get).',
    params: BacktestRunRequest.refine(exactlyOneDataSource, dataSourceMessage).refine(ticksWithInstrumentIds, ticksMessage),
    /** `bars`: the bars (or, for a tick run, the ticks) the run steps over. */
    result: z.object({ runId: z.string(), jobId: z.string(), bars: z.int().nonnegative() }),
  }),
  'backtest.cancel': defineMethod({
    description: 'Stops a running backtest or sweep job (its worker thread is ended); its run is marked canceled and nothing else is written.',
    params: z.strictObject({ jobId: BacktestJobId }),
    result: z.object({ jobId: z.string(), canceled: z.boolean() }),
  }),
  'backtest.list': defineMethod({
    description: 'Stored backtest runs, newest first, with their statistics; sweep runs only with `includeSweeps` (or by `sweepId`).',
    params: z.strictObject({ limit: z.int().min(1).max(1_000).default(200), includeSweeps: z.boolean().default(false), sweepId: BacktestRunId.optional() }),
    result: z.object({ runs: z.array(BacktestRunView) }),
  }),
  'backtest.get': defineMethod({
    description:
      'One stored run: statistics, equity curve (downsampled to at most `equityPoints`, keeping each bucket\'s low and high; `downsampled` says so), and a page (`offset`, `limit`) of its trades, orders and fills.',
    params: z.strictObject({
      runId: BacktestRunId,
      equityPoints: z.int().min(10).max(maxBacktestEquityPoints).default(2_000),
      offset: z.int().min(0).default(0),
      limit: z.int().min(0).max(maxBacktestPageItems).default(200),
    }),
    result: z.object({
      run: BacktestRunView,
      equity: z.object({ points: z.int().nonnegative(), downsampled: z.boolean(), ts: z.array(z.number()), equity: z.array(z.number()), cash: z.array(z.number()), drawdown: z.array(z.number()) }),
      trades: BacktestPage(BacktestTradeView),
      orders: BacktestPage(BacktestOrderView),
      fills: BacktestPage(BacktestFillView),
    }),
  }),
  'backtest.delete': defineMethod({
    description: 'Deletes a stored run (or with `sweepId` every run of a sweep) and everything it produced; answers how many runs went.',
    params: z.strictObject({ runId: BacktestRunId.optional(), sweepId: BacktestRunId.optional() }).refine((params) => (params.runId === undefined) !== (params.sweepId === undefined), {
      message: 'give either runId or sweepId',
      path: ['runId'],
    }),
    result: z.object({ deleted: z.int().nonnegative() }),
  }),
  'backtest.sweep': defineMethod({
    description:
      'Starts a parameter sweep: a grid over `ranges` (declared ranges when omitted) or `random` sets from them, the other parameters from `params`; each set runs in the worker pool and is stored as a run tagged with the sweep id. Progress (runs done) on `jobs.<jobId>.progress`.',
    params: BacktestRunRequest.extend({
      ranges: BacktestSweepRanges.optional(),
      random: z.strictObject({ count: z.int().min(1).max(10_000), seed: z.int().default(1) }).optional(),
      maxRuns: z.int().min(1).max(10_000).default(500),
    }).refine(exactlyOneDataSource, dataSourceMessage).refine(ticksWithInstrumentIds, ticksMessage),
    result: z.object({ sweepId: z.string(), jobId: z.string(), runs: z.int().positive(), bars: z.int().nonnegative() }),
  }),
  'backtest.sweepResults': defineMethod({
    description: 'The runs of a sweep sorted by any statistic (`sortBy`, default totalReturn, best first); `done` of `total` runs finished.',
    params: z.strictObject({ sweepId: BacktestRunId, sortBy: z.string().min(1).max(64).default('totalReturn'), direction: z.enum(['descending', 'ascending']).default('descending') }),
    result: z.object({ sweepId: z.string(), strategy: z.string(), total: z.int().nonnegative(), done: z.int().nonnegative(), rows: z.array(BacktestRunView) }),
  }),
  'backtest.tearSheet': defineMethod({
    description: 'A self-contained HTML tear sheet of a finished run (metrics, equity and drawdown charts, monthly returns) from @nws/analytics.',
    params: z.strictObject({ runId: BacktestRunId }),
    result: z.object({ runId: z.string(), html: z.string() }),
  }),
  'strategies.catalogue': defineMethod({
    description: 'Strategies that can run on the paper account, with their declared parameters and how many instruments each trades.',
    params: NoParams,
    result: z.object({
      strategies: z.array(z.object({ name: z.string(), description: z.string(), instruments: z.object({ min: z.int(), max: z.int() }), params: z.array(StrategyParamView) })),
    }),
  }),
  'strategies.start': defineMethod({
    description:
      "Starts a strategy on the paper account, on the live bars (`source: 'live'`, the Host's live bar step) or on a replay of stored bars (`source: 'replay'`, `replay: {from, to, speed}`, speed 1–1000 or 'max'); with `ticks: ['quotes', 'trades']` instead of `barType`, on a replay of stored ticks (the strategy gets onQuote/onTrade, orders fill on the quotes as in a tick backtest). State on `signals.<strategyRunId>.run` and `jobs.<strategyRunId>.progress`.",
    params: z.strictObject({
      strategy: z.string().min(1).max(64),
      params: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).default({}),
      instrumentIds: z.array(z.string().min(3).max(128)).min(1).max(100),
      barType: z.string().min(2).max(16).optional(),
      ticks: ReplayTicksParam.optional(),
      source: z.enum(['live', 'replay']),
      replay: ReplayRange.optional(),
    }),
    result: z.object({ strategyRunId: z.string(), run: StrategyRunView }),
  }),
  'strategies.stop': defineMethod({
    description: 'Stops a strategy run (and the replay it started); its working orders stay on the account.',
    params: z.strictObject({ strategyRunId: z.string().min(1).max(128) }),
    result: StrategyRunView,
  }),
  'strategies.list': defineMethod({
    description:
      'Every strategy run (running, stopped, finished, failed, interrupted), newest first, with bars, orders, fills and P&L: those of this Host session and the saved ones of earlier sessions (the last 50 ended). Live runs that were running when the Host stopped are resumed (resumedAt); replay runs are listed interrupted.',
    params: NoParams,
    result: z.object({ runs: z.array(StrategyRunView) }),
  }),
  'replay.start': defineMethod({
    description:
      "Replays stored bars (`barType`) or ticks (`ticks: ['quotes', 'trades']`) of one or more instruments on the bus at `speed` (1–1000 × their own time, or 'max'); the paper account fills those instruments on the replayed bars or quotes meanwhile. Progress on `jobs.<replayId>.progress`.",
    params: z.strictObject({
      instrumentIds: z.array(z.string().min(3).max(128)).min(1).max(100),
      barType: z.string().min(2).max(16).optional(),
      ticks: ReplayTicksParam.optional(),
      from: z.int().optional(),
      to: z.int().optional(),
      speed: ReplaySpeedParam.default(1),
    }),
    result: ReplayStatusView,
  }),
  'replay.pause': defineMethod({
    description: 'Pauses a replay (default the latest); nothing is published until replay.resume.',
    params: ReplayIdParam,
    result: ReplayStatusView,
  }),
  'replay.resume': defineMethod({
    description: 'Resumes a paused replay (default the latest) at its speed.',
    params: ReplayIdParam,
    result: ReplayStatusView,
  }),
  'replay.stop': defineMethod({
    description: 'Ends a replay (default the latest) for good; strategy runs on it stop.',
    params: ReplayIdParam,
    result: ReplayStatusView,
  }),
  'replay.status': defineMethod({
    description: 'Every replay of this Host session, newest first.',
    params: NoParams,
    result: z.object({ replays: z.array(ReplayStatusView) }),
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
