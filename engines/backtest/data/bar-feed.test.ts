// MergedBarFeed hands out bars in time order, ties in the order the series were given: the same
// sequence as repeatedly taking the earliest head (takeEarliest), whether the series share their
// timestamps (the fast case) or not.
import { describe, expect, it } from 'vitest';
import { MergedBarFeed, SeriesBarFeed, barFeedFor } from './bar-feed.js';
import type { BarSeries } from './bar-series.js';
import { takeEarliest } from './merge-order.js';

function series(instrumentId: string, times: number[]): BarSeries {
  const ts = Float64Array.from(times);
  const close = Float64Array.from(times, (time) => time + 0.5);
  return { instrumentId, barSpec: '1m', ts, open: close, high: close, low: close, close, volume: close };
}

/** [instrument, ts] pairs as the feed gives them. */
function drain(all: BarSeries[]): Array<[string, number]> {
  const feed = new MergedBarFeed(all);
  const out: Array<[string, number]> = [];
  for (let bar = feed.next(); bar !== undefined; bar = feed.next()) {
    expect(bar.close).toBe(bar.ts + 0.5);
    out.push([bar.barType.instrumentId, bar.ts]);
  }
  expect(feed.next()).toBeUndefined();
  return out;
}

/** The reference order: the earliest head each time. */
function byEarliestHead(all: BarSeries[]): Array<[string, number]> {
  const cursors = new Int32Array(all.length);
  const out: Array<[string, number]> = [];
  for (let chosen = takeEarliest(all, cursors); chosen >= 0; chosen = takeEarliest(all, cursors)) out.push([all[chosen]!.instrumentId, all[chosen]!.ts[cursors[chosen]! - 1]!]);
  return out;
}

describe('MergedBarFeed', () => {
  it('gives aligned series step by step, in the order the series were given', () => {
    const all = [series('B.SIM', [60, 120, 180]), series('A.SIM', [60, 120, 180])];
    expect(drain(all)).toEqual([
      ['B.SIM', 60],
      ['A.SIM', 60],
      ['B.SIM', 120],
      ['A.SIM', 120],
      ['B.SIM', 180],
      ['A.SIM', 180],
    ]);
  });

  it('matches the earliest-head order on ragged series with gaps, different lengths and an empty one', () => {
    const all = [series('A.SIM', [1, 2, 5, 9]), series('B.SIM', [2, 3, 4, 9, 10, 11]), series('C.SIM', []), series('D.SIM', [0, 5, 12])];
    const order = drain(all);
    expect(order).toEqual(byEarliestHead(all));
    expect(order.map(([, ts]) => ts)).toEqual([0, 1, 2, 2, 3, 4, 5, 5, 9, 9, 10, 11, 12]);
    expect(order.filter(([, ts]) => ts === 5).map(([id]) => id)).toEqual(['A.SIM', 'D.SIM']);
  });

  it('matches the earliest-head order on random series', () => {
    let state = 7;
    const random = () => {
      state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
      return state / 4_294_967_296;
    };
    for (let round = 0; round < 20; round++) {
      const all = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, index) => {
        const times: number[] = [];
        for (let time = Math.floor(random() * 5); times.length < 40; time += 1 + Math.floor(random() * 3)) times.push(time);
        return series(`S${index}.SIM`, times.slice(0, Math.floor(random() * 40)));
      });
      expect(drain(all)).toEqual(byEarliestHead(all));
    }
  });
});

describe('SeriesBarFeed', () => {
  it('gives one series row by row, the same bars as the merged feed, and is what barFeedFor picks for one series', () => {
    const one = series('A.SIM', [60, 120, 180, 300]);
    const plain = barFeedFor([one]);
    expect(plain).toBeInstanceOf(SeriesBarFeed);
    expect(barFeedFor([one, series('B.SIM', [60])])).toBeInstanceOf(MergedBarFeed);
    const merged = new MergedBarFeed([one]);
    expect(plain.total).toBe(4);
    for (let index = 0; index < 4; index++) {
      const a = { ...plain.next()! };
      const b = { ...merged.next()! };
      expect(a).toEqual(b);
      expect(a).toMatchObject({ ts: one.ts[index], close: one.ts[index]! + 0.5 });
    }
    expect(plain.next()).toBeUndefined();
    expect(merged.next()).toBeUndefined();
  });
});
