import { ErrorCode, NwsError } from '@nws/core';

/**
 * An engine failure as an NwsError: NwsErrors pass through, anything else becomes STORAGE_ERROR
 * with `context` in front so the message says what was being done.
 */
export function storageError(context: string, cause: unknown): NwsError {
  if (cause instanceof NwsError) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new NwsError(ErrorCode.StorageError, `${context}: ${message}`);
}

/** True when a database open failed because another process holds the file. */
export function isLockConflict(cause: unknown): boolean {
  const message = cause instanceof Error ? cause.message : String(cause);
  return /could not set lock|conflicting lock|database is locked|SQLITE_BUSY/i.test(message);
}
