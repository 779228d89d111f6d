import { featureMatrix } from '../../../../src/ml/matrix.js';
import type { FeatureMatrix } from '../../../../src/ml/matrix.js';
import { Rng } from '../../../../src/ml/gbdt/index.js';

/** Seeded synthetic regression data: y = 2 sin(x0) + step(x1) + log1p(x2) + 0.4 x3 + noise; 5 % of x1 missing. */
export function makeRegression(n: number, seed: number, noise = 0.5): { x: FeatureMatrix; y: Float64Array; signal: Float64Array } {
  const rng = new Rng(seed);
  const normal = (): number => {
    const u = Math.max(rng.nextFloat(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
  };
  const cols = [0, 1, 2, 3].map(() => new Float64Array(n));
  const y = new Float64Array(n);
  const signal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x0 = rng.nextFloat() * 6 - 3;
    const x1 = normal();
    const x2 = -Math.log(Math.max(rng.nextFloat(), 1e-12));
    const x3 = rng.nextInt(5);
    signal[i] = 2 * Math.sin(x0) + (x1 > 0.3 ? 1.5 : -0.5) + Math.log1p(x2) + 0.4 * x3;
    y[i] = (signal[i] as number) + noise * normal();
    (cols[0] as Float64Array)[i] = x0;
    (cols[1] as Float64Array)[i] = rng.nextFloat() < 0.05 ? NaN : x1;
    (cols[2] as Float64Array)[i] = x2;
    (cols[3] as Float64Array)[i] = x3;
  }
  return { x: featureMatrix(cols, { names: ['x0', 'x1', 'x2', 'x3'] }), y, signal };
}

/** Rows [from, to) of a matrix. */
export function sliceRows(x: FeatureMatrix, from: number, to: number): FeatureMatrix {
  return featureMatrix(
    x.columns.map((c) => c.slice(from, to)),
    { names: x.names, categorical: x.categorical },
  );
}

export function rmse(y: Float64Array, p: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += ((y[i] as number) - (p[i] as number)) ** 2;
  return Math.sqrt(s / y.length);
}
