/**
 * Payloads of the bus's own topic families that have no home in the trading domain: engine
 * health, job progress, logs, risk alerts and bus errors. Market and order payloads are the domain
 * types (`QuoteTick`, `Bar`, `Order`, `Fill`...).
 */
import type { ErrorShape } from '../errors.js';
import type { Priority } from './priority.js';

/** The lifecycle every engine shares (ready → running → stopped; degraded/faulted; disposed). */
export type EngineState = 'ready' | 'running' | 'stopped' | 'degraded' | 'faulted' | 'disposed';

/** Published on `engines.<name>.status` whenever an engine changes state. */
export interface EngineStatus {
  engine: string;
  state: EngineState;
  /** Epoch ms. */
  ts: number;
  /** Why it is degraded or faulted, for humans. */
  message?: string;
}

export type JobState = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

/** Published on `jobs.<id>.progress`. */
export interface JobProgress {
  jobId: string;
  state: JobState;
  /** Units done so far (rows, bars, runs...). */
  done: number;
  /** Total units when known. */
  total?: number;
  message?: string;
  /** Epoch ms. */
  ts: number;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Published on `logs.<level>.<source>`. */
export interface LogRecord {
  level: LogLevel;
  source: string;
  message: string;
  /** Epoch ms. */
  ts: number;
  fields?: Record<string, unknown>;
}

export type RiskAlertLevel = 'info' | 'warning' | 'breach' | 'kill';

/** Published on `risk.alerts.<rule>`. */
export interface RiskAlert {
  rule: string;
  level: RiskAlertLevel;
  message: string;
  /** Epoch ms. */
  ts: number;
  strategyId?: string;
  instrumentId?: string;
  /** The observed value and the limit it was checked against, when the rule has numbers. */
  value?: number;
  limit?: number;
}

export type AlertSeverity = 'info' | 'warning' | 'error' | 'critical';

/**
 * Published on `alerts.<source>`: something a trader should see in the alerts feed, e.g. a broker
 * connection lost or restored (IBKR 1100/1101/1102, farm status), an order rejected, or a
 * reconciliation difference after a restart.
 */
export interface Alert {
  /** Who raised it: `ibkr`, ... (also the last topic segment). */
  source: string;
  severity: AlertSeverity;
  /** Short machine-readable kind: `ib-1100`, `order-rejected`, `orphaned-order`, ... */
  kind: string;
  message: string;
  /** Epoch ms. */
  ts: number;
  /** The broker's numeric code, when it sent one. */
  code?: number;
  clientOrderId?: string;
  instrumentId?: string;
}

export type BusErrorKind = 'subscriber-threw' | 'subscriber-rejected' | 'bridge';

/** Published on `bus.errors`: a subscriber failed, or a bridge could not pass a message on. */
export interface BusErrorEvent {
  kind: BusErrorKind;
  /** The topic of the message concerned. */
  topic: string;
  /** The subscription's name when it was given one. */
  subscriber?: string;
  priority?: Priority;
  error: ErrorShape;
  /** Epoch ms. */
  ts: number;
}
