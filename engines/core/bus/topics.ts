/**
 * Every topic string of the workstation is built here and nowhere else.
 *
 * Grammar: a topic is dot-separated segments (`quotes.AAPL.XNAS`). A segment is never empty and
 * never contains `.`, `*`, `>`, `%`, an ASCII space or a control character: values put into a
 * segment (symbols, venues, strategy ids, engine names, job ids...) are escaped by `encodeSegment`,
 * which writes those characters as `%XX` (uppercase hex, as in URLs). `BRK.B` becomes `BRK%2EB`.
 *
 * An `InstrumentId` (`SYMBOL.VENUE`) always takes exactly TWO segments, symbol then venue, split at
 * its last dot: `AAPL.XNAS` gives `quotes.AAPL.XNAS`, `BRK.B.XNYS` gives `quotes.BRK%2EB.XNYS`.
 * So `quotes.*.XNAS` means "every quote on XNAS", whatever dots a symbol has.
 *
 * Types: `Topic<T>` is a string branded with the payload type T, so `bus.publish(topics.quotes(id),
 * quote)` only compiles when `quote` is a `QuoteTick`. `TopicPattern<T>` may hold wildcards (`*`
 * one segment, `>` one or more trailing segments); every Topic is also a valid pattern.
 */
import { ErrorCode, NwsError } from '../errors.js';
import {
  type Account,
  type AccountId,
  type Bar,
  type BarSpec,
  type BarType,
  type Fill,
  type InstrumentId,
  type Order,
  type OrderBookDepth,
  type Position,
  type QuoteTick,
  type StrategyId,
  type TradeTick,
  formatBarSpec,
  parseBarSpec,
} from '../domain/index.js';
import type { Alert, BusErrorEvent, EngineStatus, JobProgress, LogLevel, LogRecord, RiskAlert } from './payloads.js';
import type { Priority } from './priority.js';

declare const patternBrand: unique symbol;
declare const topicBrand: unique symbol;
declare const payloadType: unique symbol;
declare const endpointBrand: unique symbol;
declare const requestType: unique symbol;
declare const responseType: unique symbol;

/** A subscription pattern whose matches all carry payload T (`unknown` when they may differ). */
export type TopicPattern<T = unknown> = string & { readonly [patternBrand]: true; readonly [payloadType]?: T };

/** A concrete topic (no wildcards) whose messages carry payload T. */
export type Topic<T = unknown> = TopicPattern<T> & { readonly [topicBrand]: true };

/** A request/response address: requests carry Req, the responder answers Res. */
export type Endpoint<Req, Res> = string & {
  readonly [endpointBrand]: true;
  readonly [requestType]?: Req;
  readonly [responseType]?: Res;
};

export type PayloadOf<P> = P extends TopicPattern<infer T> ? T : never;

export const SEGMENT_SEPARATOR = '.';
/** Wildcard matching exactly one segment. */
export const SINGLE_WILDCARD = '*';
/** Wildcard matching one or more trailing segments; only allowed as the last segment. */
export const TAIL_WILDCARD = '>';
/** Longest topic or pattern accepted, in characters: keeps keys of metric maps sane. */
export const MAX_TOPIC_LENGTH = 512;

// Control characters and space (0x00-0x20, 0x7F) are escaped too, so a topic is always one printable token.
const plainSegment = /^[^.*>%\x00-\x20\x7f]+$/;
const segmentWithEscapes = /^(?:[^.*>%\x00-\x20\x7f]|%[0-9A-F]{2})+$/;
const escapedCharacter = /[.*>%\x00-\x20\x7f]/g;

/** Escapes a value for use as ONE topic segment (see the grammar above). Empty values are refused. */
export function encodeSegment(value: string, what = 'topic segment'): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new NwsError(ErrorCode.InvalidArgument, `${what} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  if (plainSegment.test(value)) return value;
  return value.replace(escapedCharacter, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Inverse of `encodeSegment`. */
export function decodeSegment(segment: string): string {
  return segment.includes('%') ? segment.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : segment;
}

/** `AAPL.XNAS` → `AAPL.XNAS`, `BRK.B.XNYS` → `BRK%2EB.XNYS`: the two segments of an instrument id. */
export function instrumentSegments(instrumentId: InstrumentId): string {
  const lastDot = typeof instrumentId === 'string' ? instrumentId.lastIndexOf('.') : -1;
  if (lastDot <= 0 || lastDot === instrumentId.length - 1) {
    throw new NwsError(
      ErrorCode.InvalidArgument,
      `instrument id ${JSON.stringify(instrumentId)} is not SYMBOL.VENUE (e.g. AAPL.XNAS)`,
    );
  }
  const symbol = instrumentId.slice(0, lastDot);
  const venue = instrumentId.slice(lastDot + 1);
  return `${encodeSegment(symbol, 'symbol')}.${encodeSegment(venue, 'venue')}`;
}

/** Inverse of `instrumentSegments`, from the two segments of a topic. */
export function instrumentIdFromSegments(symbolSegment: string, venueSegment: string): InstrumentId {
  return `${decodeSegment(symbolSegment)}.${decodeSegment(venueSegment)}` as InstrumentId;
}

function checkLength(raw: string, what: string): void {
  if (raw.length === 0) throw new NwsError(ErrorCode.InvalidArgument, `${what} must not be empty`);
  if (raw.length > MAX_TOPIC_LENGTH) {
    throw new NwsError(ErrorCode.InvalidArgument, `${what} is ${raw.length} characters, longer than ${MAX_TOPIC_LENGTH}`);
  }
}

/** Why `raw` is not a concrete topic, or undefined when it is one. */
export function topicProblem(raw: string): string | undefined {
  if (typeof raw !== 'string') return `topic must be a string, got ${typeof raw}`;
  if (raw.length === 0) return 'topic must not be empty';
  if (raw.length > MAX_TOPIC_LENGTH) return `topic is ${raw.length} characters, longer than ${MAX_TOPIC_LENGTH}`;
  const segments = raw.split(SEGMENT_SEPARATOR);
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    if (segment.length === 0) return `topic ${JSON.stringify(raw)} has an empty segment at position ${index + 1}`;
    if (!plainSegment.test(segment) && !segmentWithEscapes.test(segment)) {
      return `topic ${JSON.stringify(raw)} has segment ${JSON.stringify(segment)} with a wildcard, space or control character; a topic must be concrete`;
    }
  }
  return undefined;
}

/** Validates a topic string from outside (protocol, bridge, config). Payload type is unknown. */
export function parseTopic(raw: string): Topic<unknown> {
  const problem = topicProblem(raw);
  if (problem !== undefined) throw new NwsError(ErrorCode.InvalidArgument, problem);
  return raw as Topic<unknown>;
}

/** Validates a pattern string from outside (e.g. a protocol `subscribe`). */
export function parseTopicPattern(raw: string): TopicPattern<unknown> {
  if (typeof raw !== 'string') throw new NwsError(ErrorCode.InvalidArgument, `topic pattern must be a string, got ${typeof raw}`);
  checkLength(raw, 'topic pattern');
  const segments = raw.split(SEGMENT_SEPARATOR);
  segments.forEach((segment, index) => {
    if (segment === SINGLE_WILDCARD) return;
    if (segment === TAIL_WILDCARD) {
      if (index !== segments.length - 1) {
        throw new NwsError(ErrorCode.InvalidArgument, `topic pattern ${JSON.stringify(raw)}: '>' is only allowed as the last segment`);
      }
      return;
    }
    if (segment.length === 0) {
      throw new NwsError(ErrorCode.InvalidArgument, `topic pattern ${JSON.stringify(raw)} has an empty segment at position ${index + 1}`);
    }
    if (!segmentWithEscapes.test(segment)) {
      throw new NwsError(
        ErrorCode.InvalidArgument,
        `topic pattern ${JSON.stringify(raw)} has segment ${JSON.stringify(segment)}: wildcards must be a whole segment ('*' or '>') and spaces or control characters are not allowed`,
      );
    }
  });
  return raw as TopicPattern<unknown>;
}

// Builders. Internal helpers cast once here so no other file ever needs to.
function topic<T>(...segments: string[]): Topic<T> {
  return segments.join(SEGMENT_SEPARATOR) as Topic<T>;
}
function pattern<T>(...segments: string[]): TopicPattern<T> {
  return segments.join(SEGMENT_SEPARATOR) as TopicPattern<T>;
}
const any = SINGLE_WILDCARD;
const rest = TAIL_WILDCARD;
const anyInstrument = `${any}.${any}`;
const segmentOr = (value: string | undefined, what: string) => (value === undefined ? any : encodeSegment(value, what));
/** `1m` or `{ step: 1, unit: 'm' }` → `1m`, checked by the domain's bar spec rules. */
const barSpecSegment = (spec: string | BarSpec) => formatBarSpec(typeof spec === 'string' ? parseBarSpec(spec) : spec);
const instrumentOr = (instrumentId: InstrumentId | undefined) => (instrumentId === undefined ? anyInstrument : instrumentSegments(instrumentId));

/** The first segment of every topic family. */
export const TopicRoot = {
  bars: 'bars',
  quotes: 'quotes',
  trades: 'trades',
  depth: 'depth',
  orders: 'orders',
  fills: 'fills',
  positions: 'positions',
  account: 'account',
  risk: 'risk',
  alerts: 'alerts',
  engines: 'engines',
  jobs: 'jobs',
  logs: 'logs',
  signals: 'signals',
  pnl: 'pnl',
  features: 'features',
  bus: 'bus',
  rpc: 'rpc',
} as const;
export type TopicRoot = (typeof TopicRoot)[keyof typeof TopicRoot];

/** Concrete topics. */
export const topics = {
  /** `bars.<symbol>.<venue>.<spec>`, e.g. `bars.AAPL.XNAS.1m`. */
  bars: (instrumentId: InstrumentId, barSpec: string | BarSpec): Topic<Bar> =>
    topic(TopicRoot.bars, instrumentSegments(instrumentId), barSpecSegment(barSpec)),
  /** The bars topic of a `BarType` (`AAPL.XNAS-1m` → `bars.AAPL.XNAS.1m`). */
  barsOf: (barType: BarType): Topic<Bar> => topic(TopicRoot.bars, instrumentSegments(barType.instrumentId), barSpecSegment(barType)),
  /** `quotes.<symbol>.<venue>` */
  quotes: (instrumentId: InstrumentId): Topic<QuoteTick> => topic(TopicRoot.quotes, instrumentSegments(instrumentId)),
  /** `trades.<symbol>.<venue>` */
  trades: (instrumentId: InstrumentId): Topic<TradeTick> => topic(TopicRoot.trades, instrumentSegments(instrumentId)),
  /** `depth.<symbol>.<venue>` (L2 order book snapshots) */
  depth: (instrumentId: InstrumentId): Topic<OrderBookDepth> => topic(TopicRoot.depth, instrumentSegments(instrumentId)),
  /** `orders.<strategyId>.<symbol>.<venue>`: every state change of an order. */
  orders: (strategyId: StrategyId, instrumentId: InstrumentId): Topic<Order> =>
    topic(TopicRoot.orders, encodeSegment(strategyId, 'strategy id'), instrumentSegments(instrumentId)),
  /** `fills.<strategyId>.<symbol>.<venue>` */
  fills: (strategyId: StrategyId, instrumentId: InstrumentId): Topic<Fill> =>
    topic(TopicRoot.fills, encodeSegment(strategyId, 'strategy id'), instrumentSegments(instrumentId)),
  /** `positions.<strategyId>.<symbol>.<venue>` */
  positions: (strategyId: StrategyId, instrumentId: InstrumentId): Topic<Position> =>
    topic(TopicRoot.positions, encodeSegment(strategyId, 'strategy id'), instrumentSegments(instrumentId)),
  /** `account.<accountId>` */
  account: (accountId: AccountId): Topic<Account> => topic(TopicRoot.account, encodeSegment(accountId, 'account id')),
  /** `risk.alerts.<rule>`: limit breaches, warnings, kill switch. */
  riskAlerts: (rule: string): Topic<RiskAlert> => topic(TopicRoot.risk, 'alerts', encodeSegment(rule, 'risk rule')),
  /** `alerts.<source>`: the alerts feed (broker connectivity, order rejections, reconciliation differences). */
  alerts: (source: string): Topic<Alert> => topic(TopicRoot.alerts, encodeSegment(source, 'alert source')),
  /** `engines.<name>.status`: lifecycle state of an engine. */
  engineStatus: (engineName: string): Topic<EngineStatus> =>
    topic(TopicRoot.engines, encodeSegment(engineName, 'engine name'), 'status'),
  /** `jobs.<jobId>.progress` */
  jobProgress: (jobId: string): Topic<JobProgress> => topic(TopicRoot.jobs, encodeSegment(jobId, 'job id'), 'progress'),
  /** `logs.<level>.<source>` */
  logs: (level: LogLevel, source: string): Topic<LogRecord> =>
    topic(TopicRoot.logs, encodeSegment(level, 'log level'), encodeSegment(source, 'log source')),
  /** `signals.<strategyId>.<name>`: values a strategy publishes for dashboards; the payload type is the caller's. */
  signals: <T>(strategyId: StrategyId, name: string): Topic<T> =>
    topic(TopicRoot.signals, encodeSegment(strategyId, 'strategy id'), encodeSegment(name, 'signal name')),
  /** `pnl.strategy.<strategyId>`: a strategy's P&L with its positions; the payload type is the analytics engine's. */
  pnlStrategy: <T>(strategyId: StrategyId): Topic<T> => topic(TopicRoot.pnl, 'strategy', encodeSegment(strategyId, 'strategy id')),
  /** `pnl.account.<accountId>`: the account's P&L (realised, unrealised, day, since inception). */
  pnlAccount: <T>(accountId: AccountId): Topic<T> => topic(TopicRoot.pnl, 'account', encodeSegment(accountId, 'account id')),
  /**
   * `features.<symbol>.<venue>.<spec>.<key>`: streaming values of one indicator (its `key`, e.g.
   * `rsi_14`) on one bar series; the payload type is the features engine's (`FeatureUpdate`).
   */
  features: <T>(instrumentId: InstrumentId, barSpec: string | BarSpec, key: string): Topic<T> =>
    topic(TopicRoot.features, instrumentSegments(instrumentId), barSpecSegment(barSpec), encodeSegment(key, 'feature key')),
  /** `bus.errors`: subscriber failures and dropped-message reports of the bus itself. */
  busErrors: (): Topic<BusErrorEvent> => topic(TopicRoot.bus, 'errors'),
} as const;

/** Wildcard patterns over the topic families; omitted parts match anything. */
export const patterns = {
  /** `>`: every topic. */
  all: (): TopicPattern<unknown> => pattern(rest),
  /** `bars.>`, `bars.AAPL.XNAS.*`, `bars.*.*.1m` or `bars.AAPL.XNAS.1m`. */
  bars: (filter: { instrumentId?: InstrumentId; barSpec?: string | BarSpec } = {}): TopicPattern<Bar> =>
    filter.instrumentId === undefined && filter.barSpec === undefined
      ? pattern(TopicRoot.bars, rest)
      : pattern(TopicRoot.bars, instrumentOr(filter.instrumentId), filter.barSpec === undefined ? any : barSpecSegment(filter.barSpec)),
  /** `quotes.>` or `quotes.*.<venue>` */
  quotes: (filter: { venue?: string } = {}): TopicPattern<QuoteTick> =>
    filter.venue === undefined ? pattern(TopicRoot.quotes, rest) : pattern(TopicRoot.quotes, any, encodeSegment(filter.venue, 'venue')),
  /** `trades.>` or `trades.*.<venue>` */
  trades: (filter: { venue?: string } = {}): TopicPattern<TradeTick> =>
    filter.venue === undefined ? pattern(TopicRoot.trades, rest) : pattern(TopicRoot.trades, any, encodeSegment(filter.venue, 'venue')),
  /** `depth.>` or `depth.*.<venue>` */
  depth: (filter: { venue?: string } = {}): TopicPattern<OrderBookDepth> =>
    filter.venue === undefined ? pattern(TopicRoot.depth, rest) : pattern(TopicRoot.depth, any, encodeSegment(filter.venue, 'venue')),
  /** `orders.<strategy|*>.<symbol|*>.<venue|*>` */
  orders: (filter: { strategyId?: StrategyId; instrumentId?: InstrumentId } = {}): TopicPattern<Order> =>
    pattern(TopicRoot.orders, segmentOr(filter.strategyId, 'strategy id'), instrumentOr(filter.instrumentId)),
  /** `fills.<strategy|*>.<symbol|*>.<venue|*>` */
  fills: (filter: { strategyId?: StrategyId; instrumentId?: InstrumentId } = {}): TopicPattern<Fill> =>
    pattern(TopicRoot.fills, segmentOr(filter.strategyId, 'strategy id'), instrumentOr(filter.instrumentId)),
  /** `positions.<strategy|*>.<symbol|*>.<venue|*>` */
  positions: (filter: { strategyId?: StrategyId; instrumentId?: InstrumentId } = {}): TopicPattern<Position> =>
    pattern(TopicRoot.positions, segmentOr(filter.strategyId, 'strategy id'), instrumentOr(filter.instrumentId)),
  /** `account.*` */
  accounts: (): TopicPattern<Account> => pattern(TopicRoot.account, any),
  /** `risk.alerts.*` */
  riskAlerts: (): TopicPattern<RiskAlert> => pattern(TopicRoot.risk, 'alerts', any),
  /** `alerts.*` */
  alerts: (): TopicPattern<Alert> => pattern(TopicRoot.alerts, any),
  /** `engines.*.status` */
  engineStatus: (): TopicPattern<EngineStatus> => pattern(TopicRoot.engines, any, 'status'),
  /** `jobs.*.progress` */
  jobProgress: (): TopicPattern<JobProgress> => pattern(TopicRoot.jobs, any, 'progress'),
  /** `logs.>` or `logs.<level>.*` */
  logs: (filter: { level?: LogLevel } = {}): TopicPattern<LogRecord> =>
    filter.level === undefined ? pattern(TopicRoot.logs, rest) : pattern(TopicRoot.logs, encodeSegment(filter.level, 'log level'), any),
  /** `signals.<strategy>.*` or `signals.>` */
  signals: <T = unknown>(filter: { strategyId?: StrategyId } = {}): TopicPattern<T> =>
    filter.strategyId === undefined
      ? pattern(TopicRoot.signals, rest)
      : pattern(TopicRoot.signals, encodeSegment(filter.strategyId, 'strategy id'), any),
  /** `features.>`, or `features.<symbol>.<venue>.<spec|*>.*` for one instrument (and bar spec). */
  features: <T = unknown>(filter: { instrumentId?: InstrumentId; barSpec?: string | BarSpec } = {}): TopicPattern<T> =>
    filter.instrumentId === undefined && filter.barSpec === undefined
      ? pattern(TopicRoot.features, rest)
      : pattern(TopicRoot.features, instrumentOr(filter.instrumentId), filter.barSpec === undefined ? any : barSpecSegment(filter.barSpec), any),
} as const;

/** Request/response addresses: `rpc.<component>.<method>`. */
export const endpoints = {
  /** An endpoint served by a component (engine, worker, strategy); Req and Res are the caller's contract. */
  of: <Req, Res>(component: string, method: string): Endpoint<Req, Res> =>
    [TopicRoot.rpc, encodeSegment(component, 'component'), encodeSegment(method, 'method')].join(SEGMENT_SEPARATOR) as Endpoint<Req, Res>,
} as const;

/** Validates an endpoint string from outside (the bridge). */
export function parseEndpoint(raw: string): Endpoint<unknown, unknown> {
  const problem = topicProblem(raw);
  if (problem !== undefined) throw new NwsError(ErrorCode.InvalidArgument, problem.replace(/^topic/, 'endpoint'));
  return raw as Endpoint<unknown, unknown>;
}

/**
 * Priority a message gets when the publisher does not choose one: risk alerts are critical; order
 * flow, accounts, the alerts feed, engine health and bus errors are high; market data and signals normal; logs and job
 * progress low (they may be dropped first under load).
 */
export function defaultPriorityOf(topicString: string): Priority {
  const firstDot = topicString.indexOf(SEGMENT_SEPARATOR);
  const root = firstDot === -1 ? topicString : topicString.slice(0, firstDot);
  switch (root) {
    case TopicRoot.risk:
      return 'critical';
    case TopicRoot.orders:
    case TopicRoot.fills:
    case TopicRoot.positions:
    case TopicRoot.account:
    case TopicRoot.alerts:
    case TopicRoot.engines:
    case TopicRoot.bus:
      return 'high';
    case TopicRoot.logs:
    case TopicRoot.jobs:
      return 'low';
    default:
      return 'normal';
  }
}
