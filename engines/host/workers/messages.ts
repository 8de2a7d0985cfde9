// What crosses the thread boundary between the WorkerPool and the task runner. Plain data only:
// everything here goes through structured clone.

export interface TaskRequest {
  taskName: string;
  /** file: URL of the module that implements the task. */
  moduleUrl: string;
  exportName: string;
  payload: unknown;
}

export interface TaskFailure {
  /** An ErrorCode when the task threw an NwsError-like error; validated again on the main thread. */
  code?: string;
  message: string;
  details?: unknown;
}

export type TaskResponse = { ok: true; value: unknown } | { ok: false; error: TaskFailure };

/**
 * A request that does nothing. Piscina starts a replacement thread for a dead one only when new
 * work arrives, so after a crash with tasks still queued the pool sends this to get them going.
 */
export const WAKE_REQUEST: TaskRequest = Object.freeze({ taskName: '__wake', moduleUrl: '', exportName: '', payload: null });
