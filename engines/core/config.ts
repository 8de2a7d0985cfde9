// Config is frozen plain data from a strict schema: one helper so every engine validates,
// reports and freezes the same way.
import type { z } from 'zod';
import { ErrorCode, NwsError, describeIssues } from './errors.js';

/**
 * Validates `input` against `schema` (defaults applied) and deep-freezes the result. On failure
 * throws NwsError(INVALID_CONFIG) whose message names every bad field at once, e.g.
 * `invalid risk config: warnAt: Too big: expected number to be <=1; colour: Unrecognized key`;
 * `details.issues` lists them as `{path, message}`.
 */
export function parseFrozenConfig<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new NwsError(ErrorCode.InvalidConfig, `invalid ${what}: ${describeIssues(parsed.error.issues)}`, {
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
    });
  }
  return deepFreeze(parsed.data);
}

/** Freezes an object graph of plain data in place and returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
