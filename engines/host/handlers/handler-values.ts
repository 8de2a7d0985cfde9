// Small conversions every protocol handler file needs between zod-parsed params, domain objects
// and the method table's result types.

/** Optional params arrive as absent or undefined; exactOptionalPropertyTypes wants them absent. */
export function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** Domain objects are plain JSON data; the method table sees them as open records. */
export function record<T extends object>(value: T): T & Record<string, unknown> {
  return value as T & Record<string, unknown>;
}
