// The Host's pool of worker threads for CPU-heavy work (indicator batches, backtests, sweeps,
// inference). Engines add tasks by registering a module + export under a task name; callers run
// them by name. A task that throws rejects with its NwsError code (WORKER_FAILED otherwise); a
// task that kills its thread rejects with WORKER_FAILED while the pool replaces the thread and
// every other task carries on.
import { EventEmitter } from 'node:events';
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { ErrorCode, NwsError, isErrorShape } from '@nws/core';
import { WAKE_REQUEST, type TaskFailure, type TaskRequest, type TaskResponse } from './messages.js';

const WORKER_ENTRY = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));

/** A task engines register: `exportName` of `moduleUrl` is called with the payload in a worker. */
export interface WorkerTask<Payload = unknown, Result = unknown> {
  readonly name: string;
  readonly moduleUrl: string;
  readonly exportName: string;
  /** Type-only: carries Payload and Result to `run`. Never set at run time. */
  readonly __types?: (payload: Payload) => Result;
}

/**
 * Declares a worker task. `module` is a file: URL or absolute path, usually
 * `new URL('./tasks/compute.ts', import.meta.url)` from the engine that owns the task.
 */
export function defineWorkerTask<Payload, Result>(
  name: string,
  module: URL | string,
  exportName = 'default',
): WorkerTask<Payload, Result> {
  if (!/^[a-z][\w-]*(\.[a-z][\w-]*)*$/i.test(name)) {
    throw new NwsError(ErrorCode.InvalidArgument, `worker task name "${name}" must be dot-separated words, e.g. "features.batch"`);
  }
  const moduleUrl = module instanceof URL ? module.href : isAbsolute(module) ? pathToFileURL(module).href : module;
  if (!moduleUrl.startsWith('file:')) {
    throw new NwsError(ErrorCode.InvalidArgument, `worker task "${name}": module must be a file: URL or absolute path, got ${String(module)}`);
  }
  return Object.freeze({ name, moduleUrl, exportName });
}

export interface WorkerPoolOptions {
  maxThreads: number;
  /** Threads kept alive while idle; 0 starts threads only when work arrives. */
  minThreads?: number;
  idleTimeoutMs?: number;
  /** How long close() lets running tasks finish before ending their threads. */
  closeTimeoutMs?: number;
}

export interface RunTaskOptions {
  signal?: AbortSignal;
  /** ArrayBuffers inside the payload to move to the worker instead of copying. */
  transferList?: ArrayBuffer[];
}

export interface WorkerPoolStats {
  threads: number;
  maxThreads: number;
  running: number;
  queued: number;
  completed: number;
  failed: number;
  /** Threads that died (process.exit, uncaught error) and were replaced. */
  threadCrashes: number;
}

export interface WorkerPoolEvents {
  /** A thread died; `taskName` is the task it was running, if any. */
  threadCrash: [error: NwsError];
}

export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  private readonly piscina: Piscina<TaskRequest, TaskResponse>;
  private readonly tasks = new Map<string, WorkerTask>();
  private running = 0;
  private failed = 0;
  private threadCrashes = 0;
  private closing: Promise<void> | null = null;

  constructor(options: WorkerPoolOptions) {
    super();
    if (!Number.isInteger(options.maxThreads) || options.maxThreads < 1) {
      throw new NwsError(ErrorCode.InvalidArgument, `worker pool maxThreads must be an integer >= 1, got ${options.maxThreads}`);
    }
    this.piscina = new Piscina<TaskRequest, TaskResponse>({
      filename: WORKER_ENTRY,
      maxThreads: options.maxThreads,
      minThreads: Math.min(options.minThreads ?? 0, options.maxThreads),
      idleTimeout: options.idleTimeoutMs ?? 60_000,
      closeTimeout: options.closeTimeoutMs ?? 5_000,
      // One task per thread: a thread that dies takes exactly one task with it.
      concurrentTasksPerWorker: 1,
    });
    // Piscina emits 'error' for a thread that dies with no task on it; without a listener that
    // would crash the Host.
    this.piscina.on('error', (error: unknown) => this.recordCrash(threadCrashError(undefined, error)));
  }

  /** Makes a task runnable by name. Registering the same definition twice is a no-op. */
  register<Payload, Result>(task: WorkerTask<Payload, Result>): void {
    const existing = this.tasks.get(task.name);
    if (existing && (existing.moduleUrl !== task.moduleUrl || existing.exportName !== task.exportName)) {
      throw new NwsError(ErrorCode.Conflict, `worker task "${task.name}" is already registered from ${existing.moduleUrl}`);
    }
    this.tasks.set(task.name, task as WorkerTask);
  }

  registeredTasks(): string[] {
    return [...this.tasks.keys()].sort();
  }

  /** Runs a task (registering its definition if needed) or a registered task by name. */
  run<Payload, Result>(task: WorkerTask<Payload, Result>, payload: Payload, options?: RunTaskOptions): Promise<Result>;
  run<Result = unknown>(taskName: string, payload: unknown, options?: RunTaskOptions): Promise<Result>;
  async run(taskOrName: WorkerTask | string, payload: unknown, options: RunTaskOptions = {}): Promise<unknown> {
    if (this.closing) throw new NwsError(ErrorCode.Conflict, 'worker pool is closed');
    const task = this.lookup(taskOrName);
    const request: TaskRequest = { taskName: task.name, moduleUrl: task.moduleUrl, exportName: task.exportName, payload };
    this.running += 1;
    try {
      const response = await this.dispatch(task.name, request, options);
      if (response.ok) return response.value;
      this.failed += 1;
      throw taskError(task.name, response.error);
    } finally {
      this.running -= 1;
    }
  }

  stats(): WorkerPoolStats {
    return {
      threads: this.piscina.threads.length,
      maxThreads: this.piscina.maxThreads,
      running: this.running,
      queued: this.piscina.queueSize,
      completed: this.piscina.completed,
      failed: this.failed,
      threadCrashes: this.threadCrashes,
    };
  }

  /** Rejects queued tasks, lets running ones finish (up to closeTimeoutMs), ends the threads. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.piscina.close({ force: true });
    return this.closing;
  }

  private lookup(taskOrName: WorkerTask | string): WorkerTask {
    if (typeof taskOrName !== 'string') {
      this.register(taskOrName);
      return taskOrName;
    }
    const task = this.tasks.get(taskOrName);
    if (!task) {
      const known = this.registeredTasks();
      throw new NwsError(
        ErrorCode.NotFound,
        `unknown worker task "${taskOrName}"; registered: ${known.length ? known.join(', ') : '(none)'}`,
      );
    }
    return task;
  }

  private async dispatch(taskName: string, request: TaskRequest, options: RunTaskOptions): Promise<TaskResponse> {
    try {
      return await this.piscina.run(request, { signal: options.signal ?? null, transferList: options.transferList });
    } catch (error) {
      // The runner turns every task failure into a response, so a rejection means the task was
      // cancelled, the pool closed, or the thread died (a cancelled running task's thread is ended).
      this.failed += 1;
      this.restartIfStalled();
      if (options.signal?.aborted || isAbortError(error)) {
        throw new NwsError(ErrorCode.Cancelled, `worker task "${taskName}" was cancelled`);
      }
      if (this.closing) throw new NwsError(ErrorCode.Cancelled, `worker task "${taskName}" was cancelled: the pool is closing`);
      const crash = threadCrashError(taskName, error);
      this.recordCrash(crash);
      throw crash;
    }
  }

  /** Piscina replaces a dead thread only when new work arrives: nudge it if tasks are waiting. */
  private restartIfStalled(): void {
    if (this.closing || this.piscina.queueSize === 0) return;
    this.piscina.run(WAKE_REQUEST).catch(() => undefined);
  }

  private recordCrash(error: NwsError): void {
    this.threadCrashes += 1;
    this.emit('threadCrash', error);
  }
}

function taskError(taskName: string, failure: TaskFailure): NwsError {
  const shape = { code: failure.code, message: failure.message, details: failure.details };
  if (isErrorShape(shape)) return new NwsError(shape.code, shape.message, shape.details);
  return new NwsError(ErrorCode.WorkerFailed, `worker task "${taskName}" failed: ${failure.message}`, failure.details);
}

function threadCrashError(taskName: string | undefined, error: unknown): NwsError {
  const cause = error instanceof Error ? error.message : String(error);
  const exit = /worker exited with code: (-?\d+)/.exec(cause);
  const reason = exit ? `its worker thread exited with code ${exit[1]}` : `its worker thread crashed: ${cause}`;
  const subject = taskName === undefined ? 'an idle worker thread' : `worker task "${taskName}"`;
  return new NwsError(ErrorCode.WorkerFailed, taskName === undefined ? `${subject} died: ${cause}` : `${subject} failed: ${reason}`);
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
