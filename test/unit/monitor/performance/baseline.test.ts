/** Baselines from the reference: the spread of a window's metric follows the sampling formula. */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../src/core/index.js';
import { loadPerformanceEngine, performanceBaseline } from '../../../../src/monitor/index.js';
import type { ClassifierOutputs } from '../../../../src/monitor/index.js';

// The performance functions compute with the engine, which is loaded on demand.
await loadPerformanceEngine();

function reference(n: number): ClassifierOutputs {
  const rng = seededRandom(2);
  const proba = new Float64Array(2 * n);
  const yTrue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = rng();
    proba.set([1 - p, p], 2 * i);
    yTrue[i] = rng() < p ? 1 : 0;
  }
  return { task: 'classification', nClasses: 2, proba, yTrue };
}

describe('performanceBaseline', () => {
  const ref = reference(4000);
  it('gives accuracy windows a standard deviation of √(p(1−p)/windowSize) (binomial), within 10%', () => {
    for (const windowSize of [50, 400]) {
      const b = performanceBaseline(ref, { metric: 'accuracy', windowSize, seed: 1, replicates: 2000 });
      const p = b.realised;
      expect(b.sd / Math.sqrt((p * (1 - p)) / windowSize)).toBeGreaterThan(0.9);
      expect(b.sd / Math.sqrt((p * (1 - p)) / windowSize)).toBeLessThan(1.1);
      expect(b.mean).toBeCloseTo(p, 2);
      expect(b.lower).toBeCloseTo(Math.max(0, p - 3 * b.sd), 12);
      expect(b.upper).toBeCloseTo(Math.min(1, p + 3 * b.sd), 12);
    }
  });
  it('narrows for larger windows for every classification metric', () => {
    for (const metric of ['roc-auc', 'f1', 'log-loss'] as const) {
      const small = performanceBaseline(ref, { metric, windowSize: 100, seed: 1, replicates: 300 });
      const large = performanceBaseline(ref, { metric, windowSize: 1600, seed: 1, replicates: 300 });
      expect(large.sd).toBeLessThan(small.sd / 2.5);
    }
  });
  it('is reproducible from its seed', () => {
    expect(performanceBaseline(ref, { metric: 'f1', windowSize: 100, seed: 7, replicates: 100 })).toEqual(
      performanceBaseline(ref, { metric: 'f1', windowSize: 100, seed: 7, replicates: 100 }),
    );
  });
  it('refuses a reference smaller than the window, and a metric of the other task', () => {
    expect(() => performanceBaseline(reference(30), { metric: 'accuracy', windowSize: 100, seed: 1 })).toThrow(
      /MLP_MONITOR_PERF_REFERENCE|fewer than the window size/,
    );
    expect(() => performanceBaseline(ref, { metric: 'rmse', windowSize: 100, seed: 1 })).toThrow(/does not apply/);
  });
  it('works for regressors', () => {
    const rng = seededRandom(3);
    const yPred = Float64Array.from({ length: 1000 }, () => rng());
    const yTrue = yPred.map((p) => p + (rng() < 0.5 ? -1 : 1));
    // every absolute error is exactly 1: MAE is 1 in every window, so the spread is 0
    const b = performanceBaseline({ task: 'regression', yPred, yTrue }, { metric: 'mae', windowSize: 50, seed: 1, replicates: 100 });
    expect(b.realised).toBeCloseTo(1, 12);
    expect(b.sd).toBeLessThan(1e-12);
  });
});

describe('performanceBaseline with block resampling', () => {
  it('widens the band when rows of a group share an offset the i.i.d. band ignores', () => {
    // 100 days × 40 rows; each day shifts every error by its own offset (day-level "weather")
    const rng = seededRandom(21);
    const n = 4000;
    const yPred = new Float64Array(n);
    const yTrue = new Float64Array(n);
    const day = new Float64Array(n);
    for (let d = 0; d < 100; d++) {
      const offset = 3 * rng();
      for (let t = 0; t < 40; t++) {
        const i = d * 40 + t;
        day[i] = d;
        yTrue[i] = offset + rng();
      }
    }
    const ref = { task: 'regression', yPred, yTrue } as const;
    const rows = performanceBaseline(ref, { metric: 'mae', windowSize: 280, seed: 1, replicates: 400 });
    const blocks = performanceBaseline(ref, {
      metric: 'mae',
      windowSize: 280,
      seed: 1,
      replicates: 400,
      blocks: { groups: day, perWindow: 7 },
    });
    expect(blocks.resampling).toBe('blocks');
    expect(rows.resampling).toBe('rows');
    // day offsets ~ U(0, 3) have sd √(3²/12) ≈ 0.87, so a 7-day mean has sd ≈ 0.33; 280 i.i.d. rows ≈ 0.054
    expect(blocks.sd).toBeGreaterThan(0.25);
    expect(blocks.sd).toBeLessThan(0.42);
    expect(rows.sd).toBeLessThan(0.08);
  });
  it('names bad group arrays', () => {
    const ref = reference(100);
    expect(() =>
      performanceBaseline(ref, { metric: 'accuracy', windowSize: 10, seed: 1, blocks: { groups: [1, 2], perWindow: 2 } }),
    ).toThrow(/blocks\.groups/);
    expect(() =>
      performanceBaseline(ref, { metric: 'accuracy', windowSize: 10, seed: 1, blocks: { groups: new Float64Array(100), perWindow: 2 } }),
    ).toThrow(/at least 2/);
  });
});
