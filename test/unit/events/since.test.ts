import { describe, expect, it } from 'vitest';

import { resolveTime } from '../../../src/events/index.js';

const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);
const ORIGINAL_TZ = process.env.TZ;

// Node re-reads TZ when it is assigned, so one process can check that the machine's zone changes nothing.
// Chatham (+12:45) and St. John's (−02:30 in June) are far from UTC and not whole hours away from it.
describe.each(['Pacific/Chatham', 'America/St_Johns'])('resolveTime with TZ=%s', (zone) => {
  const inZone = <T>(fn: () => T): T => {
    process.env.TZ = zone;
    try {
      return fn();
    } finally {
      if (ORIGINAL_TZ === undefined) delete process.env.TZ;
      else process.env.TZ = ORIGINAL_TZ;
    }
  };

  it('runs in a zone that is not UTC (the check below could otherwise not fail)', () => {
    expect(inZone(() => new Date(Date.UTC(2026, 5, 1)).getTimezoneOffset())).not.toBe(0);
  });

  it.each([
    ['1h', NOW - 3_600_000],
    ['7d', NOW - 7 * 86_400_000],
    ['30s', NOW - 30_000],
    ['15m', NOW - 900_000],
    ['2w', NOW - 14 * 86_400_000],
    ['1.5h', NOW - 5_400_000],
    ['2026-06-01', Date.UTC(2026, 5, 1)],
    ['2026-06-01T10:30Z', Date.UTC(2026, 5, 1, 10, 30)],
    ['2026-06-01T10:30:00Z', Date.UTC(2026, 5, 1, 10, 30)],
    ['2026-06-01 10:30:00z', Date.UTC(2026, 5, 1, 10, 30)],
    ['2026-06-01T10:30:00.250Z', Date.UTC(2026, 5, 1, 10, 30, 0, 250)],
    ['2026-06-01T10:30:00+02:00', Date.UTC(2026, 5, 1, 8, 30)],
    ['2026-06-01T10:30:00-0330', Date.UTC(2026, 5, 1, 14, 0)],
    ['1700000000000', 1_700_000_000_000],
  ])('reads %s as the same instant', (value, expected) => {
    expect(inZone(() => resolveTime(value, NOW))).toBe(expected);
  });

  it.each(['2026-06-01T10:30', '2026-06-01T10:30:00', '2026-06-01 10:30'])(
    'refuses the zone-less %s, saying to add Z or an offset',
    (value) => {
      expect(() => inZone(() => resolveTime(value, NOW, 'until'))).toThrow(/until.*no time zone; add Z for UTC or an offset/);
    },
  );
});

describe('resolveTime', () => {
  it('passes numbers through', () => {
    expect(resolveTime(42, NOW)).toBe(42);
  });

  it.each(['yesterday', '1y', '-1h', '2026-13-45', '', 'h1', '2026-06-01T10:30+2'])('rejects %j naming the field', (value) => {
    expect(() => resolveTime(value, NOW, 'since')).toThrow(/since/);
  });
});
