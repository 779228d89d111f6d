import { describe, expect, it } from 'vitest';
import { parseDatetimeString } from '../../../src/data/index.js';

describe('parseDatetimeString', () => {
  it.each([
    ['2024-02-29', '2024-02-29T00:00:00Z'],
    ['1969-12-31', '1969-12-31T00:00:00Z'],
    ['0001-01-01', '0001-01-01T00:00:00Z'],
    ['2001-01-01T00:01:00', '2001-01-01T00:01:00Z'],
    ['2001-01-01 13:45', '2001-01-01T13:45:00Z'],
    ['2001-01-01T13:45:07.5', '2001-01-01T13:45:07.500Z'],
    ['2001-01-01T13:45:07.123456789', '2001-01-01T13:45:07.123Z'],
    ['2001-01-01T13:45:07Z', '2001-01-01T13:45:07Z'],
    ['2001-01-01T13:45:07+02:00', '2001-01-01T13:45:07+02:00'],
    ['2001-01-01T13:45:07-0530', '2001-01-01T13:45:07-05:30'],
    ['2001-01-01T01:00+03', '2001-01-01T01:00:00+03:00'],
    ['2000-03-01T00:00:00.000Z', '2000-03-01T00:00:00.000Z'],
  ])('%s (no zone = UTC) equals Date.parse(%s)', (text, reference) => {
    expect(parseDatetimeString(text)).toBe(Date.parse(reference));
  });

  it('agrees with Date.parse on 20,000 random instants between 1900 and 2100', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const start = Date.UTC(1900, 0, 1);
    const span = Date.UTC(2100, 0, 1) - start;
    for (let i = 0; i < 20_000; i++) {
      const iso = new Date(start + Math.floor(random() * span)).toISOString();
      expect(parseDatetimeString(iso)).toBe(Date.parse(iso));
      expect(parseDatetimeString(iso.slice(0, 19))).toBe(Date.parse(iso.slice(0, 19) + 'Z'));
      expect(parseDatetimeString(iso.slice(0, 10))).toBe(Date.parse(iso.slice(0, 10)));
    }
  });

  it.each([
    '2023-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024-01-01T24:00',
    '2024-01-01T12:60',
    '2024-01-01T12:00:60',
    '2024',
    '2024-1-01',
    '20240101',
    '2024-01-01T',
    '2024-01-01T12',
    '2024-01-01T12:00:00.',
    '2024-01-01T12:00:00+2',
    '2024-01-01Z',
    '2024-01-01T12:00:00 ',
    '01/02/2024',
    'yesterday',
  ])('rejects %j', (text) => {
    expect(parseDatetimeString(text)).toBeNaN();
  });
});
