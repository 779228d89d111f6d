/** The bootstrap fast paths compute the same values as the engine's scikit-learn-matched metrics. */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../src/core/index.js';
import { loadPerformanceEngine, checkOutputs } from '../../../../src/monitor/index.js';
import { MetricKernel } from '../../../../src/monitor/performance/metric-kernel.js';

// The performance functions compute with the engine, which is loaded on demand.
await loadPerformanceEngine();

describe('MetricKernel fast path', () => {
  const rng = seededRandom(17);
  for (const k of [2, 3, 5]) {
    it(`agrees with the engine on resamples with repeated rows and tied scores (${k} classes)`, () => {
      const n = 400;
      const proba = new Float64Array(n * k);
      const yTrue = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let c = 0; c < k; c++) {
          // coarse values: many ties; an occasional exact 0 exercises the log-loss clipping
          const v = rng() < 0.05 ? 0 : Math.round(rng() * 8) + 1;
          proba[i * k + c] = v;
          s += v;
        }
        for (let c = 0; c < k; c++) proba[i * k + c] = (proba[i * k + c] as number) / s;
        yTrue[i] = Math.floor(rng() * k);
      }
      const data = checkOutputs({ task: 'classification', nClasses: k, proba, yTrue });
      for (const metric of ['roc-auc', 'log-loss'] as const) {
        const kernel = new MetricKernel(data, metric, n);
        for (let t = 0; t < 20; t++) {
          const rows = Uint32Array.from({ length: n }, () => Math.floor(rng() * n));
          const slow = kernel.score(rows) as number;
          const fast = kernel.score(rows, true) as number;
          expect(Math.abs(fast - slow), `${metric} resample ${t}`).toBeLessThan(1e-12 * Math.max(1, Math.abs(slow)));
        }
      }
    });
  }
  it('agrees on RMSE and MAE', () => {
    const n = 300;
    const yPred = Float64Array.from({ length: n }, () => rng() * 100 - 50);
    const yTrue = yPred.map((p) => p + (rng() - 0.5) * 20);
    const data = checkOutputs({ task: 'regression', yPred, yTrue });
    for (const metric of ['rmse', 'mae'] as const) {
      const kernel = new MetricKernel(data, metric, n);
      const rows = Uint32Array.from({ length: n }, () => Math.floor(rng() * n));
      expect(kernel.score(rows, true) as number).toBeCloseTo(kernel.score(rows) as number, 11);
    }
  });
});
