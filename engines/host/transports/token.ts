import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Bytes of randomness in a token: 256 bits, written as 64 hex characters. */
export const tokenBytes = 32;

/** A fresh secret for the WebSocket transport (`?token=`), 32 random bytes as hex. */
export function generateToken(): string {
  return randomBytes(tokenBytes).toString('hex');
}

/**
 * Compares a presented token with the expected one in constant time. Both are hashed first so
 * the comparison takes the same time whatever the lengths (timingSafeEqual needs equal lengths,
 * and an early length check would leak the expected length).
 */
export function tokensEqual(presented: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
