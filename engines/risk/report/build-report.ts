// Builds the RiskReport of one book from the risk engine (limits, state), the stored audit log
// (breach events) and daily return history (VaR). Every number comes from the same functions
// the engine itself uses: limit readings, VaR, stress and the breach forecast.
import { ErrorCode, NwsError } from '@nws/core';
import { RiskAuditAction } from '../audit.js';
import type { RiskStore } from '../audit.js';
import { forecastDailyLossLimits } from '../forecast/breach-forecast.js';
import type { ReturnHistory } from '../forecast/breach-forecast.js';
import type { RiskEngine } from '../risk-engine.js';
import type { RiskState } from '../risk-state.js';
import { describeScope } from '../scope.js';
import { historicalVar } from '../var/historical.js';
import { monteCarloVar } from '../var/monte-carlo.js';
import { ewmaCovariance, parametricVar } from '../var/parametric.js';
import { runStressScenario } from '../var/stress.js';
import type { StressPosition, StressScenarioInput } from '../var/stress.js';
import { DEFAULT_STRESS_SCENARIOS, MARKET_FACTOR } from './default-scenarios.js';
import type { ReportBreach, ReportLimit, ReportStress, ReportVar, RiskReport } from './report-model.js';

export interface RiskReportSources {
  engine: RiskEngine;
  /** Where the monitor stored its breach events (the Host's StateStore). */
  store?: Pick<RiskStore, 'auditLog'> | undefined;
  /** Daily returns for VaR and the breach forecast; without it the report says VaR is not available. */
  history?: ReturnHistory | undefined;
  /** When the report is made (epoch ms). */
  ts: number;
  accountId: string;
  currency: string;
  title?: string;
  scenarios?: ReadonlyArray<StressScenarioInput>;
  /** Breach events from this time on; default 30 days before `ts`. */
  breachesSince?: number;
  /** Monte Carlo paths and seed; false leaves Monte Carlo out. Default 20,000 paths, seed 1. */
  monteCarlo?: { paths: number; seed: number } | false;
}

export const REPORT_CONFIDENCES = [0.95, 0.99] as const;
const BREACH_WINDOW_MS = 30 * 86_400_000;
const MAX_BREACHES = 500;

export function buildRiskReport(sources: RiskReportSources): RiskReport {
  if (!Number.isFinite(sources.ts)) throw new NwsError(ErrorCode.InvalidArgument, `report time must be epoch ms, got ${sources.ts}`);
  const state = sources.engine.state;
  const notes: string[] = [];
  const equity = state.equity;
  const exposures = exposuresOf(state);
  return {
    title: sources.title ?? `Risk report ${sources.accountId}`,
    generatedAt: Math.round(sources.ts),
    accountId: sources.accountId,
    currency: sources.currency,
    account: {
      equity,
      dayStartEquity: state.dayStartEquity,
      peakEquity: state.peakEquity,
      dayPnl: equity - state.dayStartEquity,
      realizedPnl: state.realizedPnl,
      unrealizedPnl: state.unrealizedPnl,
      tradingState: sources.engine.tradingState,
    },
    limits: limitsOf(sources),
    breaches: breachesOf(sources),
    valueAtRisk: valueAtRiskOf(state, sources, notes),
    exposures: { ...exposures, leverage: equity > 0 ? exposures.gross / equity : null },
    stress: stressOf(state, sources.scenarios ?? DEFAULT_STRESS_SCENARIOS),
    notes,
  };
}

function limitsOf(sources: RiskReportSources): ReportLimit[] {
  const { engine } = sources;
  const checks = engine.limitChecks();
  const configs = engine.limits();
  const forecasts = forecastDailyLossLimits(engine.state, configs.map((config, index) => ({ id: checks[index]!.id, config })), { history: sources.history, ts: sources.ts });
  return checks.map((check) => {
    const reading = check.read?.(engine.state);
    const utilisation = reading === undefined ? null : finite(reading.threshold > 0 ? reading.value / reading.threshold : Number.POSITIVE_INFINITY);
    const ratio = reading === undefined ? Number.NaN : reading.value / reading.threshold;
    return {
      id: check.id,
      type: check.type,
      scope: describeScope(check.scope),
      action: check.action,
      value: finite(reading?.value),
      threshold: finite(reading?.threshold),
      utilisation,
      level: reading === undefined ? null : ratio >= 1 ? 'breach' : ratio >= check.warnAt ? 'warning' : 'ok',
      subject: reading?.subject ?? null,
      breachProbability: forecasts.get(check.id)?.probability ?? null,
    };
  });
}

function breachesOf(sources: RiskReportSources): ReportBreach[] {
  if (!sources.store) return [];
  const since = Math.max(0, Math.floor(sources.breachesSince ?? sources.ts - BREACH_WINDOW_MS));
  const breaches: ReportBreach[] = [];
  for (const entry of sources.store.auditLog({ since, limit: 100_000 })) {
    if (entry.action !== RiskAuditAction.LimitBreach) continue;
    const event = (entry.details ?? {}) as Record<string, unknown>;
    breaches.push({
      ts: typeof event.ts === 'number' ? event.ts : entry.ts,
      limitId: String(event.limitId ?? 'unknown'),
      limitType: String(event.limitType ?? 'unknown'),
      value: finite(event.value),
      threshold: finite(event.threshold),
      utilisation: finite(event.utilisation),
      subject: typeof event.subject === 'string' ? event.subject : null,
      actionTaken: String(event.actionTaken ?? 'none'),
    });
  }
  // Newest first, as a person reads a report.
  return breaches.reverse().slice(0, MAX_BREACHES);
}

function exposuresOf(state: RiskState): Omit<RiskReport['exposures'], 'leverage'> {
  const equity = state.equity;
  const byInstrument: RiskReport['exposures']['byInstrument'] = [];
  const sectors = new Map<string, { sector: string; gross: number; net: number; long: number; short: number }>();
  let long = 0;
  let short = 0;
  for (const entry of state.entries()) {
    if (entry.position.netQty === 0) continue;
    const exposure = entry.exposure;
    if (exposure >= 0) long += exposure;
    else short += exposure;
    byInstrument.push({
      instrumentId: entry.instrumentId,
      sector: entry.sector ?? null,
      quantity: entry.position.netQty,
      mark: finite(entry.mark),
      exposure,
      percentOfEquity: equity > 0 ? (Math.abs(exposure) / equity) * 100 : null,
    });
    const name = entry.sector ?? '(none)';
    const sector = sectors.get(name) ?? { sector: name, gross: 0, net: 0, long: 0, short: 0 };
    sector.gross += Math.abs(exposure);
    sector.net += exposure;
    if (exposure >= 0) sector.long += exposure;
    else sector.short += exposure;
    sectors.set(name, sector);
  }
  byInstrument.sort((a, b) => Math.abs(b.exposure) - Math.abs(a.exposure) || a.instrumentId.localeCompare(b.instrumentId));
  const bySector = [...sectors.values()].sort((a, b) => b.gross - a.gross || a.sector.localeCompare(b.sector));
  return { gross: long - short, net: long + short, long, short, byInstrument, bySector };
}

/** VaR/CVaR at 95 and 99 % (1 day) over the instruments held that have return history. */
function valueAtRiskOf(state: RiskState, sources: RiskReportSources, notes: string[]): ReportVar[] {
  const history = sources.history;
  const held = [...state.entries()].filter((entry) => entry.exposure !== 0);
  if (!history || history.returns.length === 0 || (history.returns[0]?.length ?? 0) < 2) {
    notes.push('VaR not available: no daily return history.');
    return [];
  }
  const column = new Map(history.instrumentIds.map((id, index) => [id, index]));
  const covered = held.filter((entry) => column.has(entry.instrumentId));
  const missing = held.filter((entry) => !column.has(entry.instrumentId)).map((entry) => entry.instrumentId);
  if (missing.length > 0) notes.push(`VaR leaves out positions with no return history: ${missing.join(', ')}.`);
  const days = history.returns[0]!.length;
  notes.push(`VaR over ${days} days of daily returns; 1-day horizon; parametric with EWMA lambda 0.94.`);
  if (covered.length === 0) {
    return REPORT_CONFIDENCES.flatMap((confidence) => (['historical', 'parametric'] as const).map((method) => ({ method, confidence, horizonDays: 1, var: 0, cvar: 0 })));
  }
  const returns = covered.map((entry) => history.returns[column.get(entry.instrumentId)!]!);
  const exposures = covered.map((entry) => entry.exposure);
  const rows: ReportVar[] = [];
  for (const confidence of REPORT_CONFIDENCES) {
    rows.push(varRow(historicalVar(returns, exposures, { confidence })));
    rows.push(varRow(parametricVar(returns, exposures, { confidence })));
  }
  const monteCarlo = sources.monteCarlo ?? { paths: 20_000, seed: 1 };
  if (monteCarlo !== false) {
    try {
      const covariance = ewmaCovariance(returns);
      for (const confidence of REPORT_CONFIDENCES) rows.push(varRow(monteCarloVar({ covariance, exposures, confidence, paths: monteCarlo.paths, seed: monteCarlo.seed })));
    } catch (error) {
      notes.push(`Monte Carlo VaR not available: ${(error as Error).message}.`);
    }
  }
  return rows;
}

function varRow(result: { method: ReportVar['method']; confidence: number; horizonDays: number; var: number; cvar: number }): ReportVar {
  // +0 turns a -0 (no losing day) into 0.
  return { method: result.method, confidence: result.confidence, horizonDays: result.horizonDays, var: result.var + 0, cvar: result.cvar + 0 };
}

function stressOf(state: RiskState, scenarios: ReadonlyArray<StressScenarioInput>): ReportStress[] {
  const positions: StressPosition[] = [];
  for (const entry of state.entries()) {
    if (entry.exposure === 0) continue;
    positions.push({ instrumentId: entry.instrumentId, exposure: entry.exposure, ...(entry.sector === undefined ? {} : { sector: entry.sector }), factorLoadings: { [MARKET_FACTOR]: 1 } });
  }
  const equity = state.equity;
  return scenarios.map((scenario) => {
    const result = runStressScenario(positions, scenario);
    return {
      scenario: result.scenario,
      pnl: result.pnl + 0,
      percentOfEquity: equity > 0 ? (result.pnl / equity) * 100 + 0 : null,
      bySector: Object.entries(result.bySector).map(([sector, pnl]) => ({ sector, pnl: pnl + 0 })),
    };
  });
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
