/** Windows, thresholds and the incident rules: the pure parts of monitors, against hand-computed values. */
import { describe, expect, it } from 'vitest';

import {
  baselineOf,
  boundsOf,
  breaches,
  closedWindows,
  incidentStep,
  parseWindowKey,
  timeWindowAt,
} from '../../../../src/monitor/index.js';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2026, 2, 1);

describe('windows', () => {
  it('cuts closed UTC hours and days from a start up to a time, at most max of them', () => {
    const days = closedWindows({ every: 'day' }, T0, T0 + 3 * D + 5 * H, 10);
    expect(days.map((w) => w.key)).toEqual([
      '2026-03-01T00:00:00.000Z/P1D',
      '2026-03-02T00:00:00.000Z/P1D',
      '2026-03-03T00:00:00.000Z/P1D',
    ]);
    expect(days[0]).toMatchObject({ kind: 'time', start: T0, end: T0 + D });
    expect(closedWindows({ every: 'hour' }, T0 + 30 * 60_000, T0 + 4 * H, 10).map((w) => w.start)).toEqual([
      T0 + H,
      T0 + 2 * H,
      T0 + 3 * H,
    ]);
    expect(closedWindows({ every: 'hour' }, T0, T0 + 100 * H, 4)).toHaveLength(4);
    expect(closedWindows({ every: 'day' }, T0, T0 + D - 1, 10)).toEqual([]);
  });

  it('cuts row windows from the rows received', () => {
    expect(closedWindows({ rows: 100 }, 0, 350, 10).map((w) => w.key)).toEqual(['rows:0-100', 'rows:100-200', 'rows:200-300']);
    expect(closedWindows({ rows: 100 }, 200, 350, 10).map((w) => w.key)).toEqual(['rows:200-300']);
  });

  it('parses the keys it makes and refuses others', () => {
    for (const w of [
      timeWindowAt({ every: 'hour' }, T0 + 5 * H + 7),
      timeWindowAt({ every: 'day' }, T0 + 5 * H),
      ...closedWindows({ rows: 50 }, 0, 100, 5),
    ])
      expect(parseWindowKey(w.key)).toEqual(w);
    for (const bad of ['rows:5-5', '2026-03-01T00:30:00.000Z/PT1H', '2026-03-01T05:00:00.000Z/P1D', '../x', 'rows:-1-3'])
      expect(parseWindowKey(bad)).toBeUndefined();
  });
});

describe('thresholds', () => {
  it('a learned threshold is mean ± k·σ (sample σ) of the baseline windows', () => {
    const baseline = baselineOf([1, 2, 3, 4]);
    expect(baseline.mean).toBe(2.5);
    expect(baseline.std).toBeCloseTo(Math.sqrt(5 / 3), 15);
    const both = boundsOf({ learned: { k: 2, baselineWindows: 4, direction: 'both' } }, baseline);
    expect(both?.lower).toBeCloseTo(2.5 - 2 * Math.sqrt(5 / 3), 14);
    expect(both?.upper).toBeCloseTo(2.5 + 2 * Math.sqrt(5 / 3), 14);
    expect(boundsOf({ learned: { k: 2, baselineWindows: 4, direction: 'above' } }, baseline)?.lower).toBeNull();
    expect(boundsOf({ learned: { k: 2, baselineWindows: 4, direction: 'below' } }, baseline)?.upper).toBeNull();
    expect(boundsOf({ learned: { k: 2, baselineWindows: 4, direction: 'both' } }, undefined)).toBeUndefined();
  });

  it('a value on a bound is healthy; beyond it alerts', () => {
    const bounds = boundsOf({ above: 0.2 }, undefined) as { lower: number | null; upper: number | null };
    expect(bounds).toEqual({ lower: null, upper: 0.2 });
    expect(breaches(0.2, bounds)).toBe(false);
    expect(breaches(0.2000001, bounds)).toBe(true);
    expect(breaches(-5, bounds)).toBe(false);
    expect(breaches(0.79, { lower: 0.8, upper: null })).toBe(true);
  });
});

describe('incident rules', () => {
  it('opens on an alert, attaches later alerts, counts healthy windows and resolves on the resolveAfter-th', () => {
    expect(incidentStep(undefined, 'alert', 3)).toEqual({ kind: 'open' });
    expect(incidentStep(undefined, 'healthy', 3)).toEqual({ kind: 'none' });
    const open = { id: 'i', healthyStreak: 0 };
    expect(incidentStep(open, 'alert', 3)).toEqual({ kind: 'attach' });
    expect(incidentStep(open, 'healthy', 3)).toEqual({ kind: 'count-healthy', healthyStreak: 1 });
    expect(incidentStep({ id: 'i', healthyStreak: 2 }, 'healthy', 3)).toEqual({ kind: 'resolve', healthyStreak: 3 });
    expect(incidentStep({ id: 'i', healthyStreak: 0 }, 'healthy', 1)).toEqual({ kind: 'resolve', healthyStreak: 1 });
  });

  it('baseline and no-data windows change nothing', () => {
    for (const status of ['baseline', 'no-data'] as const) {
      expect(incidentStep(undefined, status, 3)).toEqual({ kind: 'none' });
      expect(incidentStep({ id: 'i', healthyStreak: 2 }, status, 3)).toEqual({ kind: 'none' });
    }
  });
});
