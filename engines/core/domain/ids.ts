import { z } from 'zod';
import { ErrorCode, NwsError } from '../errors.js';
import type { Brand } from './brand.js';

/** `SYMBOL.VENUE`, e.g. `AAPL.XNAS`, `ESZ24.XCME`, `EUR/USD.IDEALPRO`. */
export type InstrumentId = Brand<string, 'InstrumentId'>;
export type ClientOrderId = Brand<string, 'ClientOrderId'>;
export type VenueOrderId = Brand<string, 'VenueOrderId'>;
export type TradeId = Brand<string, 'TradeId'>;
export type PositionId = Brand<string, 'PositionId'>;
export type StrategyId = Brand<string, 'StrategyId'>;
export type AccountId = Brand<string, 'AccountId'>;

const MAX_ID_LENGTH = 128;
// Symbols may hold dots (BRK.B), slashes (EUR/USD), dashes (BTC-USD) and the odd index sigil (^GSPC);
// the venue is the part after the LAST dot and is a plain code.
const SYMBOL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\/\-^=+&:]*$/;
const VENUE_PATTERN = /^[A-Za-z0-9_]+$/;
const PLAIN_ID_PATTERN = /^\S+$/;

/** Why `text` is not a valid part/id, or undefined when it is. */
function symbolProblem(symbol: string): string | undefined {
  if (symbol.length === 0) return 'symbol is empty';
  if (!SYMBOL_PATTERN.test(symbol)) return `symbol '${symbol}' has characters outside [A-Za-z0-9._/-^=+&:]`;
  return undefined;
}

function venueProblem(venue: string): string | undefined {
  if (venue.length === 0) return 'venue is empty';
  if (!VENUE_PATTERN.test(venue)) return `venue '${venue}' must be letters, digits or '_'`;
  return undefined;
}

/** Why `text` is not an `InstrumentId`, or undefined when it is one. */
export function instrumentIdProblem(text: unknown): string | undefined {
  if (typeof text !== 'string') return `instrument id must be a string, got ${typeof text}`;
  if (text.length > MAX_ID_LENGTH) return `instrument id is longer than ${MAX_ID_LENGTH} characters`;
  const dot = text.lastIndexOf('.');
  if (dot < 0) return `instrument id '${text}' must be SYMBOL.VENUE (e.g. AAPL.XNAS)`;
  const problem = symbolProblem(text.slice(0, dot)) ?? venueProblem(text.slice(dot + 1));
  return problem === undefined ? undefined : `instrument id '${text}': ${problem}`;
}

export function isInstrumentId(text: unknown): text is InstrumentId {
  return instrumentIdProblem(text) === undefined;
}

/** `instrumentId('AAPL', 'XNAS')` gives `AAPL.XNAS`. */
export function instrumentId(symbol: string, venue: string): InstrumentId {
  const problem = symbolProblem(symbol) ?? venueProblem(venue);
  if (problem !== undefined) throw new NwsError(ErrorCode.InvalidValue, `instrument id: ${problem}`, { symbol, venue });
  return `${symbol}.${venue}` as InstrumentId;
}

/** Checks a `SYMBOL.VENUE` string and brands it. */
export function parseInstrumentId(text: string): InstrumentId {
  const problem = instrumentIdProblem(text);
  if (problem !== undefined) throw new NwsError(ErrorCode.InvalidValue, problem, { value: text });
  return text as InstrumentId;
}

/** Splits at the last dot: `BRK.B.XNYS` is symbol `BRK.B` on venue `XNYS`. */
export function splitInstrumentId(id: InstrumentId): { symbol: string; venue: string } {
  const dot = id.lastIndexOf('.');
  return { symbol: id.slice(0, dot), venue: id.slice(dot + 1) };
}

export function formatInstrumentId(parts: { symbol: string; venue: string }): InstrumentId {
  return instrumentId(parts.symbol, parts.venue);
}

function plainIdProblem(kind: string, text: unknown): string | undefined {
  if (typeof text !== 'string') return `${kind} must be a string, got ${typeof text}`;
  if (text.length === 0) return `${kind} is empty`;
  if (text.length > MAX_ID_LENGTH) return `${kind} is longer than ${MAX_ID_LENGTH} characters`;
  if (!PLAIN_ID_PATTERN.test(text)) return `${kind} '${text}' contains whitespace`;
  return undefined;
}

function plainId<T extends string>(kind: string, text: string): T {
  const problem = plainIdProblem(kind, text);
  if (problem !== undefined) throw new NwsError(ErrorCode.InvalidValue, problem, { value: text });
  return text as T;
}

export const clientOrderId = (text: string): ClientOrderId => plainId<ClientOrderId>('client order id', text);
export const venueOrderId = (text: string): VenueOrderId => plainId<VenueOrderId>('venue order id', text);
export const tradeId = (text: string): TradeId => plainId<TradeId>('trade id', text);
export const positionId = (text: string): PositionId => plainId<PositionId>('position id', text);
export const strategyId = (text: string): StrategyId => plainId<StrategyId>('strategy id', text);
export const accountId = (text: string): AccountId => plainId<AccountId>('account id', text);

// ---- schemas: input is a plain string, output the branded id ----

export const instrumentIdSchema = z
  .string()
  .check((ctx) => {
    const problem = instrumentIdProblem(ctx.value);
    if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  })
  .transform((text) => text as InstrumentId);

function plainIdSchema<T extends string>(kind: string) {
  return z
    .string()
    .check((ctx) => {
      const problem = plainIdProblem(kind, ctx.value);
      if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    })
    .transform((text) => text as T);
}

export const clientOrderIdSchema = plainIdSchema<ClientOrderId>('client order id');
export const venueOrderIdSchema = plainIdSchema<VenueOrderId>('venue order id');
export const tradeIdSchema = plainIdSchema<TradeId>('trade id');
export const positionIdSchema = plainIdSchema<PositionId>('position id');
export const strategyIdSchema = plainIdSchema<StrategyId>('strategy id');
export const accountIdSchema = plainIdSchema<AccountId>('account id');
