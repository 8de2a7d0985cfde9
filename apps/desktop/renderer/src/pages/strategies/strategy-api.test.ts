import { describe, expect, it } from 'vitest';
import { checkParams, defaultParams, parseCatalogue, parseRuns } from './strategy-api.js';
import { describeRange, resumedLabel } from './strategies-page.js';

const smaCross = parseCatalogue({
  strategies: [
    {
      name: 'sma-cross',
      description: 'long when SMA(fast) crosses above SMA(slow)',
      instruments: { min: 1, max: 1000 },
      params: [
        { name: 'fast', type: 'int', default: 10, min: 2, max: 200, description: 'fast SMA' },
        { name: 'stake', type: 'number', default: 1, min: 0.000001, max: 1e12, description: 'units per trade' },
        { name: 'side', type: 'enum', default: 'long', values: ['long', 'short'], description: 'direction' },
      ],
    },
  ],
})[0]!;

describe('strategy parameters', () => {
  it('starts from the declared defaults and lists every bad value at once', () => {
    expect(defaultParams(smaCross)).toEqual({ fast: 10, stake: 1, side: 'long' });
    expect(checkParams(smaCross, defaultParams(smaCross))).toEqual([]);
    expect(checkParams(smaCross, { fast: 2.5, stake: Number.NaN, side: 'sideways' })).toEqual(['fast: must be a whole number', 'stake: must be a number', 'side: must be one of long, short']);
    expect(checkParams(smaCross, { fast: 500, stake: 0, side: 'short' })).toEqual(['fast: must be at most 200', 'stake: must be at least 0.000001']);
  });

  it('describes ranges without the guard bounds', () => {
    expect(describeRange(smaCross.params[0]!)).toBe('2 … 200');
    expect(describeRange(smaCross.params[1]!)).toBe('> 0');
    expect(describeRange(smaCross.params[2]!)).toBe('long · short');
    expect(describeRange({ type: 'number', min: 0, max: 1e12 })).toBe('≥ 0');
  });
});

describe('parseRuns', () => {
  it('reads strategies.list rows, running first then newest first', () => {
    const run = (id: string, status: string, startedAt: number) => ({ strategyRunId: id, strategy: 'sma-cross', params: {}, instrumentIds: ['NOVA.SIM'], barType: '1m', source: 'live', status, startedAt, bars: 3, orders: 2, openOrders: 0, fills: 1, realizedPnl: 5, unrealizedPnl: -1, totalPnl: 4 });
    const rows = parseRuns({ runs: [run('a', 'stopped', 3), run('b', 'running', 1), run('c', 'failed', 5)] });
    expect(rows.map((row) => row.strategyRunId)).toEqual(['b', 'c', 'a']);
    expect(rows[0]).toMatchObject({ orders: 2, fills: 1, pnl: 4, source: 'live', data: '1m' });
    const tickRun = parseRuns({ runs: [{ ...run('t', 'finished', 5), source: 'replay', barType: 'ticks', ticks: ['quotes', 'trades'], ticksSeen: 40 }] })[0]!;
    expect(tickRun).toMatchObject({ source: 'replay', data: 'quotes + trades ticks' });
  });

  it('keeps when a run was resumed after a restart, and why one was interrupted', () => {
    const resumedAt = Date.UTC(2026, 10, 24, 9, 5, 7);
    const rows = parseRuns({
      runs: [
        { strategyRunId: 'live-1', strategy: 'buy-and-hold', instrumentIds: ['NOVA.SIM'], source: 'live', status: 'running', startedAt: 1, resumedAt, resumes: 1, note: 'resumed after restart' },
        { strategyRunId: 'replay-1', strategy: 'sma-cross', instrumentIds: ['NOVA.SIM'], source: 'replay', status: 'interrupted', startedAt: 2, error: 'the Host stopped during the replay' },
      ],
    });
    expect(rows.map((row) => [row.strategyRunId, row.resumedAt, row.message])).toEqual([
      ['live-1', resumedAt, undefined],
      ['replay-1', undefined, 'the Host stopped during the replay'],
    ]);
    expect(resumedLabel(resumedAt)).toBe('resumed 09:05:07');
    expect(resumedLabel(undefined)).toBeUndefined();
  });
});
