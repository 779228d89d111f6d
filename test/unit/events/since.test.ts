import { describe, expect, it } from 'vitest';

import { resolveTime } from '../../../src/events/index.js';

const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);

describe('resolveTime', () => {
  it.each([
    ['1h', NOW - 3_600_000],
    ['7d', NOW - 7 * 86_400_000],
    ['30s', NOW - 30_000],
    ['15m', NOW - 900_000],
    ['2w', NOW - 14 * 86_400_000],
    ['1.5h', NOW - 5_400_000],
    ['2026-06-01', Date.UTC(2026, 5, 1)],
    ['2026-06-01T10:30:00Z', Date.UTC(2026, 5, 1, 10, 30)],
    ['2026-06-01T10:30:00+02:00', Date.UTC(2026, 5, 1, 8, 30)],
    ['1700000000000', 1_700_000_000_000],
  ])('reads %s', (value, expected) => {
    expect(resolveTime(value, NOW)).toBe(expected);
  });

  it('passes numbers through', () => {
    expect(resolveTime(42, NOW)).toBe(42);
  });

  it.each(['yesterday', '1y', '-1h', '2026-13-45', '', 'h1'])('rejects %j naming the field', (value) => {
    expect(() => resolveTime(value, NOW, 'since')).toThrow(/since/);
  });
});
