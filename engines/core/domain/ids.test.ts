import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import { ClientOrderIdGenerator } from './id-generator.js';
import {
  clientOrderId,
  clientOrderIdSchema,
  instrumentId,
  instrumentIdSchema,
  isInstrumentId,
  parseInstrumentId,
  splitInstrumentId,
  strategyId,
} from './ids.js';

const invalidValue = expect.objectContaining({ code: ErrorCode.InvalidValue });

describe('InstrumentId', () => {
  it('formats SYMBOL.VENUE and splits it back', () => {
    const id = instrumentId('AAPL', 'XNAS');
    expect(id).toBe('AAPL.XNAS');
    expect(splitInstrumentId(id)).toEqual({ symbol: 'AAPL', venue: 'XNAS' });
  });

  it('takes the venue after the last dot, so symbols may hold dots, slashes and dashes', () => {
    expect(splitInstrumentId(parseInstrumentId('BRK.B.XNYS'))).toEqual({ symbol: 'BRK.B', venue: 'XNYS' });
    expect(splitInstrumentId(parseInstrumentId('EUR/USD.IDEALPRO'))).toEqual({ symbol: 'EUR/USD', venue: 'IDEALPRO' });
    expect(parseInstrumentId('BTC-USD.COINBASE')).toBe('BTC-USD.COINBASE');
  });

  it.each([
    ['AAPL', "must be SYMBOL.VENUE"],
    ['.XNAS', 'symbol is empty'],
    ['AAPL.', 'venue is empty'],
    ['AA PL.XNAS', "symbol 'AA PL'"],
    ['AAPL.X-NAS', "venue 'X-NAS'"],
  ])('refuses %s, saying why', (text, why) => {
    expect(() => parseInstrumentId(text)).toThrowError(invalidValue);
    expect(() => parseInstrumentId(text)).toThrowError(why);
    expect(isInstrumentId(text)).toBe(false);
  });

  it('refuses bad parts in the constructor too', () => {
    expect(() => instrumentId('', 'XNAS')).toThrowError('symbol is empty');
    expect(() => instrumentId('AAPL', 'X.NAS')).toThrowError("venue 'X.NAS'");
  });

  it('has a schema that brands valid ids and names the problem in the issue', () => {
    expect(instrumentIdSchema.parse('ESZ24.XCME')).toBe('ESZ24.XCME');
    const result = instrumentIdSchema.safeParse('ESZ24');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("'ESZ24' must be SYMBOL.VENUE");
    expect(instrumentIdSchema.safeParse(42).success).toBe(false);
  });
});

describe('plain ids', () => {
  it('accept non-empty text without whitespace', () => {
    expect(clientOrderId('O-1')).toBe('O-1');
    expect(strategyId('EMACross-001')).toBe('EMACross-001');
  });

  it('refuse empty text and whitespace, naming the kind of id', () => {
    expect(() => clientOrderId('')).toThrowError('client order id is empty');
    expect(() => strategyId('ema cross')).toThrowError("strategy id 'ema cross' contains whitespace");
    expect(clientOrderIdSchema.safeParse(' ').success).toBe(false);
  });
});

describe('ClientOrderIdGenerator', () => {
  it('builds Nautilus-style ids from the clock, run tag and sequence', () => {
    const generator = new ClientOrderIdGenerator({ now: () => Date.UTC(2024, 0, 5, 14, 30, 0, 123), runTag: 'k3f9' });
    expect(generator.next()).toBe('O-20240105-143000123-k3f9-000000001');
    expect(generator.next()).toBe('O-20240105-143000123-k3f9-000000002');
    expect(generator.count).toBe(2);
  });

  it('sorts in creation order even when the clock stalls or jumps back', () => {
    const times = [2_000, 2_000, 1_000, 3_000, 10_000_000_000];
    let call = 0;
    const generator = new ClientOrderIdGenerator({ now: () => times[call++]!, runTag: 'a' });
    const ids = times.map(() => generator.next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives different ids to two runs started in the same millisecond', () => {
    const now = () => 1_700_000_000_000;
    const first = new ClientOrderIdGenerator({ now });
    const second = new ClientOrderIdGenerator({ now });
    const firstIds = new Set(Array.from({ length: 50 }, () => first.next()));
    const secondIds = Array.from({ length: 50 }, () => second.next());
    // 36^4 possible tags: a collision here would be a one-in-1.7-million event.
    expect(secondIds.some((id) => firstIds.has(id))).toBe(false);
  });

  it('refuses a bad run tag or prefix', () => {
    expect(() => new ClientOrderIdGenerator({ runTag: 'Has Space' })).toThrowError(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
    expect(() => new ClientOrderIdGenerator({ prefix: 'O-' })).toThrowError("prefix 'O-'");
  });
});
