// Runs inside a worker thread (loaded by worker-entry.mjs after tsx is registered). Imports the
// task's module once per thread and calls the named export. Every ordinary failure becomes a
// TaskResponse, so a rejected promise from piscina always means the thread itself died.
import { WAKE_REQUEST, type TaskFailure, type TaskRequest, type TaskResponse } from './messages.js';

type TaskModule = Record<string, unknown>;

const loadedModules = new Map<string, Promise<TaskModule>>();

export async function runTask(request: TaskRequest): Promise<TaskResponse> {
  if (request.taskName === WAKE_REQUEST.taskName) return { ok: true, value: null };
  try {
    const handler = await resolveHandler(request);
    return { ok: true, value: await handler(request.payload) };
  } catch (error) {
    return { ok: false, error: describeFailure(error) };
  }
}

async function resolveHandler(request: TaskRequest): Promise<(payload: unknown) => unknown> {
  let module = loadedModules.get(request.moduleUrl);
  if (module === undefined) {
    module = import(request.moduleUrl) as Promise<TaskModule>;
    loadedModules.set(request.moduleUrl, module);
    module.catch(() => loadedModules.delete(request.moduleUrl)); // let a fixed module load next time
  }
  const handler = (await module)[request.exportName];
  if (typeof handler !== 'function') {
    throw new Error(`module ${request.moduleUrl} has no function export "${request.exportName}" for task "${request.taskName}"`);
  }
  return handler as (payload: unknown) => unknown;
}

function describeFailure(error: unknown): TaskFailure {
  if (typeof error === 'object' && error !== null) {
    const candidate = error as { code?: unknown; message?: unknown; details?: unknown };
    const message = typeof candidate.message === 'string' ? candidate.message : String(error);
    const failure: TaskFailure = { message };
    if (typeof candidate.code === 'string') failure.code = candidate.code;
    if (candidate.details !== undefined && isCloneable(candidate.details)) failure.details = candidate.details;
    return failure;
  }
  return { message: String(error) };
}

function isCloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}
