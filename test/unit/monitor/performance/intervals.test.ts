/**
 * Closed-form intervals against SciPy (fixture from scripts/monitor-fixtures/cbpe_reference.py), and the
 * bootstrap's coverage on simulated data with a known population value.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../src/core/index.js';
import { rocAucScore } from '../../../../src/ml/index.js';
import { bootstrapPercentile, delongAuc, normalQuantile, wilsonInterval } from '../../../../src/monitor/index.js';

const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/monitor/performance/reference.json', import.meta.url), 'utf8')) as {
  normalQuantile: { p: number; z: number }[];
  wilson: { x: number; n: number; confidence: number; lower: number; upper: number }[];
  delong: { y: number[]; score: number[]; auc: number; variance: number };
};

describe('normalQuantile', () => {
  it('equals scipy norm.ppf to 1e-14 relative, tails included', () => {
    for (const { p, z } of fixture.normalQuantile)
      expect(Math.abs(normalQuantile(p) - z)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(z)));
  });
  it('rejects probabilities outside (0, 1) with a catalog error', () => {
    for (const p of [0, 1, -0.1, Number.NaN]) expect(() => normalQuantile(p)).toThrow(/MLP_MONITOR_PERF_INPUT|expected a probability/);
  });
});

describe('wilsonInterval', () => {
  it('equals the Wilson formula computed with scipy, including 0/n and n/n', () => {
    for (const w of fixture.wilson) {
      const got = wilsonInterval(w.x, w.n, w.confidence);
      expect(got.lower).toBeCloseTo(w.lower, 13);
      expect(got.upper).toBeCloseTo(w.upper, 13);
    }
  });
  it('matches a hand-computed case: 8/10 at 95% is [0.4902, 0.9433]', () => {
    const { lower, upper } = wilsonInterval(8, 10);
    expect(lower).toBeCloseTo(0.490162, 5);
    expect(upper).toBeCloseTo(0.943318, 5);
  });
  it('names the bad argument', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(/successes/);
    expect(() => wilsonInterval(1, 0)).toThrow(/\bn\b/);
    expect(() => wilsonInterval(1, 10, 1)).toThrow(/confidence/);
  });
});

describe('delongAuc', () => {
  it('equals the O(mn) DeLong definition (numpy) on tied scores', () => {
    const d = fixture.delong;
    const positive = Uint8Array.from(d.y);
    const got = delongAuc(positive, Float64Array.from(d.score));
    expect(got.auc).toBeCloseTo(d.auc, 14);
    expect(got.auc).toBeCloseTo(rocAucScore(d.y, d.score), 14);
    expect(Math.abs(got.variance - d.variance)).toBeLessThan(1e-15 + 1e-12 * d.variance);
  });
  it('rejects a single class', () => {
    expect(() => delongAuc(Uint8Array.from([1, 1]), Float64Array.from([0.2, 0.3]))).toThrow(/both classes/);
  });
});

describe('bootstrapPercentile', () => {
  it('covers the population MAE in about 95% of 200 simulated windows (seeded)', () => {
    // errors e ~ N(0, 1): the population MAE is E|e| = sqrt(2/pi)
    const truth = Math.sqrt(2 / Math.PI);
    const rng = seededRandom(11);
    const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const n = 150;
    const err = new Float64Array(n);
    const rows = Uint32Array.from({ length: n }, (_, i) => i);
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      for (let i = 0; i < n; i++) err[i] = Math.abs(gauss());
      const ci = bootstrapPercentile(
        rows,
        (s) => {
          let a = 0;
          for (let j = 0; j < s.length; j++) a += err[s[j] as number] as number;
          return a / s.length;
        },
        { replicates: 400, seed: t, confidence: 0.95 },
      );
      if (ci !== null && ci.lower <= truth && truth <= ci.upper) covered++;
    }
    // binomial(200, 0.95) has sd 3.1 covered windows; percentile intervals run slightly narrow at n = 150
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThanOrEqual(0.99);
  });
  it('is reproducible from its seed', () => {
    const rows = Uint32Array.from({ length: 50 }, (_, i) => i);
    const stat = (s: Uint32Array): number => s.reduce((a, b) => a + b, 0) / s.length;
    expect(bootstrapPercentile(rows, stat, { replicates: 100, seed: 3, confidence: 0.9 })).toEqual(
      bootstrapPercentile(rows, stat, { replicates: 100, seed: 3, confidence: 0.9 }),
    );
  });
});
