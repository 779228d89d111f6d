import { describe, expect, it } from 'vitest';

import { benjaminiHochberg } from '../../../../src/monitor/drift/benjamini-hochberg.js';

// Expected values computed by hand from the definition: sort ascending, p(k)·m/k, running minimum from the
// largest rank down, capped at 1, back in input order.
describe('benjaminiHochberg', () => {
  it('adjusts four p-values (hand-computed: 0.005·4/1 = 0.02, 0.01·4/2 = 0.02, 0.03·4/3 = 0.04, 0.04·4/4 = 0.04)', () => {
    const adjusted = Array.from(benjaminiHochberg([0.01, 0.04, 0.03, 0.005]));
    [0.02, 0.04, 0.04, 0.02].forEach((expected, i) => expect(adjusted[i]).toBeCloseTo(expected, 15));
  });

  it('takes the running minimum from the top (0.04·3 = 0.12 becomes 0.041·3/2 = 0.0615)', () => {
    const adjusted = Array.from(benjaminiHochberg([0.04, 0.041, 0.9]));
    expect(adjusted[0]).toBeCloseTo(0.0615, 15);
    expect(adjusted[1]).toBeCloseTo(0.0615, 15);
    expect(adjusted[2]).toBeCloseTo(0.9, 15);
  });

  it('caps at 1 and keeps ties equal', () => {
    expect(Array.from(benjaminiHochberg([1, 1]))).toEqual([1, 1]);
    expect(Array.from(benjaminiHochberg([0.6, 0.9]))).toEqual([0.9, 0.9]);
    expect(Array.from(benjaminiHochberg([0.02, 0.02]))).toEqual([0.02, 0.02]);
  });

  it('leaves one p-value unchanged and an empty list empty', () => {
    expect(Array.from(benjaminiHochberg([0.037]))).toEqual([0.037]);
    expect(benjaminiHochberg([]).length).toBe(0);
  });

  it('never lowers a p-value and keeps the order of the raw p-values (property, seeded inputs)', () => {
    let state = 7;
    const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 50; trial++) {
      const p = Array.from({ length: 1 + (trial % 17) }, () => next() ** 3);
      const adjusted = benjaminiHochberg(p);
      for (let i = 0; i < p.length; i++) {
        expect(adjusted[i] as number).toBeGreaterThanOrEqual(p[i] as number);
        expect(adjusted[i] as number).toBeLessThanOrEqual(1);
        for (let j = 0; j < p.length; j++)
          if ((p[i] as number) < (p[j] as number)) expect(adjusted[i] as number).toBeLessThanOrEqual(adjusted[j] as number);
      }
    }
  });

  it('refuses a value that is not a p-value, naming its index', () => {
    expect(() => benjaminiHochberg([0.1, Number.NaN])).toThrow(/pValues\[1\]/);
    expect(() => benjaminiHochberg([1.5])).toThrow(/MLP_CORE_VALIDATION|not a p-value/);
  });
});
