import type { z } from 'zod';
import type { ReservedMethod } from './messages.js';

/**
 * One entry of the method table. `params` should be a strict object (unknown fields are refused
 * and every bad field is named); `result` a plain object, which strips fields an older client does
 * not know, so the server can grow a result without breaking it.
 */
export interface MethodDefinition<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly params: P;
  readonly result: R;
  /** One sentence: what the method does, shown in docs and in `nws` help. */
  readonly description: string;
}

export function defineMethod<P extends z.ZodType, R extends z.ZodType>(definition: MethodDefinition<P, R>): MethodDefinition<P, R> {
  return Object.freeze({ ...definition });
}

/** Method names look like `namespace.verb` so they never collide with the reserved ones. */
export type MethodNamePattern = `${string}.${string}`;

/** Compile-time guard for a table: dotted names only, never `subscribe`/`unsubscribe`. */
export type CheckedMethodTable<T> = {
  [K in keyof T]: K extends ReservedMethod ? never : K extends MethodNamePattern ? T[K] : never;
};
