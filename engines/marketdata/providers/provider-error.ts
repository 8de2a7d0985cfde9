// Provider failures as NwsError. The code is what clients branch on; `details.reason` is finer and
// says whether trying again later can help (rate-limited, unavailable, timeout) or not.
import { ErrorCode, NwsError } from '@nws/core';
import { providerDisplayNames, type ProviderId } from './provider-id.js';

export type ProviderFailureReason =
  | 'missing-key'
  | 'key-rejected'
  | 'unknown-symbol'
  | 'not-found'
  | 'rate-limited'
  | 'quota-exhausted'
  | 'unavailable'
  | 'timeout'
  | 'bad-response'
  | 'bad-request'
  | 'unsupported'
  | 'cancelled';

// "Try again later" failures share RATE_LIMITED or UNAVAILABLE; details.reason says which limit.
const codeByReason: Readonly<Record<ProviderFailureReason, ErrorCode>> = {
  'missing-key': ErrorCode.InvalidConfig,
  'key-rejected': ErrorCode.Unauthorized,
  'unknown-symbol': ErrorCode.UnknownInstrument,
  'not-found': ErrorCode.NotFound,
  'rate-limited': ErrorCode.RateLimited,
  'quota-exhausted': ErrorCode.RateLimited,
  unavailable: ErrorCode.Unavailable,
  timeout: ErrorCode.Timeout,
  'bad-response': ErrorCode.Internal,
  'bad-request': ErrorCode.InvalidArgument,
  unsupported: ErrorCode.InvalidArgument,
  cancelled: ErrorCode.Cancelled,
};

export interface ProviderErrorDetails {
  provider: ProviderId;
  reason: ProviderFailureReason;
  status?: number;
  attempts?: number;
  retryAfterMs?: number;
}

/** An NwsError whose message starts with the provider's name, e.g. "FRED: series XYZ does not exist". */
export function providerError(
  provider: ProviderId,
  reason: ProviderFailureReason,
  message: string,
  extra: Omit<ProviderErrorDetails, 'provider' | 'reason'> = {},
): NwsError {
  const details: ProviderErrorDetails = { provider, reason, ...extra };
  return new NwsError(codeByReason[reason], `${providerDisplayNames[provider]}: ${message}`, details);
}

/** The provider failure reason carried by an error, if it is one. */
export function providerFailureReason(error: unknown): ProviderFailureReason | undefined {
  if (!(error instanceof NwsError)) return undefined;
  const details = error.details as Partial<ProviderErrorDetails> | undefined;
  return typeof details?.reason === 'string' && details.reason in codeByReason ? details.reason : undefined;
}

export function missingKeyError(provider: ProviderId, secretName: string): NwsError {
  return providerError(
    provider,
    'missing-key',
    `no API key configured; add it in Settings → Providers (secret "${secretName}")`,
  );
}

export function unknownSymbolError(provider: ProviderId, symbol: string): NwsError {
  return providerError(provider, 'unknown-symbol', `unknown symbol "${symbol}"`);
}
