// Worker tasks used by the WorkerPool tests: each one behaves (or misbehaves) in one clear way.

export function double(payload: { value: number }): number {
  return payload.value * 2;
}

export function sum(payload: { values: Float64Array }): number {
  let total = 0;
  for (const value of payload.values) total += value;
  return total;
}

export async function sleep(payload: { ms: number; result: string }): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, payload.ms));
  return payload.result;
}

export function throwPlainError(payload: { message: string }): never {
  throw new Error(payload.message);
}

/** Shaped like an NwsError (code, message, details) without importing @nws/core into the thread. */
export function throwCodedError(payload: { field: string }): never {
  throw Object.assign(new Error(`bad field ${payload.field}`), { code: 'INVALID_ARGUMENT', details: { field: payload.field } });
}

export function exitThread(payload: { code: number }): void {
  process.exit(payload.code);
}

/** Throws from a timer, outside any promise the runner awaits: an uncaught exception in the thread. */
export function crashAsynchronously(payload: { message: string }): Promise<never> {
  setTimeout(() => {
    throw new Error(payload.message);
  }, 10);
  return new Promise(() => {});
}

export function threadId(): Promise<number> {
  return import('node:worker_threads').then((threads) => threads.threadId);
}

export const notAFunction = 42;
