import { NwsError } from '../errors.js';

/** The NwsError `action` throws; anything else thrown propagates, and not throwing fails. */
export function errorOf(action: () => unknown): NwsError {
  try {
    action();
  } catch (error) {
    if (error instanceof NwsError) return error;
    throw error;
  }
  throw new Error('expected an NwsError, nothing was thrown');
}
