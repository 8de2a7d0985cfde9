import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, NwsError } from '@nws/core';
import { WorkerPool, defineWorkerTask } from './worker-pool.js';

const fixtures = new URL('../test-fixtures/worker-tasks.ts', import.meta.url);
const double = defineWorkerTask<{ value: number }, number>('test.double', fixtures, 'double');
const sleep = defineWorkerTask<{ ms: number; result: string }, string>('test.sleep', fixtures, 'sleep');

let pool: WorkerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

function newPool(maxThreads: number): WorkerPool {
  pool = new WorkerPool({ maxThreads, idleTimeoutMs: 10_000 });
  for (const exportName of ['throwPlainError', 'throwCodedError', 'exitThread', 'crashAsynchronously', 'sum', 'notAFunction']) {
    pool.register(defineWorkerTask(`test.${exportName}`, fixtures, exportName));
  }
  return pool;
}

async function rejection(promise: Promise<unknown>): Promise<NwsError> {
  const error = await promise.then(
    () => expect.fail('expected the task to fail'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(NwsError);
  return error as NwsError;
}

describe('WorkerPool', () => {
  it('runs a TypeScript task module in a worker thread, by definition and by name', async () => {
    const workers = newPool(1);
    expect(await workers.run(double, { value: 21 })).toBe(42);
    expect(await workers.run<number>('test.double', { value: 5 })).toBe(10);
    expect(workers.stats()).toMatchObject({ completed: 2, failed: 0, threadCrashes: 0, running: 0 });
  });

  it('moves transferred buffers into the worker', async () => {
    const workers = newPool(1);
    const values = new Float64Array([1.5, 2.5, 3]);
    const total = await workers.run<number>('test.sum', { values }, { transferList: [values.buffer] });
    expect(total).toBe(7);
    expect(values.byteLength).toBe(0); // detached: moved, not copied
  });

  it('rejects an unknown task name with NOT_FOUND naming the registered tasks', async () => {
    const workers = newPool(1);
    const error = await rejection(workers.run('test.nope', {}));
    expect(error.code).toBe(ErrorCode.NotFound);
    expect(error.message).toContain('unknown worker task "test.nope"');
    expect(error.message).toContain('test.exitThread');
  });

  it('refuses to register a different module under a taken name', () => {
    const workers = newPool(1);
    workers.register(defineWorkerTask('test.twice', fixtures, 'double'));
    workers.register(defineWorkerTask('test.twice', fixtures, 'double')); // same definition again: fine
    expect(() => workers.register(defineWorkerTask('test.twice', fixtures, 'sum'))).toThrow(/"test.twice" is already registered/);
  });

  it('returns WORKER_FAILED with the message when a task throws a plain error', async () => {
    const workers = newPool(1);
    const error = await rejection(workers.run('test.throwPlainError', { message: 'division by zero' }));
    expect(error.code).toBe(ErrorCode.WorkerFailed);
    expect(error.message).toBe('worker task "test.throwPlainError" failed: division by zero');
    expect(workers.stats().threadCrashes).toBe(0);
  });

  it("keeps the task's own error code and details", async () => {
    const workers = newPool(1);
    const error = await rejection(workers.run('test.throwCodedError', { field: 'period' }));
    expect(error.code).toBe(ErrorCode.InvalidArgument);
    expect(error.message).toBe('bad field period');
    expect(error.details).toEqual({ field: 'period' });
  });

  it('reports a missing export as WORKER_FAILED', async () => {
    const workers = newPool(1);
    const error = await rejection(workers.run('test.notAFunction', {}));
    expect(error.code).toBe(ErrorCode.WorkerFailed);
    expect(error.message).toContain('no function export "notAFunction"');
  });

  it('survives a task that calls process.exit: the caller gets an error, other in-flight tasks finish', async () => {
    const workers = newPool(2);
    const slow = workers.run(sleep, { ms: 400, result: 'still here' });
    const exit = rejection(workers.run('test.exitThread', { code: 7 }));
    const error = await exit;
    expect(error.code).toBe(ErrorCode.WorkerFailed);
    expect(error.message).toBe('worker task "test.exitThread" failed: its worker thread exited with code 7');
    expect(await slow).toBe('still here');
    expect(await workers.run(double, { value: 4 })).toBe(8); // the pool replaced the dead thread
    expect(workers.stats().threadCrashes).toBe(1);
  });

  it('survives an uncaught asynchronous error in a task', async () => {
    const workers = newPool(2);
    const slow = workers.run(sleep, { ms: 400, result: 'unaffected' });
    const error = await rejection(workers.run('test.crashAsynchronously', { message: 'timer blew up' }));
    expect(error.code).toBe(ErrorCode.WorkerFailed);
    expect(error.message).toBe('worker task "test.crashAsynchronously" failed: its worker thread crashed: timer blew up');
    expect(await slow).toBe('unaffected');
    expect(await workers.run(double, { value: 50 })).toBe(100);
  });

  it('runs queued tasks after the only thread dies', async () => {
    const workers = newPool(1);
    const crash = rejection(workers.run('test.exitThread', { code: 1 }));
    const queued = workers.run(double, { value: 3 });
    expect((await crash).code).toBe(ErrorCode.WorkerFailed);
    expect(await queued).toBe(6);
  });

  it('cancels a running task through its AbortSignal and keeps serving others', async () => {
    const workers = newPool(1);
    const controller = new AbortController();
    const started = Date.now();
    const cancelled = rejection(workers.run(sleep, { ms: 5_000, result: 'too late' }, { signal: controller.signal }));
    const queuedBehindIt = workers.run(double, { value: 1 });
    setTimeout(() => controller.abort(), 100);
    const error = await cancelled;
    expect(error.code).toBe(ErrorCode.Cancelled);
    expect(error.message).toBe('worker task "test.sleep" was cancelled');
    expect(await queuedBehindIt).toBe(2);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('rejects a task whose signal is already aborted without running it', async () => {
    const workers = newPool(1);
    const error = await rejection(workers.run(double, { value: 1 }, { signal: AbortSignal.abort() }));
    expect(error.code).toBe(ErrorCode.Cancelled);
  });

  it('refuses work after close, and close is idempotent', async () => {
    const workers = newPool(1);
    await workers.close();
    await workers.close();
    const error = await rejection(workers.run(double, { value: 1 }));
    expect(error.message).toBe('worker pool is closed');
  });

  it('validates task definitions and pool size', () => {
    expect(() => defineWorkerTask('has space', fixtures)).toThrow(/dot-separated/);
    expect(() => defineWorkerTask('x.y', 'relative/path.ts')).toThrow(/file: URL or absolute path/);
    expect(() => new WorkerPool({ maxThreads: 0 })).toThrow(/maxThreads must be an integer >= 1/);
  });
});
