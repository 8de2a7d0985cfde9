// Breach forecast: the probability that the day's loss reaches the daily loss limit before the
// session ends, from the current exposures and an EWMA volatility forecast.
//
//   P&L from now to the close ~ driftless Brownian motion with variance sigma_p^2 h, where
//   sigma_p = sqrt(e^T Sigma e) is one session's P&L standard deviation (EWMA covariance of daily
//   returns, lambda 0.94, the same as parametric VaR) and h the fraction of the session left;
//   headroom H = maxLoss - (day-start equity - equity now);
//   P(breach) = P(min over the rest of the day of the P&L path < -H) = 2 Phi(-H / (sigma_p sqrt h)).
//
// The running minimum, not the close: the limit fires the moment the loss touches it (the monitor
// re-reads it on every P&L change), so a path that dips through the limit and recovers by the
// close has still breached. By the reflection principle, for a driftless Brownian path the chance
// of touching -H is twice the chance of ending below it.
import { ErrorCode, NwsError } from '@nws/core';
import type { LimitConfig } from '../checks/index.js';
import type { RiskState } from '../risk-state.js';
import { erfc } from '../var/normal.js';
import { DEFAULT_EWMA_LAMBDA, ewmaPortfolioSigma } from '../var/parametric.js';
import { DEFAULT_TRADING_SESSIONS, sessionRemainingFraction, sessionsFromLimits } from './session.js';
import type { TradingSessions } from './session.js';

/** Daily returns of some instruments, one column each, all over the same days (oldest first). */
export interface ReturnHistory {
  instrumentIds: readonly string[];
  returns: ReadonlyArray<Float64Array>;
}

export interface BreachForecast {
  /** P(the day's loss reaches the limit before the session ends), 0..1. */
  probability: number;
  /** Money the book may still lose today before the limit: maxLoss - loss so far (<= 0: already breached). */
  headroom: number;
  /** Loss since the start of the day (negative when the day is up). */
  lossSoFar: number;
  /** Standard deviation of one whole session's P&L at the current exposures. */
  sessionSigma: number;
  /** Fraction of the session still ahead (h). */
  horizonFraction: number;
  method: 'reflection-normal';
}

/**
 * P(min of a driftless Brownian P&L path over h < -headroom) = 2 Phi(-H / (sigma sqrt h))
 * = erfc(H / (sigma sqrt(2h))). 1 when the headroom is already used up.
 */
export function breachProbability(headroom: number, sessionSigma: number, horizonFraction: number): number {
  if (!Number.isFinite(headroom) || Number.isNaN(sessionSigma) || sessionSigma < 0 || !(horizonFraction >= 0 && horizonFraction <= 1)) {
    throw new NwsError(
      ErrorCode.InvalidArgument,
      `breach probability needs a finite headroom, sigma >= 0 and a horizon fraction in [0, 1]; got headroom ${headroom}, sigma ${sessionSigma}, horizon ${horizonFraction}`,
    );
  }
  if (headroom <= 0) return 1;
  const spread = sessionSigma * Math.sqrt(horizonFraction);
  if (spread === 0) return 0;
  return Math.min(1, erfc(headroom / (spread * Math.SQRT2)));
}

export interface DailyLossForecastOptions {
  /** The daily loss limit, positive money. */
  maxLoss: number;
  /** Daily returns of the instruments held; instruments missing from it use their own or the default volatility. */
  history?: ReturnHistory | undefined;
  /** When the forecast is made (epoch ms). */
  ts: number;
  sessions?: TradingSessions | undefined;
  lambda?: number;
  /** Daily volatility of an instrument with no return history and no volatility set on the state. */
  defaultDailyVolatility?: number;
}

export const DEFAULT_FORECAST_DAILY_VOLATILITY = 0.03;

/** The breach forecast of one daily loss limit for the book in `state` now. */
export function forecastDailyLossBreach(state: RiskState, options: DailyLossForecastOptions): BreachForecast {
  if (!(options.maxLoss > 0)) throw new NwsError(ErrorCode.InvalidArgument, `maxLoss must be a positive amount, got ${options.maxLoss}`);
  const lossSoFar = state.dayStartEquity - state.equity;
  const headroom = options.maxLoss - lossSoFar;
  const sessionSigma = portfolioSessionSigma(state, options);
  const horizonFraction = sessionRemainingFraction(options.ts, options.sessions ?? DEFAULT_TRADING_SESSIONS);
  return { probability: breachProbability(headroom, sessionSigma, horizonFraction), headroom, lossSoFar, sessionSigma, horizonFraction, method: 'reflection-normal' };
}

/**
 * sigma_p of the book: EWMA over the history for the instruments it covers, plus |e_i| sigma_i for
 * each position it does not. Adding the uncovered part linearly assumes perfect correlation: an
 * upper bound (sigma is sub-additive), so a missing history never makes the forecast look safer.
 */
export function portfolioSessionSigma(state: RiskState, options: Pick<DailyLossForecastOptions, 'history' | 'lambda' | 'defaultDailyVolatility'>): number {
  const history = options.history;
  if (history && history.returns.length !== history.instrumentIds.length) {
    throw new NwsError(ErrorCode.InvalidArgument, `return history has ${history.instrumentIds.length} instrument ids but ${history.returns.length} return columns`);
  }
  const column = new Map<string, number>();
  history?.instrumentIds.forEach((id, index) => column.set(id, index));
  const covered = new Float64Array(history?.instrumentIds.length ?? 0);
  let anyCovered = false;
  let uncoveredSigma = 0;
  for (const entry of state.entries()) {
    if (entry.exposure === 0) continue;
    const index = column.get(entry.instrumentId);
    if (index !== undefined) {
      covered[index] = entry.exposure;
      anyCovered = true;
    } else {
      const volatility = Number.isNaN(entry.dailyVolatility) ? (options.defaultDailyVolatility ?? DEFAULT_FORECAST_DAILY_VOLATILITY) : entry.dailyVolatility;
      uncoveredSigma += Math.abs(entry.exposure) * volatility;
    }
  }
  const coveredSigma = anyCovered && history ? ewmaPortfolioSigma(history.returns, covered, options.lambda ?? DEFAULT_EWMA_LAMBDA) : 0;
  return coveredSigma + uncoveredSigma;
}

/** Forecasts for every daily-loss limit among `limits` (by limit id), with the sessions of the trading-hours limit. */
export function forecastDailyLossLimits(
  state: RiskState,
  limits: ReadonlyArray<{ id: string; config: LimitConfig }>,
  options: Omit<DailyLossForecastOptions, 'maxLoss' | 'sessions'>,
): Map<string, BreachForecast> {
  const sessions = sessionsFromLimits(limits.map((limit) => limit.config));
  const forecasts = new Map<string, BreachForecast>();
  for (const { id, config } of limits) {
    if (config.type === 'daily-loss') forecasts.set(id, forecastDailyLossBreach(state, { ...options, maxLoss: config.maxLoss, sessions }));
  }
  return forecasts;
}
