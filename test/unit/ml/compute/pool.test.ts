import { afterAll, describe, expect, it } from 'vitest';

import { isMlpError } from '../../../../src/core/index.js';
import { computePool, shutdownComputePools } from '../../../../src/ml/compute/index.js';
import { resolveForestParams, trainForest, trainForestThreaded } from '../../../../src/ml/forest/index.js';
import { featureMatrix } from '../../../../src/ml/matrix.js';
import { gbdtPredictKernel, predictModule } from '../../../../src/ml/gbdt/wasm-predict.js';
import { Rng } from '../../../../src/ml/gbdt/index.js';

afterAll(() => shutdownComputePools());

describe('compute pool', () => {
  it('hands out another pool while an asynchronous batch holds one, and the same one once it is free', async () => {
    const rng = new Rng(3);
    const n = 400;
    const cols = Array.from({ length: 3 }, () => Float64Array.from({ length: n }, () => rng.nextFloat()));
    const y = Float64Array.from({ length: n }, (_, i) => (cols[0]![i]! > 0.5 ? 1 : 0) + (cols[1]![i] as number));
    const X = featureMatrix(cols);
    const p = resolveForestParams('rf', { nEstimators: 6 }, 'regression', false);
    const w = new Float64Array(n).fill(1);
    const idle = computePool(2);
    const during: boolean[] = [];
    const fit = await trainForestThreaded(X, { task: 'regression', y }, p, w, 1, 2, {
      progress: () => during.push(idle.busy && computePool(2) !== idle),
    });
    expect(during.length).toBe(6);
    expect(during.every(Boolean)).toBe(true);
    expect(computePool(2)).toBe(idle);
    const serial = trainForest(X, { task: 'regression', y }, p, w, 1);
    fit.trees.forEach((t, i) => expect(Buffer.from(t.threshold.buffer).equals(Buffer.from(serial.trees[i]!.threshold.buffer))).toBe(true));
  });

  it('reports a piece that fails on a worker as MLP_CORE_INTERNAL on the calling thread', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    const pool = computePool(2);
    // the workers get tables that lie outside their memory (their attach fails); the caller's own share has none
    pool.attach(gbdtPredictKernel, { memory, module: predictModule(), params: [1 << 20, 11], flags: [0, 64] });
    const empty = { rows8: () => undefined, rows8Missing: () => undefined, P: new Int32Array(11), F: new Uint8Array(64) };
    let failure: unknown;
    try {
      for (let attempt = 0; attempt < 10_000 && failure === undefined; attempt++) pool.run(gbdtPredictKernel, empty, 64, 0);
    } catch (error) {
      failure = error;
    }
    expect(isMlpError(failure) && failure.code === 'MLP_CORE_INTERNAL').toBe(true);
    expect(String((failure as Error).message)).toContain('failed on a compute thread');
  });
});
