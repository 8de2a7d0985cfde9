import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode, NwsError } from '../errors.js';
import { type InstrumentId, accountId, barType, instrumentId, strategyId } from '../domain/index.js';
import { matchesPattern } from './pattern-match.js';
import {
  decodeSegment,
  defaultPriorityOf,
  encodeSegment,
  endpoints,
  instrumentIdFromSegments,
  parseTopic,
  parseTopicPattern,
  patterns,
  topics,
} from './topics.js';
import { errorOf } from '../testkit/errors.js';

const aapl = instrumentId('AAPL', 'XNAS');
const brkB = instrumentId('BRK.B', 'XNYS');
const eurUsd = instrumentId('EUR/USD', 'IDEALPRO');
const momentum = strategyId('momentum-1');

describe('topic builders', () => {
  it('give an instrument id exactly two segments, symbol then venue', () => {
    expect(topics.bars(aapl, '1m')).toBe('bars.AAPL.XNAS.1m');
    expect(topics.bars(aapl, { step: 5, unit: 'm' })).toBe('bars.AAPL.XNAS.5m');
    expect(topics.barsOf(barType(aapl, '1d'))).toBe('bars.AAPL.XNAS.1d');
    expect(topics.quotes(aapl)).toBe('quotes.AAPL.XNAS');
    expect(topics.trades(eurUsd)).toBe('trades.EUR/USD.IDEALPRO');
    expect(topics.depth(aapl)).toBe('depth.AAPL.XNAS');
  });

  it('escape dots inside a symbol so segment counts never change', () => {
    const quotes = topics.quotes(brkB);
    expect(quotes).toBe('quotes.BRK%2EB.XNYS');
    expect(quotes.split('.')).toHaveLength(3);
    const [, symbol, venue] = quotes.split('.');
    expect(instrumentIdFromSegments(symbol!, venue!)).toBe('BRK.B.XNYS');
  });

  it('build order flow, account, health, job, log and error topics', () => {
    expect(topics.orders(momentum, aapl)).toBe('orders.momentum-1.AAPL.XNAS');
    expect(topics.fills(momentum, brkB)).toBe('fills.momentum-1.BRK%2EB.XNYS');
    expect(topics.positions(momentum, aapl)).toBe('positions.momentum-1.AAPL.XNAS');
    expect(topics.account(accountId('PAPER-001'))).toBe('account.PAPER-001');
    expect(topics.riskAlerts('max-notional')).toBe('risk.alerts.max-notional');
    expect(topics.engineStatus('storage')).toBe('engines.storage.status');
    expect(topics.jobProgress('import-42')).toBe('jobs.import-42.progress');
    expect(topics.logs('warn', 'marketdata.yahoo')).toBe('logs.warn.marketdata%2Eyahoo');
    expect(topics.signals<number>(momentum, 'z score')).toBe('signals.momentum-1.z%20score');
    expect(topics.busErrors()).toBe('bus.errors');
    expect(endpoints.of<number, number>('risk', 'check')).toBe('rpc.risk.check');
  });

  it('refuse values that cannot form a topic, naming them', () => {
    const noVenue = errorOf(() => topics.quotes('AAPL' as InstrumentId));
    expect(noVenue.code).toBe(ErrorCode.InvalidArgument);
    expect(noVenue.message).toContain('"AAPL" is not SYMBOL.VENUE');
    expect(errorOf(() => topics.engineStatus('')).message).toContain('engine name must be a non-empty string');
    expect(errorOf(() => topics.bars(aapl, '1x')).message).toContain("bar spec '1x'");
  });

  it('build patterns with wildcards where parts are left out', () => {
    expect(patterns.all()).toBe('>');
    expect(patterns.bars()).toBe('bars.>');
    expect(patterns.bars({ instrumentId: aapl })).toBe('bars.AAPL.XNAS.*');
    expect(patterns.bars({ barSpec: '1m' })).toBe('bars.*.*.1m');
    expect(patterns.quotes()).toBe('quotes.>');
    expect(patterns.quotes({ venue: 'XNYS' })).toBe('quotes.*.XNYS');
    expect(patterns.orders({ strategyId: momentum })).toBe('orders.momentum-1.*.*');
    expect(patterns.fills({ instrumentId: brkB })).toBe('fills.*.BRK%2EB.XNYS');
    expect(patterns.engineStatus()).toBe('engines.*.status');
    expect(patterns.jobProgress()).toBe('jobs.*.progress');
    expect(patterns.logs({ level: 'error' })).toBe('logs.error.*');
    expect(patterns.riskAlerts()).toBe('risk.alerts.*');
  });
});

describe('segment encoding', () => {
  it('round-trips any string and never leaves a separator or wildcard inside the segment', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }), (value) => {
        const segment = encodeSegment(value);
        return (
          !/[.*>\x00-\x20\x7f]/.test(segment) &&
          decodeSegment(segment) === value &&
          parseTopic(`signals.${segment}`) === `signals.${segment}`
        );
      }),
      { numRuns: 300 },
    );
  });

  it('leaves plain values untouched', () => {
    expect(encodeSegment('ESZ24')).toBe('ESZ24');
    expect(encodeSegment('100%')).toBe('100%25');
  });
});

describe('parsing topics and patterns from outside', () => {
  it.each([
    ['', 'must not be empty'],
    ['quotes..XNAS', 'empty segment at position 2'],
    ['quotes.*', 'with a wildcard'],
    ['quotes.AAPL.>', 'with a wildcard'],
    ['quotes.AA PL', 'with a wildcard, space'],
    ['x'.repeat(513), 'longer than 512'],
  ])('refuses topic %j (%s)', (raw, problem) => {
    const error = errorOf(() => parseTopic(raw));
    expect(error.code).toBe(ErrorCode.InvalidArgument);
    expect(error.message).toContain(problem);
  });

  it.each([
    ['quotes.>.XNAS', "'>' is only allowed as the last segment"],
    ['quotes.AA*', 'wildcards must be a whole segment'],
    ['quotes.', 'empty segment at position 2'],
    ['', 'must not be empty'],
  ])('refuses pattern %j (%s)', (raw, problem) => {
    const error = errorOf(() => parseTopicPattern(raw));
    expect(error.code).toBe(ErrorCode.InvalidArgument);
    expect(error.message).toContain(problem);
  });

  it('accepts valid patterns unchanged', () => {
    for (const raw of ['>', '*', 'quotes.>', 'quotes.*.XNAS', '*.*.*', 'bars.BRK%2EB.XNYS.1m']) {
      expect(parseTopicPattern(raw)).toBe(raw);
    }
  });
});

describe('wildcard matching (NATS style)', () => {
  it.each([
    ['quotes.AAPL.XNAS', 'quotes.AAPL.XNAS', true],
    ['quotes.AAPL.XNAS', 'quotes.AAPL.XNYS', false],
    ['quotes.*.XNAS', 'quotes.AAPL.XNAS', true],
    ['quotes.*.XNAS', 'quotes.AAPL.XNYS', false],
    ['quotes.*', 'quotes.AAPL.XNAS', false], // * is exactly one segment
    ['quotes.>', 'quotes.AAPL.XNAS', true],
    ['quotes.>', 'quotes', false], // > needs at least one segment
    ['quotes.AAPL.XNAS.>', 'quotes.AAPL.XNAS', false],
    ['>', 'engines.storage.status', true],
    ['*', 'bus', true],
    ['*', 'bus.errors', false],
    ['engines.*.status', 'engines.storage.status', true],
    ['engines.*.status', 'engines.storage.health', false],
    ['bars.*.*.1m', 'bars.BRK%2EB.XNYS.1m', true],
    ['bars.*.*.1m', 'bars.AAPL.XNAS.1d', false],
  ])('%s vs %s → %s', (pattern, topic, expected) => {
    expect(matchesPattern(pattern, topic)).toBe(expected);
  });

  it('a pattern built for a venue matches symbols that hold dots', () => {
    expect(matchesPattern(patterns.quotes({ venue: 'XNYS' }), topics.quotes(brkB))).toBe(true);
    expect(matchesPattern(patterns.quotes({ venue: 'XNYS' }), topics.quotes(aapl))).toBe(false);
  });
});

describe('default priorities', () => {
  it('follow the topic family', () => {
    expect(defaultPriorityOf(topics.riskAlerts('kill-switch'))).toBe('critical');
    expect(defaultPriorityOf(topics.orders(momentum, aapl))).toBe('high');
    expect(defaultPriorityOf(topics.fills(momentum, aapl))).toBe('high');
    expect(defaultPriorityOf(topics.engineStatus('risk'))).toBe('high');
    expect(defaultPriorityOf(topics.quotes(aapl))).toBe('normal');
    expect(defaultPriorityOf(topics.bars(aapl, '1m'))).toBe('normal');
    expect(defaultPriorityOf(topics.logs('info', 'host'))).toBe('low');
    expect(defaultPriorityOf(topics.jobProgress('j1'))).toBe('low');
  });
});
