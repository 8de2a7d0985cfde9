// What a replay is asked to do: which stored series (bars of one spec, or ticks), over which range, how fast. Frozen plain data
// from a strict schema; every bad field is named at once.
import { z } from 'zod';
import { ErrorCode, NwsError, describeIssues, formatBarSpec, parseBarSpec } from '@nws/core';

/** Slowest and fastest paced speed: 1× is the data's own time, 1000× plays a 1-minute bar in 60 ms. */
export const MIN_REPLAY_SPEED = 1;
export const MAX_REPLAY_SPEED = 1000;

/** A number of times real time, or `max`: as fast as the machine goes (tests, quick rehearsals). */
export type ReplaySpeed = number | 'max';

export const replaySpeedSchema = z.union([
  z.literal('max'),
  z
    .number()
    .refine((speed) => Number.isFinite(speed) && speed >= MIN_REPLAY_SPEED && speed <= MAX_REPLAY_SPEED, {
      message: `must be from ${MIN_REPLAY_SPEED} to ${MAX_REPLAY_SPEED} (times the data's own time) or 'max'`,
    }),
]);

/** What a tick replay plays of each instrument: its stored quotes, its trades, or both. */
export const REPLAY_TICK_KINDS = ['quotes', 'trades'] as const;
export type ReplayTickKind = (typeof REPLAY_TICK_KINDS)[number];

/** `barType` of a tick replay's status and of the strategy runs on it: there is no bar step. */
export const TICK_REPLAY_BAR_TYPE = 'ticks';

export const replayRequestSchema = z.strictObject({
  /** Instruments whose stored bars (or ticks) are replayed, merged by time; ties go in this order. */
  instrumentIds: z.array(z.string().min(3).max(128)).min(1).max(100),
  /** Bar spec of the stored series, e.g. `1m`; or give `ticks` instead. */
  barType: z.string().min(2).max(16).optional(),
  /** Stored tick kinds to replay instead of bars, e.g. `['quotes', 'trades']`. */
  ticks: z.array(z.enum(REPLAY_TICK_KINDS)).min(1).max(2).optional(),
  /** Inclusive start, epoch ms; default the first stored bar. */
  from: z.int().optional(),
  /** EXCLUSIVE end, epoch ms; default after the last stored bar. */
  to: z.int().optional(),
  speed: replaySpeedSchema.default(1),
  /** Names the replay in progress events (`jobs.<replayId>.progress`); default a fresh id. */
  replayId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, - or _').optional(),
  /** Least wall time between two progress events while running. */
  progressEveryMs: z.int().min(10).max(60_000).default(250),
});

export type ReplayRequestInput = z.input<typeof replayRequestSchema>;

export interface ReplayRequest {
  readonly instrumentIds: readonly string[];
  /** The bar spec, or TICK_REPLAY_BAR_TYPE for a tick replay. */
  readonly barType: string;
  /** The tick kinds of a tick replay (each once, in the order given); undefined for bars. */
  readonly ticks: readonly ReplayTickKind[] | undefined;
  readonly from: number | undefined;
  readonly to: number | undefined;
  readonly speed: ReplaySpeed;
  readonly replayId: string | undefined;
  readonly progressEveryMs: number;
}

/** Validates a replay request; INVALID_ARGUMENT names every bad field (speed out of range, from ≥ to...). */
export function parseReplayRequest(input: unknown): ReplayRequest {
  const parsed = replayRequestSchema.safeParse(input);
  if (!parsed.success) throw new NwsError(ErrorCode.InvalidArgument, `invalid replay: ${describeIssues(parsed.error.issues)}`, parsed.error.issues);
  const request = parsed.data;
  const duplicate = request.instrumentIds.find((id, index) => request.instrumentIds.indexOf(id) !== index);
  if (duplicate !== undefined) throw new NwsError(ErrorCode.InvalidArgument, `invalid replay: instrument ${duplicate} is given twice`);
  if (request.from !== undefined && request.to !== undefined && request.from >= request.to) {
    throw new NwsError(ErrorCode.InvalidArgument, `invalid replay: from (${new Date(request.from).toISOString()}) must be before to (${new Date(request.to).toISOString()})`);
  }
  if ((request.barType === undefined) === (request.ticks === undefined)) {
    throw new NwsError(ErrorCode.InvalidArgument, "invalid replay: give either barType (stored bars) or ticks (stored 'quotes' and/or 'trades'), not both or neither");
  }
  const ticks = request.ticks === undefined ? undefined : Object.freeze([...new Set(request.ticks)]);
  return Object.freeze({
    instrumentIds: Object.freeze([...request.instrumentIds]),
    barType: request.barType === undefined ? TICK_REPLAY_BAR_TYPE : checkedBarSpec(request.barType),
    ticks,
    from: request.from,
    to: request.to,
    speed: request.speed,
    replayId: request.replayId,
    progressEveryMs: request.progressEveryMs,
  });
}

function checkedBarSpec(raw: string): string {
  try {
    return formatBarSpec(parseBarSpec(raw));
  } catch (error) {
    throw new NwsError(ErrorCode.InvalidArgument, `invalid replay: barType: ${(error as Error).message}`);
  }
}

/** Checks a speed given on its own (e.g. `setSpeed`). */
export function parseReplaySpeed(input: unknown): ReplaySpeed {
  const parsed = replaySpeedSchema.safeParse(input);
  if (!parsed.success) throw new NwsError(ErrorCode.InvalidArgument, `invalid replay speed ${JSON.stringify(input)}: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}
