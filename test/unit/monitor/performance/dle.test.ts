/** DLE recovers a planted heteroscedastic error pattern and follows it under covariate shift. */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../src/core/index.js';
import { featureMatrix } from '../../../../src/ml/index.js';
import { loadPerformanceEngine, estimateDle, fitDle } from '../../../../src/monitor/index.js';

// The performance functions compute with the engine, which is loaded on demand.
await loadPerformanceEngine();

/** y = sin(3 x0) + x1 + ε with sd(ε) = 0.1 + 2·x0; the monitored model predicts the mean exactly. */
function population(n: number, seed: number, x0Range: [number, number]) {
  const rng = seededRandom(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const x0 = new Float64Array(n);
  const x1 = new Float64Array(n);
  const yPred = new Float64Array(n);
  const yTrue = new Float64Array(n);
  const sd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x0[i] = x0Range[0] + (x0Range[1] - x0Range[0]) * rng();
    x1[i] = rng();
    yPred[i] = Math.sin(3 * (x0[i] as number)) + (x1[i] as number);
    sd[i] = 0.1 + 2 * (x0[i] as number);
    yTrue[i] = (yPred[i] as number) + (sd[i] as number) * gauss();
  }
  return { X: featureMatrix([x0, x1], { names: ['x0', 'x1'] }), yPred, yTrue, sd };
}

describe('fitDle + estimateDle', () => {
  it('estimates MAE and RMSE of windows with low and high noise within 10% (MAE) and 15% (RMSE) of the population values', async () => {
    const ref = population(8000, 1, [0, 1]);
    const model = await fitDle(ref.X, ref, { seed: 0, numRounds: 100 });
    for (const [range, seed] of [
      [[0, 0.2], 2],
      [[0.8, 1], 3],
    ] as const) {
      const w = population(2000, seed, [range[0], range[1]]);
      const [est] = estimateDle(model, w.X, w.yPred, [{ start: 0, end: 2000 }]);
      // population values for the window: E|ε| = √(2/π)·mean sd, √E ε² = √mean sd²
      let mSd = 0;
      let mSd2 = 0;
      for (let i = 0; i < 2000; i++) {
        mSd += (w.sd[i] as number) / 2000;
        mSd2 += (w.sd[i] as number) ** 2 / 2000;
      }
      expect(est!.mae! / (Math.sqrt(2 / Math.PI) * mSd)).toBeGreaterThan(0.9);
      expect(est!.mae! / (Math.sqrt(2 / Math.PI) * mSd)).toBeLessThan(1.1);
      // squared errors are heavy-tailed (σ²·χ²₁, variance 2σ⁴): the noisy rows' leaves leak into the quiet region,
      // so the RMSE estimate gets a looser bound than the MAE's
      expect(est!.rmse! / Math.sqrt(mSd2)).toBeGreaterThan(0.85);
      expect(est!.rmse! / Math.sqrt(mSd2)).toBeLessThan(1.15);
    }
  });

  it('tracks the error per row: predicted absolute errors rank with the planted noise level', async () => {
    const ref = population(3000, 4, [0, 1]);
    const model = await fitDle(ref.X, ref, { seed: 0 });
    const w = population(1000, 5, [0, 1]);
    const windows = Array.from({ length: 10 }, (_, j) => ({ start: j * 100, end: (j + 1) * 100 }));
    // sort rows of the window by x0 so windows go from quiet to noisy
    const order = [...w.sd.keys()].sort((a, b) => (w.sd[a] as number) - (w.sd[b] as number));
    const X = featureMatrix(
      w.X.columns.map((c) => Float64Array.from(order, (i) => c[i] as number)),
      { names: w.X.names },
    );
    const est = estimateDle(
      model,
      X,
      Float64Array.from(order, (i) => w.yPred[i] as number),
      windows,
    );
    for (let j = 1; j < 10; j++) expect(est[j]!.mae!).toBeGreaterThan(est[j - 1]!.mae!);
  });

  it('refuses a reference that is too small and predictions that do not match the inputs', async () => {
    const ref = population(50, 1, [0, 1]);
    await expect(fitDle(ref.X, ref)).rejects.toThrow(/fewer than minReferenceRows = 100/);
    const big = population(200, 1, [0, 1]);
    const model = await fitDle(big.X, big, { numRounds: 5 });
    const swapped = featureMatrix([big.X.columns[1]!, big.X.columns[0]!], { names: ['x1', 'x0'] });
    expect(() => estimateDle(model, swapped, big.yPred, [])).toThrow(/fitted on "x0", "x1"/);
    await expect(fitDle(big.X, { yPred: big.yPred.subarray(0, 100), yTrue: big.yTrue.subarray(0, 100) })).rejects.toThrow(
      /100 entries but the inputs have 200 rows/,
    );
  });
});
