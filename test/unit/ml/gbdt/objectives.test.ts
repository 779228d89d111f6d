import { describe, expect, it } from 'vitest';
import { featureMatrix, matrixFromRows } from '../../../../src/ml/matrix.js';
import { Rng, trainGbdt } from '../../../../src/ml/gbdt/index.js';
import { makeRegression } from './make-data.js';

describe('gbdt objectives', () => {
  it('multiclass softmax: one tree per class per round, probabilities sum to 1, separable clusters learned', () => {
    const rng = new Rng(1);
    const n = 600;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % 3;
      y[i] = c;
      a[i] = c * 3 + rng.nextFloat();
      b[i] = rng.nextFloat();
    }
    const x = featureMatrix([a, b]);
    const m = trainGbdt({ x, y }, { objective: 'multiclass-softmax', numClass: 3, numRounds: 10, maxDepth: 2 }, { valid: { x, y } });
    expect(m.trees).toHaveLength(30);
    const p = m.predict(x);
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const row = [p[3 * i] as number, p[3 * i + 1] as number, p[3 * i + 2] as number];
      expect(row[0]! + row[1]! + row[2]!).toBeCloseTo(1, 12);
      if (row.indexOf(Math.max(...row)) === y[i]) correct++;
    }
    expect(correct).toBe(n);
    const out = new Float64Array(3);
    m.predictRow([6.5, 0.5], out);
    expect(out[2]).toBeGreaterThan(0.9);
    // base score: log class priors (equal here)
    expect(m.info.baseScore[0]).toBeCloseTo(Math.log(1 / 3), 12);
  });

  it('poisson: log link, base score log(mean), positive predictions tracking the rate', () => {
    const rng = new Rng(2);
    const n = 3000;
    const xs = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = rng.nextFloat();
      const rate = xs[i]! < 0.5 ? 1 : 6;
      // Poisson sample by inversion
      let k = 0;
      let p = Math.exp(-rate);
      let s = p;
      const u = rng.nextFloat();
      while (u > s && k < 100) {
        k++;
        p *= rate / k;
        s += p;
      }
      y[i] = k;
    }
    const x = featureMatrix([xs]);
    const mean = y.reduce((s, v) => s + v, 0) / n;
    const m = trainGbdt({ x, y }, { objective: 'poisson', numRounds: 60, maxDepth: 2, learningRate: 0.3 });
    expect(m.info.baseScore[0]).toBeCloseTo(Math.log(mean), 12);
    expect(m.predictRow([0.2])).toBeGreaterThan(0.8);
    expect(m.predictRow([0.2])).toBeLessThan(1.2);
    expect(m.predictRow([0.8])).toBeGreaterThan(5.4);
    expect(m.predictRow([0.8])).toBeLessThan(6.6);
  });

  it('huber: gradients clipped at delta make the fit robust to outliers', () => {
    const { x, y } = makeRegression(1000, 4, 0.3);
    const dirty = y.slice();
    for (let i = 0; i < dirty.length; i += 20) dirty[i] = (dirty[i] as number) + 500;
    const params = { numRounds: 50, maxDepth: 3, learningRate: 0.2 };
    const hub = trainGbdt({ x, y: dirty }, { ...params, objective: 'huber', huberDelta: 1 });
    const sq = trainGbdt({ x, y: dirty }, { ...params, objective: 'squared-error' });
    let eh = 0;
    let es = 0;
    const ph = hub.predict(x);
    const ps = sq.predict(x);
    for (let i = 0; i < y.length; i++) {
      if (i % 20 === 0) continue;
      eh += Math.abs((ph[i] as number) - (y[i] as number));
      es += Math.abs((ps[i] as number) - (y[i] as number));
    }
    expect(eh).toBeLessThan(es / 2);
  });

  it('binary logloss: base score is the log-odds of the positive rate', () => {
    const x = matrixFromRows([[0], [1], [2], [3]]);
    const y = Float64Array.from([0, 1, 1, 1]);
    const m = trainGbdt({ x, y }, { objective: 'binary-logloss', numRounds: 1, maxDepth: 1, minChildWeight: 0 });
    expect(m.info.baseScore[0]).toBeCloseTo(Math.log(3), 12);
    const p = m.predict(x);
    for (const v of p) {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(1);
    }
    expect(p[0]).toBeLessThan(p[3] as number);
  });
});
