import { describe, expect, it } from 'vitest';
import { NwsError } from '@nws/core';
import { AAPL, MSFT, fill, riskState } from '../test-fixtures/risk-fixtures.js';
import { RiskEngine } from '../risk-engine.js';
import { Xoshiro128 } from '../var/rng.js';
import { breachProbability, forecastDailyLossBreach, forecastDailyLossLimits } from './breach-forecast.js';
import { reliabilityTable } from './calibration.js';
import { sessionRemainingFraction } from './session.js';

/** Tuesday 4 June 2024, 12:45 in New York (EDT, UTC-4): half of the 09:30-16:00 session is left. */
const MIDSESSION = Date.UTC(2024, 5, 4, 16, 45);

describe('breachProbability (reflection principle)', () => {
  it('is twice the normal tail of headroom / (sigma sqrt h)', () => {
    // H = 1.959964 sigma sqrt(h): the end point is below -H with 2.5 %, the running minimum with 5 %.
    expect(breachProbability(1.959964 * 800 * Math.sqrt(0.25), 800, 0.25)).toBeCloseTo(0.05, 6);
    expect(breachProbability(1000, 1000, 1)).toBeCloseTo(0.31731050786, 9);
  });

  it('is 1 once the headroom is used up and 0 with no time or no exposure left', () => {
    expect(breachProbability(0, 500, 0.5)).toBe(1);
    expect(breachProbability(-10, 500, 0)).toBe(1);
    expect(breachProbability(100, 500, 0)).toBe(0);
    expect(breachProbability(100, 0, 0.7)).toBe(0);
  });

  it('names bad input', () => {
    expect(() => breachProbability(100, -1, 0.5)).toThrow(NwsError);
    expect(() => breachProbability(100, 10, 1.5)).toThrow('horizon 1.5');
  });
});

describe('sessionRemainingFraction', () => {
  it('counts the rest of the default New York session', () => {
    expect(sessionRemainingFraction(MIDSESSION)).toBeCloseTo(0.5, 9);
    expect(sessionRemainingFraction(Date.UTC(2024, 5, 4, 12))).toBe(1); // 08:00 New York, before the open
    expect(sessionRemainingFraction(Date.UTC(2024, 5, 4, 21))).toBe(0); // 17:00, after the close
    expect(sessionRemainingFraction(Date.UTC(2024, 5, 8, 16, 45))).toBe(0); // Saturday
  });

  it('follows given sessions, several a day', () => {
    const sessions = { timeZone: 'UTC', sessions: [{ days: [2], open: '08:00', close: '12:00' }, { days: [2], open: '13:00', close: '17:00' }] };
    // 10:00 on a Tuesday: 2 h of the morning and 4 h of the afternoon left out of 8 h.
    expect(sessionRemainingFraction(Date.UTC(2024, 5, 4, 10), sessions)).toBeCloseTo(0.75, 9);
    expect(sessionRemainingFraction(Date.UTC(2024, 5, 4, 12, 30), sessions)).toBeCloseTo(0.5, 9);
  });

  it('names an unknown time zone', () => {
    expect(() => sessionRemainingFraction(MIDSESSION, { timeZone: 'Mars/Olympus', sessions: [{ days: [1], open: '09:00', close: '17:00' }] })).toThrow(
      "trading sessions: 'Mars/Olympus' is not an IANA time zone such as America/New_York",
    );
  });
});

describe('forecastDailyLossBreach', () => {
  /** Returns alternating +-v: the EWMA variance is exactly v^2 whatever lambda. */
  const alternating = (v: number, days = 60) => Float64Array.from({ length: days }, (_, day) => (day % 2 === 0 ? v : -v));

  it('uses the EWMA sigma of the held exposures, the loss so far and the session left', () => {
    const state = riskState(100_000);
    fill(state, AAPL, 'BUY', 100, 100); // exposure 10,000
    state.setMark(AAPL, 95); // lost 500 today
    const forecast = forecastDailyLossBreach(state, { maxLoss: 1_000, ts: MIDSESSION, history: { instrumentIds: [AAPL, MSFT], returns: [alternating(0.05), alternating(0.01)] } });
    expect(forecast.lossSoFar).toBeCloseTo(500, 9);
    expect(forecast.headroom).toBeCloseTo(500, 9);
    expect(forecast.sessionSigma).toBeCloseTo(9_500 * 0.05, 9); // exposure at the mark 95
    expect(forecast.horizonFraction).toBeCloseTo(0.5, 9);
    expect(forecast.probability).toBeCloseTo(breachProbability(500, 475, 0.5), 12);
    expect(forecast.probability).toBeGreaterThan(0.1);
  });

  it('adds positions without history at their own volatility, linearly (an upper bound)', () => {
    const state = riskState(100_000);
    fill(state, AAPL, 'BUY', 100, 100);
    fill(state, MSFT, 'SELL', 10, 200); // -2,000, no history
    state.setVolatility(MSFT, 0.02);
    const forecast = forecastDailyLossBreach(state, { maxLoss: 1_000, ts: MIDSESSION, history: { instrumentIds: [AAPL], returns: [alternating(0.05)] } });
    expect(forecast.sessionSigma).toBeCloseTo(10_000 * 0.05 + 2_000 * 0.02, 9);
  });

  it('names a history whose ids and columns do not match', () => {
    const state = riskState(100_000);
    fill(state, AAPL, 'BUY', 100, 100);
    expect(() => forecastDailyLossBreach(state, { maxLoss: 1_000, ts: MIDSESSION, history: { instrumentIds: [AAPL, MSFT], returns: [alternating(0.01)] } })).toThrow(
      'return history has 2 instrument ids but 1 return columns',
    );
    expect(() => forecastDailyLossBreach(state, { maxLoss: 0, ts: MIDSESSION })).toThrow('maxLoss must be a positive amount, got 0');
  });

  it('is certain once the limit is reached and zero for a flat book', () => {
    const state = riskState(100_000);
    expect(forecastDailyLossBreach(state, { maxLoss: 1_000, ts: MIDSESSION }).probability).toBe(0);
    fill(state, AAPL, 'BUY', 100, 100);
    state.setMark(AAPL, 89);
    expect(forecastDailyLossBreach(state, { maxLoss: 1_000, ts: MIDSESSION }).probability).toBe(1);
  });

  it('forecasts each daily-loss limit of an engine, over the sessions of its trading-hours limit', () => {
    const state = riskState(100_000);
    fill(state, AAPL, 'BUY', 100, 100);
    const engine = new RiskEngine({
      state,
      config: { limits: [{ type: 'daily-loss', maxLoss: 2_000 }, { type: 'trading-hours', timeZone: 'UTC', sessions: [{ open: '08:00', close: '18:00' }] }] },
    });
    const checks = engine.limitChecks();
    const forecasts = forecastDailyLossLimits(state, engine.limits().map((config, index) => ({ id: checks[index]!.id, config })), { ts: Date.UTC(2024, 5, 4, 13) });
    expect([...forecasts.keys()]).toEqual(['daily-loss:account']);
    expect(forecasts.get('daily-loss:account')!.horizonFraction).toBeCloseTo(0.5, 9);
    expect(forecasts.get('daily-loss:account')!.sessionSigma).toBeCloseTo(10_000 * 0.03, 9); // default volatility
  });
});

/**
 * Calibration on generated days. Each day the P&L is a driftless random walk with a known session
 * sigma (drawn per day, so the forecasts spread over the whole 0..1 range). At a random point of the
 * day the forecast is made from the loss so far, the sigma and the time left; then the day plays out
 * and we record whether the loss touched the limit. Between two steps the continuous path crosses
 * the limit with the Brownian-bridge probability exp(-2 (a + L)(b + L) / (sigma^2 dt)), drawn too,
 * so the realised breaches are those of a continuously watched path, what the formula describes.
 */
function simulateDays(options: { days: number; seed: number; sigmaFactor: number; endPointOnly?: boolean }) {
  const STEPS = 200;
  const LIMIT = 1_000;
  const dt = 1 / STEPS;
  const rng = new Xoshiro128(options.seed);
  const forecasts: number[] = [];
  const outcomes: boolean[] = [];
  const crossed = (from: number, to: number, sigma: number) => {
    if (from <= -LIMIT || to <= -LIMIT) return true;
    return rng.nextUniform() < Math.exp((-2 * (from + LIMIT) * (to + LIMIT)) / (sigma * sigma * dt));
  };
  for (let day = 0; day < options.days; day++) {
    const sigma = 250 + 2_250 * rng.nextUniform();
    const forecastStep = Math.floor((0.1 + 0.8 * rng.nextUniform()) * STEPS);
    const stepSigma = sigma * Math.sqrt(dt);
    let pnl = 0;
    let breachedEarly = false;
    for (let step = 0; step < forecastStep; step++) {
      const next = pnl + stepSigma * rng.nextNormal();
      if (crossed(pnl, next, sigma)) breachedEarly = true;
      pnl = next;
    }
    if (breachedEarly) continue; // already breached: nothing left to forecast
    const horizon = (STEPS - forecastStep) / STEPS;
    const headroom = LIMIT + pnl;
    const forecast = breachProbability(headroom, sigma * options.sigmaFactor, horizon);
    forecasts.push(options.endPointOnly ? forecast / 2 : forecast);
    let breached = false;
    for (let step = forecastStep; step < STEPS; step++) {
      const next = pnl + stepSigma * rng.nextNormal();
      if (!breached && crossed(pnl, next, sigma)) breached = true;
      pnl = next;
    }
    outcomes.push(breached);
  }
  return reliabilityTable(forecasts, outcomes);
}

describe('breach forecast calibration on generated days', () => {
  it('realised breach frequency lies within the binomial band of the mean forecast in every bucket', () => {
    const table = simulateDays({ days: 12_000, seed: 2026, sigmaFactor: 1 });
    expect(table.length).toBe(5);
    for (const bucket of table) {
      expect(bucket.count).toBeGreaterThan(300);
      expect(bucket.withinBand, `bucket [${bucket.from}, ${bucket.to}): forecast ${bucket.meanForecast.toFixed(3)}, realised ${bucket.realised.toFixed(3)}, band ±${bucket.band.toFixed(3)}`).toBe(true);
    }
  });

  it('detects a sigma twice too large as miscalibrated (forecasts far above what happens)', () => {
    const table = simulateDays({ days: 12_000, seed: 2026, sigmaFactor: 2 });
    const outside = table.filter((bucket) => !bucket.withinBand);
    expect(outside.length).toBeGreaterThanOrEqual(2);
    for (const bucket of outside) expect(bucket.realised).toBeLessThan(bucket.meanForecast);
  });

  it('detects the end-point probability (half the reflection one) as too low', () => {
    const table = simulateDays({ days: 12_000, seed: 7, sigmaFactor: 1, endPointOnly: true });
    const outside = table.filter((bucket) => !bucket.withinBand);
    expect(outside.length).toBeGreaterThanOrEqual(2);
    for (const bucket of outside) expect(bucket.realised).toBeGreaterThan(bucket.meanForecast);
  });
});
