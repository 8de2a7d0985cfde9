// Keys must never reach an error message, a log line or the cache. Everything the HTTP client
// says about a request passes through here with the secrets that request used.

const placeholder = '***';

/** Replaces every occurrence of each secret (raw and URL-encoded) with ***. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue; // a one-letter "secret" would shred the message and hides nothing
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      result = result.split(form).join(placeholder);
    }
  }
  return result;
}
