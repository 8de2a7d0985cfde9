/**
 * Typed errors with stable codes. A code never changes meaning once released: clients
 * (renderer, CLI, outside scripts) branch on it, humans read the message.
 */
export const ErrorCode = {
  // protocol
  ParseError: 'PARSE_ERROR',
  InvalidMessage: 'INVALID_MESSAGE',
  MessageTooLarge: 'MESSAGE_TOO_LARGE',
  UnknownMethod: 'UNKNOWN_METHOD',
  InvalidParams: 'INVALID_PARAMS',
  Unauthorized: 'UNAUTHORIZED',
  Timeout: 'TIMEOUT',
  RateLimited: 'RATE_LIMITED',
  Unavailable: 'UNAVAILABLE',
  Cancelled: 'CANCELLED',
  ConnectionClosed: 'CONNECTION_CLOSED',
  Internal: 'INTERNAL',
  // domain
  InvalidValue: 'INVALID_VALUE',
  InvalidOrder: 'INVALID_ORDER',
  IllegalTransition: 'ILLEGAL_TRANSITION',
  UnknownInstrument: 'UNKNOWN_INSTRUMENT',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  // infrastructure
  StorageError: 'STORAGE_ERROR',
  WorkerFailed: 'WORKER_FAILED',
  Locked: 'LOCKED',
  InvalidConfig: 'INVALID_CONFIG',
  InvalidArgument: 'INVALID_ARGUMENT',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorShape {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class NwsError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'NwsError';
    this.code = code;
    this.details = details;
  }

  toJSON(): ErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static is(value: unknown, code?: ErrorCode): value is NwsError {
    return value instanceof NwsError && (code === undefined || value.code === code);
  }

  /** Any thrown value as an NwsError; unknown failures become INTERNAL with their message kept. */
  static from(value: unknown): NwsError {
    if (value instanceof NwsError) return value;
    if (isErrorShape(value)) return new NwsError(value.code, value.message, value.details);
    const message = value instanceof Error ? value.message : String(value);
    return new NwsError(ErrorCode.Internal, message);
  }
}

const knownCodes = new Set<string>(Object.values(ErrorCode));

export function isErrorShape(value: unknown): value is ErrorShape {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.code === 'string' && knownCodes.has(candidate.code) && typeof candidate.message === 'string';
}

/** Formats zod-style issues as one line naming every bad field. */
export function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
