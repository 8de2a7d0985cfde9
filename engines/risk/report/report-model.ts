// The one risk report data model every format renders: limits with utilisation and the breach
// forecast, stored breach events, VaR/CVaR by method and confidence, exposures and stress results.
// JSON has no NaN or Infinity, so a number that cannot be had is null.
import { z } from 'zod';

const money = z.number();
const maybe = z.number().nullable();

export const reportLimitSchema = z.strictObject({
  id: z.string(),
  type: z.string(),
  /** `account`, `strategy S-A`, `instrument AAPL.XNAS`, `sector Energy`. */
  scope: z.string(),
  action: z.string(),
  value: maybe,
  threshold: maybe,
  /** value / threshold; null for order-only limits (size, price band, rate, hours, lists). */
  utilisation: maybe,
  level: z.enum(['ok', 'warning', 'breach']).nullable(),
  /** The instrument or sector of the worst reading. */
  subject: z.string().nullable(),
  /** Daily-loss limits only: P(breach before the session ends). */
  breachProbability: maybe,
});

export const reportBreachSchema = z.strictObject({
  ts: z.number(),
  limitId: z.string(),
  limitType: z.string(),
  value: maybe,
  threshold: maybe,
  utilisation: maybe,
  subject: z.string().nullable(),
  actionTaken: z.string(),
});

export const reportVarSchema = z.strictObject({
  method: z.enum(['historical', 'parametric', 'monte-carlo']),
  confidence: z.number(),
  horizonDays: z.number(),
  var: money,
  cvar: money,
});

export const reportInstrumentExposureSchema = z.strictObject({
  instrumentId: z.string(),
  sector: z.string().nullable(),
  quantity: z.number(),
  mark: maybe,
  exposure: money,
  percentOfEquity: maybe,
});

export const reportSectorExposureSchema = z.strictObject({ sector: z.string(), gross: money, net: money, long: money, short: money });

export const reportStressSchema = z.strictObject({
  scenario: z.string(),
  pnl: money,
  percentOfEquity: maybe,
  bySector: z.array(z.strictObject({ sector: z.string(), pnl: money })),
});

export const riskReportSchema = z.strictObject({
  title: z.string(),
  generatedAt: z.number().int(),
  accountId: z.string(),
  currency: z.string(),
  account: z.strictObject({
    equity: money,
    dayStartEquity: money,
    peakEquity: money,
    dayPnl: money,
    realizedPnl: money,
    unrealizedPnl: money,
    tradingState: z.string(),
  }),
  limits: z.array(reportLimitSchema),
  breaches: z.array(reportBreachSchema),
  valueAtRisk: z.array(reportVarSchema),
  exposures: z.strictObject({
    gross: money,
    net: money,
    /** Sum of long position values (>= 0). */
    long: money,
    /** Sum of short position values (<= 0): net = long + short, gross = long - short. */
    short: money,
    /** gross / equity; null when equity is not positive. */
    leverage: maybe,
    byInstrument: z.array(reportInstrumentExposureSchema),
    bySector: z.array(reportSectorExposureSchema),
  }),
  stress: z.array(reportStressSchema),
  /** What the numbers rest on and what is left out (e.g. positions with no return history). */
  notes: z.array(z.string()),
});

export type RiskReport = z.infer<typeof riskReportSchema>;
export type ReportLimit = z.infer<typeof reportLimitSchema>;
export type ReportBreach = z.infer<typeof reportBreachSchema>;
export type ReportVar = z.infer<typeof reportVarSchema>;
export type ReportStress = z.infer<typeof reportStressSchema>;
