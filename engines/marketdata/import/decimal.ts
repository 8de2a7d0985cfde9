/**
 * Decimal numbers read straight from file bytes, without making a string per cell: the importer
 * reads tens of millions of cells and string creation would dominate. Results are bit-identical
 * to `Number(text)`: up to 15 significant digits the value is one correctly rounded IEEE
 * multiply or divide of two exact doubles; longer or extreme inputs fall back to `Number`.
 */

/** Returned for text that is not a number (as opposed to NaN, returned for a missing value). */
export const NOT_A_NUMBER = -Infinity;

const CHAR_0 = 48;
const CHAR_DOT = 46;
const CHAR_MINUS = 45;
const CHAR_PLUS = 43;
const CHAR_QUOTE = 34;
const CHAR_SPACE = 32;
const CHAR_TAB = 9;
const CHAR_CR = 13;
const MAX_EXACT_DIGITS = 15;

const powersOf10 = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);
const latin1 = new TextDecoder('latin1');

function isPadding(byte: number): boolean {
  return byte === CHAR_SPACE || byte === CHAR_QUOTE || byte === CHAR_TAB || byte === CHAR_CR;
}

/**
 * Parses bytes[start, end) as a decimal number. Surrounding spaces and quotes are ignored.
 * Empty cells and the usual missing-value words (NaN, null, NA, N/A, None, -) give NaN;
 * anything else that is not a number gives NOT_A_NUMBER.
 */
export function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && isPadding(bytes[start]!)) start++;
  while (end > start && isPadding(bytes[end - 1]!)) end--;
  if (start === end) return NaN;

  let index = start;
  let negative = false;
  const first = bytes[index]!;
  if (first === CHAR_MINUS) {
    negative = true;
    index++;
  } else if (first === CHAR_PLUS) {
    index++;
  }

  let mantissa = 0;
  let significantDigits = 0;
  let digits = 0;
  let fractionDigits = 0;
  for (; index < end; index++) {
    const digit = bytes[index]! - CHAR_0;
    if (digit < 0 || digit > 9) break;
    digits++;
    if (mantissa !== 0 || digit !== 0) significantDigits++;
    mantissa = mantissa * 10 + digit;
  }
  if (index < end && bytes[index] === CHAR_DOT) {
    index++;
    for (; index < end; index++) {
      const digit = bytes[index]! - CHAR_0;
      if (digit < 0 || digit > 9) break;
      digits++;
      fractionDigits++;
      if (mantissa !== 0 || digit !== 0) significantDigits++;
      mantissa = mantissa * 10 + digit;
    }
  }
  if (digits === 0) return missingOrInvalid(bytes, start, end);

  let exponent = 0;
  if (index < end && (bytes[index] === 101 || bytes[index] === 69)) {
    index++;
    let exponentNegative = false;
    if (index < end && (bytes[index] === CHAR_MINUS || bytes[index] === CHAR_PLUS)) {
      exponentNegative = bytes[index] === CHAR_MINUS;
      index++;
    }
    const exponentStart = index;
    for (; index < end; index++) {
      const digit = bytes[index]! - CHAR_0;
      if (digit < 0 || digit > 9) break;
      exponent = exponent * 10 + digit;
    }
    if (index === exponentStart) return NOT_A_NUMBER;
    if (exponentNegative) exponent = -exponent;
  }
  if (index !== end) return NOT_A_NUMBER;

  const scale = exponent - fractionDigits;
  if (significantDigits <= MAX_EXACT_DIGITS && scale >= -22 && scale <= 22) {
    const magnitude = scale >= 0 ? mantissa * powersOf10[scale]! : mantissa / powersOf10[-scale]!;
    return negative ? -magnitude : magnitude;
  }
  return Number(latin1.decode(bytes.subarray(start, end)));
}

const missingWords = new Set(['nan', 'null', 'na', 'n/a', 'none', '-', '#n/a']);

function missingOrInvalid(bytes: Uint8Array, start: number, end: number): number {
  if (end - start > 4) return NOT_A_NUMBER;
  const word = latin1.decode(bytes.subarray(start, end)).toLowerCase();
  return missingWords.has(word) ? NaN : NOT_A_NUMBER;
}
