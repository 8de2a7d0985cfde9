import { ErrorCode, NwsError } from '../errors.js';

// Argument checks shared by SimulatedClock and WallClock, so both refuse the same inputs.

export function checkTimerName(name: string, taken: boolean): void {
  if (typeof name !== 'string' || name.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'timer name must be a non-empty string');
  if (taken) throw new NwsError(ErrorCode.Conflict, `a timer named '${name}' is already set`);
}

export function checkTime(name: string, label: string, ms: number): void {
  if (!Number.isFinite(ms)) throw new NwsError(ErrorCode.InvalidArgument, `timer '${name}': ${label} ${ms} is not a finite epoch ms time`);
}

export function checkInterval(name: string, intervalMs: number): void {
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
    throw new NwsError(ErrorCode.InvalidArgument, `timer '${name}': interval ${intervalMs} ms must be a positive number`);
  }
}

/** First grid time `startMs + k * intervalMs` (k >= 0) that is not before `nowMs`. */
export function firstIntervalTime(startMs: number, intervalMs: number, nowMs: number): number {
  if (startMs >= nowMs) return startMs;
  return startMs + Math.ceil((nowMs - startMs) / intervalMs) * intervalMs;
}
