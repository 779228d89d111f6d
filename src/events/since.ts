/** Parsing `--since` / `--until` values: a millisecond timestamp, a relative duration (`90s`, `15m`, `1h`, `7d`, `2w`) or an ISO date. */
import { ValidationError } from '../core/index.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Resolves a point in time to milliseconds since the epoch, the same on every machine whatever its time zone.
 * @param value a number (ms), `'<n><unit>'` meaning that long before `now`, a date `2026-06-01` (UTC
 *   midnight), or a date-time with a zone: `2026-06-01T10:30Z`, `2026-06-01T10:30:00+02:00`.
 * @param now the current time from the injected clock.
 * @param field the option name used in errors.
 * @throws MLP_CORE_VALIDATION naming `field`, also for a date-time without `Z` or an offset (it would mean a
 *   different instant on each machine).
 */
export function resolveTime(value: number | string, now: number, field = 'since'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0)
      throw ValidationError({ field, problem: 'must be a non-negative number of milliseconds since the epoch' });
    return value;
  }
  if (typeof value !== 'string') throw ValidationError({ field, problem: 'must be a number, a duration such as 1h or 7d, or an ISO date' });
  const text = value.trim();
  const relative = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/i.exec(text);
  if (relative !== null) {
    const amount = Number(relative[1]);
    return now - Math.round(amount * (UNIT_MS[(relative[2] as string).toLowerCase()] as number));
  }
  if (/^\d+$/.test(text)) return Number(text);
  let iso: string | undefined;
  if (DATE.test(text)) iso = `${text}T00:00:00Z`;
  const dateTime = DATE_TIME.exec(text);
  if (dateTime !== null) {
    const [, date, time, zone] = dateTime;
    if (zone === undefined) {
      throw ValidationError({
        field,
        problem: `${JSON.stringify(value)} has no time zone; add Z for UTC or an offset (${date}T${time}Z, ${date}T${time}+02:00)`,
      });
    }
    // The form ECMAScript defines (T separator, ±HH:MM), so no engine falls back to a local-time reading.
    iso = `${date}T${time}${zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`}`;
  }
  if (iso !== undefined) {
    const ms = Date.parse(iso);
    if (Number.isFinite(ms)) return ms;
  }
  throw ValidationError({
    field,
    problem: `${JSON.stringify(value)} is not a duration (30s, 15m, 1h, 7d, 2w), an ISO date (2026-01-31, 2026-01-31T12:00:00Z) or milliseconds`,
  });
}
