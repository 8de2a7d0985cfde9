// Property: for every indicator, any parameters and any series, feeding bars one at a time gives
// bit-identical outputs to the batch computation (null exactly where batch has NaN), and reset
// returns an instance to its initial state.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBatch, createIndicator, getIndicatorDefinition, listIndicators, type IndicatorInput } from './index.js';
import { parameterGrid } from './test-support/param-grid.js';
import { generateOhlcv, seededRandom } from './test-support/series.js';

interface Rows {
  columns: Record<string, Float64Array>;
  bars: IndicatorInput[];
}

/** A generated series as columns and as bar objects (with ts, and real0/real1 for BETA/CORREL). */
function buildRows(length: number, seed: number, ticked: boolean): Rows {
  const data = generateOhlcv(length, seed, ticked ? { tick: 0.5, flatProbability: 0.15, zeroVolumeProbability: 0.15, start: 30 } : {});
  const random = seededRandom(seed + 1);
  const ts = new Float64Array(length);
  let time = Date.UTC(2024, 0, 2, 13, 30);
  for (let i = 0; i < length; i++) {
    ts[i] = time;
    time += 60_000 * (1 + Math.floor(random() * 400));
  }
  const columns = { ...data, ts, real0: data.close, real1: data.open };
  const bars = Array.from({ length }, (_, i) => ({
    open: data.open[i],
    high: data.high[i],
    low: data.low[i],
    close: data.close[i],
    volume: data.volume[i],
    ts: ts[i],
    real0: data.close[i],
    real1: data.open[i],
  }));
  return { columns, bars };
}

function replay(name: string, params: Record<string, number>, rows: Rows): string | null {
  const batch = computeBatch(name, params, rows.columns);
  const indicator = createIndicator(name, params);
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < rows.bars.length; i++) {
      const streamed = indicator.update(rows.bars[i]);
      for (const output of indicator.outputs) {
        const expected = batch[output][i];
        const actual = streamed === null ? NaN : streamed[output];
        if (!Object.is(actual, expected)) return `pass ${pass} row ${i} ${output}: streamed ${actual}, batch ${expected}`;
      }
      if (indicator.isReady !== (streamed !== null) || indicator.value !== streamed) return `row ${i}: isReady/value disagree with update`;
    }
    if (indicator.count !== rows.bars.length) return `count ${indicator.count} after ${rows.bars.length} updates`;
    indicator.reset();
    if (indicator.isReady || indicator.value !== null || indicator.count !== 0) return 'reset left state behind';
  }
  return null;
}

describe('streaming equals batch, bit for bit', () => {
  it.each(listIndicators().map((info) => [info.name] as const))('%s', (name) => {
    const grid = parameterGrid(getIndicatorDefinition(name), 4, 11);
    fc.assert(
      fc.property(
        fc.constantFrom(...grid),
        fc.integer({ min: 0, max: 260 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.boolean(),
        (params, length, seed, ticked) => {
          expect(replay(name, params, buildRows(length, seed, ticked))).toBeNull();
        },
      ),
      { numRuns: 12, seed: 20240601 },
    );
  });

  it('single-input indicators accept plain numbers and match the bar form', () => {
    const rows = buildRows(120, 5, false);
    const fromNumbers = createIndicator('rsi', { timeperiod: 9 });
    const fromBars = createIndicator('rsi', { timeperiod: 9 });
    for (const bar of rows.bars) {
      expect(fromNumbers.update(bar.close!)).toEqual(fromBars.update(bar));
    }
    expect(fromNumbers.value).not.toBeNull();
  });
});
