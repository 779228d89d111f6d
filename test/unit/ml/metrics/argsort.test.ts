import { describe, expect, it } from 'vitest';
import { argsortStable } from '../../../../src/ml/metrics/argsort.js';

/** Reference: a stable comparator sort (Array.prototype.sort is stable since ES2019). */
function reference(values: number[], subset?: number[]): number[] {
  const idx = subset ?? values.map((_, i) => i);
  return [...idx].sort((a, b) => (values[a] as number) - (values[b] as number));
}

describe('argsortStable', () => {
  it('orders negatives, zeros of both signs, subnormals, huge values and infinities; ties keep input order', () => {
    const values = [3, -1, 0, -0, 2, -1e308, 5e-324, -5e-324, Infinity, -Infinity, 2, 0, -0, 1e308, -2.5, 3, 0.1 + 0.2, 0.3];
    expect(Array.from(argsortStable(values))).toEqual(reference(values));
  });

  it('matches a stable comparator sort on many random values with duplicates', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const values = Array.from({ length: 5000 }, () => (Math.round((rnd() - 0.5) * 200) / 10) * (rnd() < 0.1 ? 1e6 : 1));
    expect(Array.from(argsortStable(values))).toEqual(reference(values));
    const subset = Array.from({ length: 5000 }, (_, i) => i)
      .filter((i) => i % 3 !== 0)
      .reverse();
    expect(Array.from(argsortStable(values, Uint32Array.from(subset)))).toEqual(reference(values, subset));
  });

  it('handles empty input', () => {
    expect(argsortStable([]).length).toBe(0);
  });
});
