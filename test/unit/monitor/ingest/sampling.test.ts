import { describe, expect, it } from 'vitest';

import { hash32, isSampled, samplePoint } from '../../../../src/monitor/index.js';

describe('deterministic sampling', () => {
  it('puts one id of one model at the same point every time, and the id of another model elsewhere', () => {
    // The same text always gives the same point; different models put one id at different points.
    expect(hash32('a')).toBe(hash32('a'));
    expect(samplePoint('m1', 'id-1')).toBe(samplePoint('m1', 'id-1'));
    expect(samplePoint('m1', 'id-1')).not.toBe(samplePoint('m2', 'id-1'));
  });

  it('keeps all at rate 1 and none at rate 0', () => {
    for (let i = 0; i < 100; i++) {
      expect(isSampled('m', `r${i}`, 1)).toBe(true);
      expect(isSampled('m', `r${i}`, 0)).toBe(false);
    }
  });

  it('keeps a share within 5 binomial standard deviations of the rate, on sequential ids', () => {
    const n = 20_000;
    for (const rate of [0.01, 0.1, 0.5, 0.9]) {
      let kept = 0;
      for (let i = 0; i < n; i++) if (isSampled('churn', `pred-${i}`, rate)) kept++;
      const sd = Math.sqrt(n * rate * (1 - rate));
      expect(Math.abs(kept - n * rate)).toBeLessThan(5 * sd);
    }
  });

  it('is nested: what a lower rate keeps, a higher rate keeps too (raising the rate only adds rows)', () => {
    for (let i = 0; i < 2000; i++) {
      const id = `x${i}`;
      if (isSampled('m', id, 0.2)) expect(isSampled('m', id, 0.6)).toBe(true);
    }
  });

  it('spreads points uniformly over [0, 1): each tenth gets about a tenth (chi-squared, 9 df, p > 0.001)', () => {
    const bins = new Array<number>(10).fill(0);
    const n = 10_000;
    for (let i = 0; i < n; i++) {
      const p = samplePoint('m', `id-${i}`);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(1);
      bins[Math.floor(p * 10)]! += 1;
    }
    const chi2 = bins.reduce((s, b) => s + (b - n / 10) ** 2 / (n / 10), 0);
    // scipy.stats.chi2.ppf(0.999, 9) = 27.877
    expect(chi2).toBeLessThan(27.877);
  });
});
