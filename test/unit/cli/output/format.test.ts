import { describe, expect, it } from 'vitest';

import { formatBytes, formatDuration, formatNumber, formatRecord, formatTime, shortDigest } from '../../../../src/cli/output/format.js';

describe('formatters', () => {
  it('formats timestamps as ISO UTC without milliseconds', () => {
    expect(formatTime(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('2026-01-02T03:04:05Z');
    expect(formatTime(null)).toBe('-');
  });

  it('formats byte counts in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });

  it('keeps integers and rounds other numbers to 6 significant digits', () => {
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(0.123456789)).toBe('0.123457');
    expect(formatNumber(undefined)).toBe('-');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });

  it('formats durations from milliseconds to hours', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_340)).toBe('12.3s');
    expect(formatDuration(245_000)).toBe('4m05s');
    expect(formatDuration(7_800_000)).toBe('2h10m');
    expect(formatDuration(null)).toBe('-');
  });

  it('formats records sorted by key and shortens digests', () => {
    expect(formatRecord({ b: 2, a: 'x' })).toBe('a=x, b=2');
    expect(formatRecord({})).toBe('-');
    expect(shortDigest('0123456789abcdef')).toBe('0123456789ab');
  });
});
