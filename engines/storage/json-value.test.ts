import { ErrorCode, NwsError, testkit } from '@nws/core';
import { describe, expect, it } from 'vitest';
import { canonicalJson, toJsonValue } from './json-value.js';

const { errorOf } = testkit;

describe('toJsonValue', () => {
  it('keeps plain JSON and drops undefined object fields', () => {
    expect(toJsonValue({ a: 1, b: [true, null, 'x'], c: undefined, d: { e: -0.5 } }, 'v')).toEqual({ a: 1, b: [true, null, 'x'], d: { e: -0.5 } });
  });

  it.each([
    [{ price: NaN }, 'v.price: NaN is not a finite number'],
    [{ list: [1, Infinity] }, 'v.list[1]: Infinity is not a finite number'],
    [{ when: new Date(0) }, 'v.when: a Date is not plain JSON'],
    [{ big: 1n }, 'v.big: a bigint is not JSON'],
    [{ run: () => 1 }, 'v.run: a function is not JSON'],
  ])('refuses %o naming the path', (value, message) => {
    const error = errorOf(() => toJsonValue(value, 'v'));
    expect(error.code).toBe(ErrorCode.InvalidValue);
    expect(error.message).toBe(message);
  });

  it('refuses cycles but accepts the same object twice side by side', () => {
    const shared = { x: 1 };
    expect(toJsonValue({ a: shared, b: shared }, 'v')).toEqual({ a: { x: 1 }, b: { x: 1 } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(errorOf(() => toJsonValue(cyclic, 'v')).message).toBe('v.self: contains a cycle');
  });
});

describe('canonicalJson', () => {
  it('gives the same text for the same value whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });
});
