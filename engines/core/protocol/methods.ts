import { z } from 'zod';
import type { EngineState } from '../bus/payloads.js';
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
});
export type SystemHealth = z.infer<typeof SystemHealth>;

export const StoredInstrumentSummary = z.object({
  instrumentId: z.string(),
  name: z.string().optional(),
  sector: z.string().optional(),
  assetClass: z.string().optional(),
  series: z.array(z.object({ barType: z.string(), rows: z.int().nonnegative(), firstTs: z.number(), lastTs: z.number() })),
  totalRows: z.int().nonnegative(),
});
export type StoredInstrumentSummary = z.infer<typeof StoredInstrumentSummary>;

/** Longest text `system.echo` accepts; the frame limit usually bites first. */
export const maxEchoTextLength = 1_048_576;

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
