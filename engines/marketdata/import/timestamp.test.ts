import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysFromCivil, epochUnitOf, looksLikeEpoch, parseEpoch, parseTimeOfDay, TimestampParser, US_PER_MS } from './timestamp.js';

const encoder = new TextEncoder();
const parser = new TimestampParser();
const dateTime = (text: string) => {
  const bytes = encoder.encode(text);
  return parser.parseDateTime(bytes, 0, bytes.length);
};
const ms = (iso: string) => Date.parse(iso) * US_PER_MS;

describe('TimestampParser.parseDateTime', () => {
  it('reads YYYY-MM-DD, YYYYMMDD and slashed dates as midnight', () => {
    expect(dateTime('2006-01-02')).toBe(ms('2006-01-02T00:00:00Z'));
    expect(dateTime('20060102')).toBe(ms('2006-01-02T00:00:00Z'));
    expect(dateTime('2006/01/02')).toBe(ms('2006-01-02T00:00:00Z'));
    expect(dateTime('"1969-12-31"')).toBe(ms('1969-12-31T00:00:00Z'));
  });

  it('reads ISO 8601 times with and without a zone', () => {
    expect(dateTime('2024-03-08T14:30:00Z')).toBe(ms('2024-03-08T14:30:00Z'));
    expect(Number.isNaN(parser.zoneOffsetUs)).toBe(false);
    expect(dateTime('2024-03-08T09:30:00-05:00')).toBe(ms('2024-03-08T14:30:00Z'));
    expect(dateTime('2024-03-08T15:30:00+0100')).toBe(ms('2024-03-08T14:30:00Z'));
    expect(dateTime('2024-03-08 09:30:00.250+05')).toBe(ms('2024-03-08T04:30:00.250Z'));
    expect(dateTime('2024-03-08 14:30')).toBe(ms('2024-03-08T14:30:00Z'));
    expect(Number.isNaN(parser.zoneOffsetUs)).toBe(true);
    expect(dateTime('20240308  14:30:00')).toBe(ms('2024-03-08T14:30:00Z'));
    expect(dateTime('2024-03-08T14:30:00.123456Z')).toBe(ms('2024-03-08T14:30:00.123Z') + 456);
  });

  it('agrees with Date for any instant written by toISOString', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }), (date) => {
        expect(dateTime(date.toISOString())).toBe(date.getTime() * US_PER_MS);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses impossible dates and junk', () => {
    for (const text of ['2021-02-29', '2021-13-01', '2021-00-10', '2021-04-31', '2021-1-5', 'yesterday', '', '2021-01-01X', '2021-01-01T25:00', '2021-01-01T10:00+5:00']) {
      expect(dateTime(text)).toBeNaN();
    }
    expect(dateTime('2020-02-29')).toBe(ms('2020-02-29T00:00:00Z'));
  });

  it('refuses a non-digit in any digit pair of the common YYYY-MM-DDTHH:MM:SS shape', () => {
    const good = '2024-03-08T14:30:59';
    expect(dateTime(good)).toBe(ms('2024-03-08T14:30:59Z'));
    // Each digit position replaced by a byte just below '0' and just above '9'.
    for (const position of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) {
      for (const junk of ['/', ':']) {
        const text = good.slice(0, position) + junk + good.slice(position + 1);
        expect(dateTime(text), text).toBeNaN();
      }
    }
    expect(dateTime('2024-03-08T14:60:00')).toBeNaN();
    expect(dateTime('2024-03-08T23:59:60')).toBe(ms('2024-03-09T00:00:00Z'));
  });
});

describe('time of day and epochs', () => {
  const time = (text: string) => parseTimeOfDay(encoder.encode(text), 0, text.length);

  it('reads HH:MM, HH:MM:SS(.fff) and HHMMSS', () => {
    expect(time('09:30')).toBe((9 * 3600 + 30 * 60) * 1e6);
    expect(time('16:00:59')).toBe((16 * 3600 + 59) * 1e6);
    expect(time('093000')).toBe((9 * 3600 + 30 * 60) * 1e6);
    expect(time('00:00:01.5')).toBe(1_500_000);
    expect(time('24:00')).toBeNaN();
    expect(time('9:30')).toBeNaN();
  });

  it('tells epoch numbers from dates and picks the unit by magnitude', () => {
    expect(looksLikeEpoch('1700000000')).toBe(true);
    expect(looksLikeEpoch('20240102')).toBe(false);
    expect(looksLikeEpoch('2024-01-02')).toBe(false);
    expect(epochUnitOf('1700000000')).toBe('s');
    expect(epochUnitOf('1700000000000')).toBe('ms');
    expect(epochUnitOf('1700000000000000')).toBe('us');
    const bytes = encoder.encode('1700000000.25');
    expect(parseEpoch(bytes, 0, bytes.length, 's')).toBe(1_700_000_000_250_000);
    expect(parseEpoch(encoder.encode('17x'), 0, 3, 's')).toBeNaN();
  });

  it('counts days like the calendar', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(Date.UTC(2000, 2, 1) / 86_400_000);
    expect(daysFromCivil(1600, 2, 29)).toBe(Date.UTC(1600, 1, 29) / 86_400_000);
  });
});
