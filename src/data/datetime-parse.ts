import { asciiBytes } from './number-parse.js';

/**
 * ISO 8601 date and date-time parsing straight from bytes, to milliseconds since the Unix epoch (UTC).
 *
 * Accepted forms (the calendar extended format most tools write):
 * - `YYYY-MM-DD` (midnight UTC)
 * - `YYYY-MM-DD[T| ]HH:MM`, `…:SS`, `…:SS.f` with 1-9 fraction digits (truncated to milliseconds)
 * - an optional zone after a time: `Z`, `±HH:MM`, `±HHMM` or `±HH`.
 *
 * A date-time **without a zone is taken as UTC** (not local time), so a file reads the same on every machine.
 * Field ranges are checked (month 1-12, day within the month including leap years, hour 0-23, minute and
 * second 0-59); anything else, including a bare year or week dates, is not a datetime.
 */

/** Days from 1970-01-01 to the proleptic Gregorian date y-m-d (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digit(bytes: Uint8Array, i: number): number {
  const c = (bytes[i] as number) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function two(bytes: Uint8Array, i: number): number {
  const a = digit(bytes, i);
  const b = digit(bytes, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * Parses `bytes[start, end)` as an ISO 8601 date or date-time.
 * @returns milliseconds since 1970-01-01T00:00:00Z, or `NaN` when the bytes are not one of the accepted forms.
 */
export function parseDatetimeBytes(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length < 10 || bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return NaN;
  const y1 = two(bytes, start);
  const y2 = two(bytes, start + 2);
  const month = two(bytes, start + 5);
  const day = two(bytes, start + 8);
  if (y1 < 0 || y2 < 0 || month < 1 || month > 12 || day < 1) return NaN;
  const year = y1 * 100 + y2;
  if (day > daysInMonth(year, month)) return NaN;
  let ms = daysFromCivil(year, month, day) * 86400000;
  if (length === 10) return ms;
  let i = start + 10;
  const sep = bytes[i];
  if ((sep !== 84 /* T */ && sep !== 32 /* space */ && sep !== 116) /* t */ || end - i < 6) return NaN;
  const hour = two(bytes, i + 1);
  const minute = two(bytes, i + 4);
  if (bytes[i + 3] !== 58 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  ms += hour * 3600000 + minute * 60000;
  i += 6;
  if (i < end && bytes[i] === 58 /* : */) {
    if (end - i < 3) return NaN;
    const second = two(bytes, i + 1);
    if (second < 0 || second > 59) return NaN;
    ms += second * 1000;
    i += 3;
    if (i < end && (bytes[i] === 46 /* . */ || bytes[i] === 44) /* , */) {
      i++;
      let fractionDigits = 0;
      let millis = 0;
      while (i < end) {
        const d = digit(bytes, i);
        if (d < 0) break;
        if (fractionDigits < 3) millis = millis * 10 + d;
        fractionDigits++;
        i++;
      }
      if (fractionDigits === 0 || fractionDigits > 9) return NaN;
      for (let k = fractionDigits; k < 3; k++) millis *= 10;
      ms += millis;
    }
  }
  if (i === end) return ms;
  const z = bytes[i];
  if (z === 90 /* Z */ || z === 122 /* z */) return i + 1 === end ? ms : NaN;
  if (z !== 43 /* + */ && z !== 45 /* - */) return NaN;
  const rest = end - i - 1;
  const zh = two(bytes, i + 1);
  let zm = 0;
  if (rest === 2) zm = 0;
  else if (rest === 4) zm = two(bytes, i + 3);
  else if (rest === 5 && bytes[i + 3] === 58) zm = two(bytes, i + 4);
  else return NaN;
  if (zh < 0 || zh > 23 || zm < 0 || zm > 59) return NaN;
  const offset = (zh * 60 + zm) * 60000;
  // Local time = UTC + offset, so UTC = local - offset.
  return z === 43 ? ms - offset : ms + offset;
}

/** {@link parseDatetimeBytes} for a JS string. */
export function parseDatetimeString(text: string): number {
  const bytes = asciiBytes(text);
  return bytes === null ? NaN : parseDatetimeBytes(bytes, 0, bytes.length);
}
