/**
 * Monitoring windows: hourly and daily windows aligned to UTC boundaries (time from the injected clock and the
 * predictions' timestamps), and windows of N rows in arrival order. A window is closed — and may be evaluated —
 * once its end has passed (time) or its last row has arrived (rows).
 */
import type { MonitorWindowSpec } from '../../core/index.js';

/** One window of a model's predictions: `[start, end)` in ms since the epoch (time) or in row positions (rows). */
export interface MonitorWindow {
  /** Stable key: `2026-01-05T00:00:00.000Z/P1D`, `2026-01-05T13:00:00.000Z/PT1H`, or `rows:2000-3000`. */
  readonly key: string;
  readonly kind: 'time' | 'rows';
  readonly start: number;
  readonly end: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The length of a time window in ms. */
export function windowSizeMs(spec: { every: 'hour' | 'day' }): number {
  return spec.every === 'hour' ? HOUR_MS : DAY_MS;
}

/** The time window `[start, start + size)` holding `start`, aligned to UTC. */
export function timeWindowAt(spec: { every: 'hour' | 'day' }, at: number): MonitorWindow {
  const size = windowSizeMs(spec);
  const start = Math.floor(at / size) * size;
  return { key: `${new Date(start).toISOString()}/${spec.every === 'hour' ? 'PT1H' : 'P1D'}`, kind: 'time', start, end: start + size };
}

/** The row window `[start, start + size)`. */
export function rowWindowAt(size: number, start: number): MonitorWindow {
  return { key: `rows:${start}-${start + size}`, kind: 'rows', start, end: start + size };
}

/**
 * The closed windows to evaluate, oldest first: those that start at or after `from` (the end of the last
 * evaluated window, or the start of the data) and are closed at `upTo` (a time for time windows, the number of
 * rows received for row windows), at most `max` of them.
 */
export function closedWindows(spec: MonitorWindowSpec, from: number, upTo: number, max: number): MonitorWindow[] {
  const out: MonitorWindow[] = [];
  if ('every' in spec) {
    let window = timeWindowAt(spec, from);
    // A window that started before `from` was evaluated already (or began before the data): skip it.
    if (window.start < from) window = timeWindowAt(spec, window.end);
    while (window.end <= upTo && out.length < max) {
      out.push(window);
      window = timeWindowAt(spec, window.end);
    }
    return out;
  }
  let start = Math.ceil(from / spec.rows) * spec.rows;
  while (start + spec.rows <= upTo && out.length < max) {
    out.push(rowWindowAt(spec.rows, start));
    start += spec.rows;
  }
  return out;
}

/**
 * Parses a window key back to its window.
 * @returns undefined when the key is not one {@link timeWindowAt} or {@link rowWindowAt} makes.
 */
export function parseWindowKey(key: string): MonitorWindow | undefined {
  const rows = /^rows:(\d{1,15})-(\d{1,15})$/.exec(key);
  if (rows !== null) {
    const start = Number(rows[1]);
    const end = Number(rows[2]);
    return end > start ? { key, kind: 'rows', start, end } : undefined;
  }
  const time = /^(\d{4}-\d{2}-\d{2}T\d{2}:00:00\.000Z)\/(PT1H|P1D)$/.exec(key);
  if (time === null) return undefined;
  const start = Date.parse(time[1] as string);
  if (!Number.isFinite(start)) return undefined;
  const window = timeWindowAt({ every: time[2] === 'PT1H' ? 'hour' : 'day' }, start);
  return window.key === key ? window : undefined;
}
