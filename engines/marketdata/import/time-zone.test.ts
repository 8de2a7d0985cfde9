import { describe, expect, it } from 'vitest';
import { NwsError } from '@nws/core';
import { assertTimeZone, TimeZoneConverter } from './time-zone.js';

const local = (iso: string) => Date.parse(`${iso}Z`);

describe('TimeZoneConverter', () => {
  it('is the identity for UTC', () => {
    expect(new TimeZoneConverter('UTC').localToUtcMs(local('2024-03-10T02:30:00'))).toBe(local('2024-03-10T02:30:00'));
  });

  it('applies winter and summer offsets of New York', () => {
    const newYork = new TimeZoneConverter('America/New_York');
    expect(newYork.localToUtcMs(local('2024-01-15T09:30:00'))).toBe(Date.parse('2024-01-15T14:30:00Z'));
    expect(newYork.localToUtcMs(local('2024-07-15T09:30:00'))).toBe(Date.parse('2024-07-15T13:30:00Z'));
  });

  it('resolves DST edges as java.time does: gap times move forward, ambiguous ones take the earlier instant', () => {
    const newYork = new TimeZoneConverter('America/New_York');
    expect(newYork.localToUtcMs(local('2024-03-10T02:30:00'))).toBe(Date.parse('2024-03-10T07:30:00Z'));
    expect(newYork.localToUtcMs(local('2024-03-10T03:30:00'))).toBe(Date.parse('2024-03-10T07:30:00Z'));
    expect(newYork.localToUtcMs(local('2024-11-03T01:30:00'))).toBe(Date.parse('2024-11-03T05:30:00Z'));
    const berlin = new TimeZoneConverter('Europe/Berlin');
    expect(berlin.localToUtcMs(local('2024-10-27T02:30:00'))).toBe(Date.parse('2024-10-27T00:30:00Z'));
    expect(berlin.localToUtcMs(local('2024-03-31T02:30:00'))).toBe(Date.parse('2024-03-31T01:30:00Z'));
  });

  it('refuses unknown zones with INVALID_ARGUMENT', () => {
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(NwsError);
    expect(() => new TimeZoneConverter('Nowhere')).toThrow(/not a known IANA zone/);
  });
});
