import { describe, expect, it } from 'vitest';

import { toJsonObject, toJsonValue } from '../../../src/core/index.js';

describe('toJsonValue', () => {
  it('copies plain data the way JSON.stringify writes it', () => {
    const value = {
      a: 1,
      b: undefined,
      c: [1, undefined, Number.NaN, -Infinity],
      d: { e: null, f: 'x', g: true },
      h: Object.create(null) as object,
    };
    const copy = toJsonValue(value);
    expect(copy).toEqual(JSON.parse(JSON.stringify(value)));
    expect(copy).toEqual({ a: 1, c: [1, null, null, null], d: { e: null, f: 'x', g: true }, h: {} });
  });

  it.each<[string, unknown, string]>([
    ['a function', { a: { f: () => 1 } }, '$.a.f'],
    ['a bigint', [1n], '$[0]'],
    ['a Date', { when: new Date(0) }, '$.when'],
    ['a typed array', { v: new Float64Array(2) }, '$.v'],
  ])('refuses %s, naming its path', (_label, value, path) => {
    expect(() => toJsonValue(value)).toThrow(
      expect.objectContaining({ code: 'MLP_CORE_VALIDATION', details: expect.objectContaining({ field: path }) }),
    );
  });

  it('refuses a cycle but not a value shared twice', () => {
    const shared = { x: 1 };
    expect(toJsonValue({ a: shared, b: shared })).toEqual({ a: { x: 1 }, b: { x: 1 } });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => toJsonValue(cycle)).toThrow(/cycle/);
  });

  it('toJsonObject refuses what is not an object', () => {
    expect(toJsonObject({ a: [1] })).toEqual({ a: [1] });
    expect(() => toJsonObject([1])).toThrow(/plain object/);
  });
});
