import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exceedsUtf8Bytes, utf8ByteLength } from './frame-size.js';

const encoder = new TextEncoder();

describe('utf8ByteLength', () => {
  it('counts bytes as UTF-8 encodes them, one to four per code point', () => {
    expect(utf8ByteLength('abc')).toBe(3);
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('€')).toBe(3);
    expect(utf8ByteLength('😀')).toBe(4);
    expect(utf8ByteLength('\ud800')).toBe(3); // a lone surrogate is sent as U+FFFD
  });

  it('agrees with TextEncoder on any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(utf8ByteLength(text)).toBe(encoder.encode(text).length);
      }),
    );
  });

  it('decides over-limit exactly as the encoded length does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), fc.nat(400), (text, limit) => {
        expect(exceedsUtf8Bytes(text, limit)).toBe(encoder.encode(text).length > limit);
      }),
    );
  });
});
