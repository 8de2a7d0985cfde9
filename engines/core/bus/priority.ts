/**
 * Message priorities, highest first. The drain loop always delivers the highest-priority queued
 * message next, so a critical message overtakes queued normal ones.
 */
export const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Index into PRIORITIES: 0 is the most urgent. */
export type PriorityRank = 0 | 1 | 2 | 3;

export const priorityRank: Readonly<Record<Priority, PriorityRank>> = Object.freeze({ critical: 0, high: 1, normal: 2, low: 3 });

export function isPriority(value: unknown): value is Priority {
  return typeof value === 'string' && Object.hasOwn(priorityRank, value);
}
