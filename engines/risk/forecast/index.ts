// Breach forecast of the daily loss limit, its trading-session horizon, and a reliability check.
export { DEFAULT_FORECAST_DAILY_VOLATILITY, breachProbability, forecastDailyLossBreach, forecastDailyLossLimits, portfolioSessionSigma } from './breach-forecast.js';
export type { BreachForecast, DailyLossForecastOptions, ReturnHistory } from './breach-forecast.js';
export { DEFAULT_TRADING_SESSIONS, sessionRemainingFraction, sessionsFromLimits } from './session.js';
export type { TradingSessions } from './session.js';
export { reliabilityTable } from './calibration.js';
export type { ReliabilityBucket, ReliabilityOptions } from './calibration.js';
