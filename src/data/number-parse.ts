/**
 * Decimal number parsing straight from UTF-8 bytes, identical to `Number(text)` bit for bit.
 *
 * Accepted syntax (stricter than `Number`): `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`. No
 * surrounding spaces, no hex, no `_`, no `Infinity`/`NaN`. A value whose magnitude overflows to ±Infinity is not
 * a number here either (schema rule: numeric means finite).
 *
 * Fast path (the common case, no string is built): when the significant digits form an integer m ≤ 2^53 and
 * the decimal exponent e (exponent minus fraction digits) is within [-22, 22], the result is `m / 10^-e` or
 * `m * 10^e`. Both operands are exact doubles, so the one IEEE operation rounds correctly, which is exactly what
 * `Number()` returns. Everything else falls back to `Number()` on the ASCII text.
 */

const POW10 = new Float64Array(23);
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10[i] = p;

const TWO_53 = 9007199254740992;
const MANTISSA_LIMIT = 900719925474099; // floor((2^53 - 1) / 10): one more digit still fits below 2^53

/**
 * Parses `bytes[start, end)` as a decimal number.
 * @returns the number, or `NaN` when the bytes are not a finite number in the syntax above (empty included).
 */
export function parseNumberBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  if (i >= end) return NaN;
  let negative = false;
  let c = bytes[i] as number;
  if (c === 45 /* - */ || c === 43 /* + */) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let exact = true;
  let digits = 0;
  while (i < end) {
    c = (bytes[i] as number) - 48;
    if (c < 0 || c > 9) break;
    if (exact) {
      if (mantissa > MANTISSA_LIMIT) exact = false;
      else {
        const t = mantissa * 10;
        if (t > TWO_53 - c) exact = false;
        else mantissa = t + c;
      }
    }
    digits++;
    i++;
  }
  let fraction = 0;
  if (i < end && bytes[i] === 46 /* . */) {
    i++;
    while (i < end) {
      c = (bytes[i] as number) - 48;
      if (c < 0 || c > 9) break;
      if (exact) {
        if (mantissa > MANTISSA_LIMIT) exact = false;
        else {
          const t = mantissa * 10;
          if (t > TWO_53 - c) exact = false;
          else mantissa = t + c;
        }
      }
      fraction++;
      digits++;
      i++;
    }
  }
  if (digits === 0) return NaN;
  let exponent = 0;
  if (i < end) {
    c = bytes[i] as number;
    if (c !== 101 /* e */ && c !== 69 /* E */) return NaN;
    i++;
    let expNegative = false;
    if (i < end && (bytes[i] === 45 || bytes[i] === 43)) {
      expNegative = bytes[i] === 45;
      i++;
    }
    let expDigits = 0;
    while (i < end) {
      c = (bytes[i] as number) - 48;
      if (c < 0 || c > 9) return NaN;
      if (exponent < 100000) exponent = exponent * 10 + c;
      expDigits++;
      i++;
    }
    if (expDigits === 0) return NaN;
    if (expNegative) exponent = -exponent;
  }
  if (exact) {
    const e = exponent - fraction;
    let value: number;
    if (e === 0) value = mantissa;
    else if (e < 0 && e >= -22) value = mantissa / (POW10[-e] as number);
    else if (e > 0 && e <= 22) value = mantissa * (POW10[e] as number);
    else return slowParse(bytes, start, end);
    // m * 10^e may overflow only for e > 22, handled by the slow path; `-value` gives -0 for "-0" like Number.
    return negative ? -value : value;
  }
  return slowParse(bytes, start, end);
}

function slowParse(bytes: Uint8Array, start: number, end: number): number {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i] as number);
  const value = Number(text);
  return Number.isFinite(value) ? value : NaN;
}

/** `true`/`false` in any letter case, from bytes. @returns 1, 0, or -1 when the bytes are neither. */
export function parseBooleanBytes(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length === 4) {
    if (
      ((bytes[start] as number) | 0x20) === 116 &&
      ((bytes[start + 1] as number) | 0x20) === 114 &&
      ((bytes[start + 2] as number) | 0x20) === 117 &&
      ((bytes[start + 3] as number) | 0x20) === 101
    )
      return 1;
  } else if (length === 5) {
    if (
      ((bytes[start] as number) | 0x20) === 102 &&
      ((bytes[start + 1] as number) | 0x20) === 97 &&
      ((bytes[start + 2] as number) | 0x20) === 108 &&
      ((bytes[start + 3] as number) | 0x20) === 115 &&
      ((bytes[start + 4] as number) | 0x20) === 101
    )
      return 0;
  }
  return -1;
}

/** {@link parseNumberBytes} for a JS string (same syntax and result). */
export function parseNumberString(text: string): number {
  const bytes = asciiBytes(text);
  return bytes === null ? NaN : parseNumberBytes(bytes, 0, bytes.length);
}

let scratch = new Uint8Array(64);

/** The string as one byte per char into a shared scratch buffer, or null when it has a non-ASCII char. */
export function asciiBytes(text: string): Uint8Array | null {
  if (text.length > scratch.length) scratch = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return null;
    scratch[i] = c;
  }
  return scratch.subarray(0, text.length);
}
