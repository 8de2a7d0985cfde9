// What a replay is asked to do: which stored series, over which range, how fast. Frozen plain data
// from a strict schema; every bad field is named at once.
import { z } from 'zod';
import { ErrorCode, NwsError, describeIssues, formatBarSpec, parseBarSpec } from '@nws/core';

/** Slowest and fastest paced speed: 1× is the bars' own time, 1000× plays a 1-minute bar in 60 ms. */
export const MIN_REPLAY_SPEED = 1;
export const MAX_REPLAY_SPEED = 1000;

/** A number of times real time, or `max`: as fast as the machine goes (tests, quick rehearsals). */
export type ReplaySpeed = number | 'max';

export const replaySpeedSchema = z.union([
  z.literal('max'),
  z
    .number()
    .refine((speed) => Number.isFinite(speed) && speed >= MIN_REPLAY_SPEED && speed <= MAX_REPLAY_SPEED, {
      message: `must be from ${MIN_REPLAY_SPEED} to ${MAX_REPLAY_SPEED} (times the bars' own time) or 'max'`,
    }),
]);

export const replayRequestSchema = z.strictObject({
  /** Instruments whose stored bars are replayed, merged by time; ties go in this order. */
  instrumentIds: z.array(z.string().min(3).max(128)).min(1).max(100),
  /** Bar spec of the stored series, e.g. `1m`. */
  barType: z.string().min(2).max(16),
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
  readonly barType: string;
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
  let barType: string;
  try {
    barType = formatBarSpec(parseBarSpec(request.barType));
  } catch (error) {
    throw new NwsError(ErrorCode.InvalidArgument, `invalid replay: barType: ${(error as Error).message}`);
  }
  return Object.freeze({
    instrumentIds: Object.freeze([...request.instrumentIds]),
    barType,
    from: request.from,
    to: request.to,
    speed: request.speed,
    replayId: request.replayId,
    progressEveryMs: request.progressEveryMs,
  });
}

/** Checks a speed given on its own (e.g. `setSpeed`). */
export function parseReplaySpeed(input: unknown): ReplaySpeed {
  const parsed = replaySpeedSchema.safeParse(input);
  if (!parsed.success) throw new NwsError(ErrorCode.InvalidArgument, `invalid replay speed ${JSON.stringify(input)}: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}
