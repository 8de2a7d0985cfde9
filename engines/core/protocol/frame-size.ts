/**
 * UTF-8 size checks for text frames. Transports deliver JavaScript strings, so the size a frame
 * had on the wire is recomputed here; this keeps the limit identical on every transport.
 */

/** Number of UTF-8 bytes of `text`, counting no further than `stopAfter` (for cheap over-limit checks). */
export function utf8ByteLength(text: string, stopAfter = Number.POSITIVE_INFINITY): number {
  let bytes = 0;
  for (let index = 0; index < text.length && bytes <= stopAfter; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 4; // a surrogate pair is one code point: 4 bytes
      index++;
    } else bytes += 3; // includes lone surrogates, which UTF-8 encoders replace with U+FFFD (3 bytes)
  }
  return bytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** True when `text` encodes to more than `limit` UTF-8 bytes; O(1) for most frames. */
export function exceedsUtf8Bytes(text: string, limit: number): boolean {
  // Each UTF-16 unit encodes to 1..3 bytes (a pair of units to 4), so length bounds the size.
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return utf8ByteLength(text, limit) > limit;
}
