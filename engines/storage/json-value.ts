import { ErrorCode, NwsError } from '@nws/core';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * `value` as plain JSON, checked: keys whose value is `undefined` are dropped (as JSON.stringify
 * would), but NaN, Infinity, bigint, functions, symbols, class instances (Date, Map, ...) and
 * cycles are refused with INVALID_VALUE naming the path, instead of silently becoming `null`.
 */
export function toJsonValue(value: unknown, what: string): JsonValue {
  return convert(value, what, new Set());
}

function convert(value: unknown, path: string, ancestors: Set<object>): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw refuse(path, `${value} is not a finite number`);
    return value;
  }
  if (typeof value !== 'object') throw refuse(path, `a ${typeof value} is not JSON`);
  if (ancestors.has(value)) throw refuse(path, 'contains a cycle');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item, index) => convert(item, `${path}[${index}]`, ancestors));
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) {
      throw refuse(path, `a ${(value as object).constructor?.name ?? 'class instance'} is not plain JSON`);
    }
    const result: { [key: string]: JsonValue } = {};
    for (const [key, field] of Object.entries(value)) {
      if (field !== undefined) result[key] = convert(field, `${path}.${key}`, ancestors);
    }
    return result;
  } finally {
    ancestors.delete(value);
  }
}

function refuse(path: string, problem: string): NwsError {
  return new NwsError(ErrorCode.InvalidValue, `${path}: ${problem}`, { path });
}

/** JSON text with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: JsonValue): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]!);
  return sorted;
}
