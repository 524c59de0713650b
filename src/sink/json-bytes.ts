/**
 * JSON written straight as bytes: string contents from UTF-8 bytes (escaped as JSON.stringify escapes them),
 * and integers as digits, without making a string of either.
 */

/** What `scanJsonText` finds: a byte JSON must escape (quote, backslash, below 0x20), a byte ≥ 0x80. */
export const NEEDS_ESCAPE = 1;
export const NOT_ASCII = 2;

let wordsOf: ArrayBufferLike | undefined;
let words: Int32Array<ArrayBufferLike> = new Int32Array(0);

/**
 * One pass over `bytes[start, end)`, four bytes at a time over the 4-byte-aligned middle (SWAR): which of
 * NEEDS_ESCAPE and NOT_ASCII apply. Bytes of multi-byte UTF-8 characters are all ≥ 0x80, so they never need
 * escaping; NOT_ASCII says whether the bytes must be checked as UTF-8 at all. The pass stops at the first word
 * with a byte to escape (JSON text has one every few bytes): with NEEDS_ESCAPE, NOT_ASCII is not known.
 */
export function scanJsonText(bytes: Uint8Array, start: number, end: number): number {
  const base = bytes.byteOffset;
  let found = 0;
  let i = start;
  while (i < end && ((base + i) & 3) !== 0) {
    found |= byteFlags(bytes[i++] as number);
    if ((found & NEEDS_ESCAPE) !== 0) return found;
  }
  const count = (end - i) >> 2;
  if (count > 0) {
    if (wordsOf !== bytes.buffer) {
      wordsOf = bytes.buffer;
      words = new Int32Array(bytes.buffer, 0, bytes.buffer.byteLength >> 2);
    }
    const first = (base + i) >> 2;
    const last = first + count;
    let high = 0;
    for (let k = first; k < last; k += 1) {
      const w = words[k] as number;
      // a zero byte in x ⇔ ((x - 0x01010101) & ~x & 0x80808080) ≠ 0 (exact for "is there one"); below 0x20 ⇔
      // the top three bits are zero
      const low = w & 0xe0e0e0e0;
      const quote = w ^ 0x22222222;
      const backslash = w ^ 0x5c5c5c5c;
      if ((((low - 0x01010101) & ~low) | ((quote - 0x01010101) & ~quote) | ((backslash - 0x01010101) & ~backslash)) & 0x80808080) {
        return found | NEEDS_ESCAPE;
      }
      high |= w;
    }
    if ((high & 0x80808080) !== 0) found |= NOT_ASCII;
    i += count << 2;
  }
  while (i < end) found |= byteFlags(bytes[i++] as number);
  return found;
}

const ESCAPE_SHORT = new Uint8Array(256);
const NO_ESCAPE = 0;
const UNICODE_ESCAPE = 0x75; // u: \u00XX
for (let c = 0; c < 0x20; c += 1) ESCAPE_SHORT[c] = UNICODE_ESCAPE;
ESCAPE_SHORT[0x08] = 0x62; // \b
ESCAPE_SHORT[0x09] = 0x74; // \t
ESCAPE_SHORT[0x0a] = 0x6e; // \n
ESCAPE_SHORT[0x0c] = 0x66; // \f
ESCAPE_SHORT[0x0d] = 0x72; // \r
ESCAPE_SHORT[0x22] = 0x22; // \"
ESCAPE_SHORT[0x5c] = 0x5c; // \\
const HEX = Uint8Array.from(Buffer.from('0123456789abcdef', 'latin1'));

function byteFlags(b: number): number {
  return (ESCAPE_SHORT[b] !== NO_ESCAPE ? NEEDS_ESCAPE : 0) | (b >= 0x80 ? NOT_ASCII : 0);
}

/** Most bytes one source byte becomes: \u00XX. */
export const MAX_ESCAPE_GROWTH = 6;

/**
 * Writes the JSON string contents of `source[start, end)` (valid UTF-8) at `at`, escaped exactly as
 * JSON.stringify escapes the decoded text: \" \\ \b \t \n \f \r, other controls as \u00xx; every other byte as
 * it is. The caller made room for MAX_ESCAPE_GROWTH bytes per source byte. Returns the position after.
 */
export function writeEscaped(source: Uint8Array, start: number, end: number, target: Uint8Array, at: number): number {
  let out = at;
  for (let i = start; i < end; i += 1) {
    const b = source[i] as number;
    const escape = ESCAPE_SHORT[b] as number;
    if (escape === NO_ESCAPE) {
      target[out++] = b;
      continue;
    }
    target[out++] = 0x5c;
    target[out++] = escape;
    if (escape === UNICODE_ESCAPE) {
      target[out++] = 0x30;
      target[out++] = 0x30;
      target[out++] = HEX[b >> 4] as number;
      target[out++] = HEX[b & 15] as number;
    }
  }
  return out;
}

/** Digit pairs 00..99, so that integers are written two digits per division. */
const DIGIT_PAIRS = new Uint8Array(200);
for (let n = 0; n < 100; n += 1) {
  DIGIT_PAIRS[2 * n] = 0x30 + Math.floor(n / 10);
  DIGIT_PAIRS[2 * n + 1] = 0x30 + (n % 10);
}

/** Bytes of an integer as JSON writes it (offsets, timestamps and sizes are safe integers; -1 is a missing timestamp). */
export function decimalLength(n: number): number {
  if (!Number.isSafeInteger(n)) return JSON.stringify(n).length;
  if (n < 0) return 1 + decimalLength(-n);
  if (n < 1e8) return n < 1e4 ? (n < 100 ? (n < 10 ? 1 : 2) : n < 1000 ? 3 : 4) : n < 1e6 ? (n < 1e5 ? 5 : 6) : n < 1e7 ? 7 : 8;
  return 8 + decimalLength(Math.floor(n / 1e8));
}

/** Writes the integer's digits at `at`; returns the position after them. */
export function writeDecimal(target: Uint8Array, at: number, n: number): number {
  if (!Number.isSafeInteger(n)) return writeAscii(target, at, JSON.stringify(n));
  if (n < 0) {
    target[at] = 0x2d; // -
    return writeDecimal(target, at + 1, -n);
  }
  const end = at + decimalLength(n);
  if (n < 1e8) {
    writeDigitsBackwards(target, end, n, 1);
    return end;
  }
  const high = Math.floor(n / 1e8);
  writeDigitsBackwards(target, end, n - high * 1e8, 8);
  writeDecimal(target, at, high);
  return end;
}

/** Writes `n` (< 1e8) so that its last digit is at end - 1, padded with zeros to at least `width` digits. */
function writeDigitsBackwards(target: Uint8Array, end: number, n: number, width: number): void {
  let i = end;
  let rest = n;
  while (rest >= 100) {
    const next = (rest / 100) | 0;
    const pair = (rest - next * 100) * 2;
    target[--i] = DIGIT_PAIRS[pair + 1] as number;
    target[--i] = DIGIT_PAIRS[pair] as number;
    rest = next;
  }
  if (rest >= 10) {
    target[--i] = DIGIT_PAIRS[rest * 2 + 1] as number;
    target[--i] = DIGIT_PAIRS[rest * 2] as number;
  } else {
    target[--i] = 0x30 + rest;
  }
  while (end - i < width) target[--i] = 0x30;
}

function writeAscii(target: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i += 1) target[at + i] = text.charCodeAt(i);
  return at + text.length;
}
