// Successful provider responses are kept for a TTL so repeated questions (a chart reopened, a
// search retyped) cost no request and no quota. Keys never contain secrets: the HTTP client
// builds them from the URL without key parameters.

export interface ResponseCache {
  /** The stored body if present and not expired at `nowMs`. */
  get(key: string, nowMs: number): Promise<string | undefined>;
  set(key: string, body: string, expiresAtMs: number): Promise<void>;
  /** Removes expired entries; returns how many went. */
  purgeExpired(nowMs: number): Promise<number>;
}

export class MemoryResponseCache implements ResponseCache {
  private readonly entries = new Map<string, { body: string; expiresAtMs: number }>();

  async get(key: string, nowMs: number): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.body;
  }

  async set(key: string, body: string, expiresAtMs: number): Promise<void> {
    this.entries.set(key, { body, expiresAtMs });
  }

  async purgeExpired(nowMs: number): Promise<number> {
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAtMs <= nowMs) {
        this.entries.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  get size(): number {
    return this.entries.size;
  }
}
