import { describe, expect, it } from 'vitest';
import { mixtureWeights, normalCdf, SmoothedCategorical, TruncatedGaussianMixture } from '../../../src/automl/parzen.js';
import { seededRandom } from '../../../src/core/index.js';

/** ∫ exp(logPdf) over [low, high] by the midpoint rule. */
function integrate(mixture: TruncatedGaussianMixture, low: number, high: number, steps = 20000): number {
  const h = (high - low) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += Math.exp(mixture.logPdf(low + (i + 0.5) * h));
  return sum * h;
}

describe('Parzen estimators', () => {
  it('weighs up to 25 observations equally with the prior, then ramps the older ones from 1/n', () => {
    expect([...mixtureWeights(0)]).toEqual([1]);
    expect([...mixtureWeights(3)]).toEqual([0.25, 0.25, 0.25, 0.25]);
    const w = mixtureWeights(30);
    const total = w.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 12);
    // Raw weights: 5 ramped ones 1/30 … 1, then 25 ones, then the prior's 1; total 5·(1/30 + 1)/2 + 26.
    const rawTotal = (5 * (1 / 30 + 1)) / 2 + 26;
    expect(w[0]).toBeCloseTo(1 / 30 / rawTotal, 12);
    expect(w[4]).toBeCloseTo(1 / rawTotal, 12);
    expect(w[29]).toBeCloseTo(1 / rawTotal, 12);
  });

  it('computes the normal distribution function', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 7);
  });

  it('gives a truncated Gaussian mixture a density that integrates to 1 over its interval', () => {
    for (const observations of [[], [0.2], [0, 0.1, 0.1, 3.9, 4], [1, 1.5, 2, 2.2, 2.25, 3]]) {
      const mixture = new TruncatedGaussianMixture(observations, 0, 4);
      expect(integrate(mixture, 0, 4)).toBeCloseTo(1, 4);
    }
  });

  it('draws inside the interval, near the observations more often than the prior alone would', () => {
    const mixture = new TruncatedGaussianMixture([1, 1.1, 0.9, 1.05], 0, 10);
    const random = seededRandom(3);
    const draws = Array.from({ length: 2000 }, () => mixture.sample(random));
    expect(draws.every((x) => x >= 0 && x <= 10)).toBe(true);
    const near = draws.filter((x) => Math.abs(x - 1) < 1).length / draws.length;
    // The prior alone, N(5, 10) truncated to [0, 10], puts this share within 1 of 1. With 4 observations the
    // magic clip widens each kernel to at least 10 / 6, so the observations' kernels do not put all their mass
    // there either, but together they put more than twice the prior's share.
    const priorShare = (normalCdf(-0.3) - normalCdf(-0.5)) / (normalCdf(0.5) - normalCdf(-0.5));
    expect(near).toBeGreaterThan(2 * priorShare);
  });

  it('smooths categorical counts with a prior so every choice keeps some probability', () => {
    const c = new SmoothedCategorical([0, 0, 2], 3);
    const p = [...c.probabilities];
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // Rows: each observation puts 1 on its choice and 1/4 on every choice (prior weight 1 / (n + 1)), over 1.75;
    // the prior row is uniform; each of the 4 rows weighs 1/4.
    const row = (hit: boolean): number => ((hit ? 1 : 0) + 0.25) / 1.75;
    expect(p[0]).toBeCloseTo((2 * row(true) + row(false) + 1 / 3) / 4, 12);
    expect(p[1]).toBeCloseTo((3 * row(false) + 1 / 3) / 4, 12);
    expect(p[2]).toBeCloseTo((row(true) + 2 * row(false) + 1 / 3) / 4, 12);
  });
});
