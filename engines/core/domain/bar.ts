import { z } from 'zod';
import { ErrorCode, NwsError } from '../errors.js';
import { instrumentIdSchema, parseInstrumentId } from './ids.js';
import type { InstrumentId } from './ids.js';

/** s second, m minute, h hour, d day, w week, M month (case matters: `m` is minute, `M` month). */
export const BAR_UNITS = ['s', 'm', 'h', 'd', 'w', 'M'] as const;
export type BarUnit = (typeof BAR_UNITS)[number];

/** The aggregation of a bar series without the instrument: `1m`, `5m`, `1d`. */
export interface BarSpec {
  step: number;
  unit: BarUnit;
}

/** Which series a bar belongs to; string form `AAPL.XNAS-1m`. */
export interface BarType extends BarSpec {
  instrumentId: InstrumentId;
}

/**
 * One OHLCV bar. `ts` is the bar's OPEN time in epoch ms UTC; the bar covers
 * [ts, ts + barIntervalMs). Prices are in the instrument's currency.
 */
export interface Bar {
  barType: BarType;
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  openInterest?: number;
}

const UNIT_MS: Record<BarUnit, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  M: 2_592_000_000,
};

/**
 * Length of one bar in ms. Exact for s/m/h and for d (24 h) and w (7 d) in UTC; `M` is a
 * NOMINAL 30 days, good for sizing windows and ratios but not for month boundaries (use the
 * calendar for those).
 */
export function barIntervalMs(unit: BarUnit, step: number): number {
  checkStep(step);
  const unitMs = UNIT_MS[unit];
  if (unitMs === undefined) throw new NwsError(ErrorCode.InvalidValue, `bar unit '${String(unit)}' is not one of ${BAR_UNITS.join(', ')}`);
  return unitMs * step;
}

function checkStep(step: number): void {
  if (!Number.isSafeInteger(step) || step < 1) {
    throw new NwsError(ErrorCode.InvalidValue, `bar step ${step} must be a positive integer`);
  }
}

const SPEC_PATTERN = /^([1-9][0-9]*)([smhdwM])$/;

/** Why `text` is not a bar spec, or undefined when it is one. */
function barSpecProblem(text: string): string | undefined {
  const match = SPEC_PATTERN.exec(text);
  if (!match) return `bar spec '${text}' must be a positive step and a unit s, m, h, d, w or M (e.g. 1m, 5m, 1d)`;
  if (!Number.isSafeInteger(Number(match[1]))) return `bar spec '${text}' has a step too large`;
  return undefined;
}

/** `'5m'` -> `{ step: 5, unit: 'm' }`. Throws INVALID_VALUE naming the text. */
export function parseBarSpec(text: string): BarSpec {
  const problem = barSpecProblem(text);
  if (problem !== undefined) throw new NwsError(ErrorCode.InvalidValue, problem, { value: text });
  const match = SPEC_PATTERN.exec(text)!;
  return { step: Number(match[1]), unit: match[2] as BarUnit };
}

export function formatBarSpec(spec: BarSpec): string {
  checkStep(spec.step);
  if (!BAR_UNITS.includes(spec.unit)) throw new NwsError(ErrorCode.InvalidValue, `bar unit '${String(spec.unit)}' is not one of ${BAR_UNITS.join(', ')}`);
  return `${spec.step}${spec.unit}`;
}

/** `barType(id, '1m')` or `barType(id, { step: 1, unit: 'm' })`. */
export function barType(instrumentId: InstrumentId, spec: string | BarSpec): BarType {
  const { step, unit } = typeof spec === 'string' ? parseBarSpec(spec) : parseBarSpec(formatBarSpec(spec));
  return { instrumentId, step, unit };
}

/** `'AAPL.XNAS-1m'` -> BarType. The spec follows the LAST dash, so symbols like BTC-USD work. */
export function parseBarType(text: string): BarType {
  const dash = text.lastIndexOf('-');
  if (dash <= 0) {
    throw new NwsError(ErrorCode.InvalidValue, `bar type '${text}' must be INSTRUMENT_ID-SPEC (e.g. AAPL.XNAS-1m)`, { value: text });
  }
  return barType(parseInstrumentId(text.slice(0, dash)), text.slice(dash + 1));
}

export function formatBarType(type: BarType): string {
  return `${type.instrumentId}-${formatBarSpec(type)}`;
}

// ---- validation ----

export const BAR_RULES = [
  'non-finite',
  'high-below-low',
  'open-outside-range',
  'close-outside-range',
  'negative-volume',
  'negative-open-interest',
  'invalid-ts',
] as const;
export type BarRule = (typeof BAR_RULES)[number];

export interface BarIssue {
  rule: BarRule;
  message: string;
}

type BarValues = Pick<Bar, 'ts' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'openInterest'>;

const PRICE_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Every rule the bar breaks, empty when it is sound. Range rules are only checked once all
 * values are finite, so a NaN bar reports `non-finite` and nothing derived from the NaN.
 */
export function validateBar(bar: BarValues): BarIssue[] {
  const issues: BarIssue[] = [];
  if (!Number.isSafeInteger(bar.ts)) issues.push({ rule: 'invalid-ts', message: `ts ${bar.ts} is not an integer epoch ms time` });
  const nonFinite = PRICE_FIELDS.filter((field) => !Number.isFinite(bar[field]));
  if (bar.openInterest !== undefined && !Number.isFinite(bar.openInterest)) {
    issues.push({ rule: 'non-finite', message: `openInterest is ${bar.openInterest}` });
  }
  if (nonFinite.length > 0) {
    issues.push({ rule: 'non-finite', message: nonFinite.map((field) => `${field} is ${bar[field]}`).join(', ') });
    return issues;
  }
  if (bar.high < bar.low) issues.push({ rule: 'high-below-low', message: `high ${bar.high} < low ${bar.low}` });
  if (bar.open > bar.high || bar.open < bar.low) {
    issues.push({ rule: 'open-outside-range', message: `open ${bar.open} outside [low ${bar.low}, high ${bar.high}]` });
  }
  if (bar.close > bar.high || bar.close < bar.low) {
    issues.push({ rule: 'close-outside-range', message: `close ${bar.close} outside [low ${bar.low}, high ${bar.high}]` });
  }
  if (bar.volume < 0) issues.push({ rule: 'negative-volume', message: `volume ${bar.volume} is negative` });
  if (bar.openInterest !== undefined && bar.openInterest < 0) {
    issues.push({ rule: 'negative-open-interest', message: `openInterest ${bar.openInterest} is negative` });
  }
  return issues;
}

// ---- schemas ----

export const barSpecSchema = z
  .string()
  .check((ctx) => {
    const problem = barSpecProblem(ctx.value);
    if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  })
  .transform((text): BarSpec => parseBarSpec(text));

const barTypeObjectSchema = z.strictObject({
  instrumentId: instrumentIdSchema,
  step: z.number().int().positive(),
  unit: z.enum(BAR_UNITS),
});

const barTypeStringSchema = z.string().transform((text, ctx): BarType => {
  try {
    return parseBarType(text);
  } catch (error) {
    ctx.issues.push({ code: 'custom', message: error instanceof Error ? error.message : String(error), input: text });
    return z.NEVER;
  }
});

/** Accepts the string form `AAPL.XNAS-1m` or the object form; gives the object form. */
export const barTypeSchema = z.union([barTypeStringSchema, barTypeObjectSchema]);

/** A bar from outside: fields typed, then every `validateBar` rule reported as an issue on its field. */
export const barSchema = z
  .strictObject({
    barType: barTypeSchema,
    ts: z.number().int(),
    open: z.number(),
    high: z.number(),
    low: z.number(),
    close: z.number(),
    volume: z.number(),
    openInterest: z.number().optional(),
  })
  .superRefine((bar, ctx) => {
    for (const issue of validateBar(bar)) {
      ctx.addIssue({ code: 'custom', path: [RULE_FIELD[issue.rule]], message: `${issue.rule}: ${issue.message}` });
    }
  });

const RULE_FIELD: Record<BarRule, keyof Bar> = {
  'non-finite': 'close',
  'high-below-low': 'high',
  'open-outside-range': 'open',
  'close-outside-range': 'close',
  'negative-volume': 'volume',
  'negative-open-interest': 'openInterest',
  'invalid-ts': 'ts',
};
