/**
 * The build output's compute workers: from `dist/` the worker entry is plain `worker.js` (no tsx), while the other
 * unit tests run from source (`.ts` entry through the tsx bootstrap of src/core/worker-thread.ts). Needs
 * `npm run build` (`npm test` builds first); without dist/ it fails in CI and skips with a warning elsewhere.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import type * as ComputeModule from '../../../../src/ml/compute/index.js';
import type * as ForestModule from '../../../../src/ml/forest/index.js';
import type * as GbdtModule from '../../../../src/ml/gbdt/index.js';
import type * as MatrixModule from '../../../../src/ml/matrix.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const dist = `${root}dist/ml/`;
const built = existsSync(`${dist}compute/worker.js`) && existsSync(`${dist}compute/index.js`);
if (!built && process.env.CI !== undefined) throw new Error('dist/ml/compute is missing: run `npm run build` before the tests');
if (!built) console.warn('\n!!! SKIPPING test/unit/ml/compute/compiled-pool.test.ts: no dist/ml/compute; run `npm run build`.\n');

describe.skipIf(!built)('compute pool from the build output', () => {
  it('trains gbdt and a forest on plain-JavaScript workers with the same bytes as one thread', async () => {
    const compute = (await import(/* @vite-ignore */ `${dist}compute/index.js`)) as typeof ComputeModule;
    const gbdt = (await import(/* @vite-ignore */ `${dist}gbdt/index.js`)) as typeof GbdtModule;
    const forest = (await import(/* @vite-ignore */ `${dist}forest/index.js`)) as typeof ForestModule;
    const { featureMatrix } = (await import(/* @vite-ignore */ `${dist}matrix.js`)) as typeof MatrixModule;
    try {
      const rng = new gbdt.Rng(5);
      const n = 20_000;
      const cols = Array.from({ length: 4 }, () => Float64Array.from({ length: n }, () => rng.nextFloat()));
      const y = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * cols[0]![i]!) + cols[1]![i]! * cols[2]![i]!);
      const x = featureMatrix(cols);
      const [one, two] = [1, 2].map((nThreads) =>
        Buffer.from(gbdt.serializeGbdt(gbdt.trainGbdt({ x, y }, { numRounds: 5, maxDepth: 4, nThreads }))),
      );
      expect(two!.equals(one!)).toBe(true);
      const p = forest.resolveForestParams('rf', { nEstimators: 4, maxDepth: 6 }, 'regression', false);
      const w = new Float64Array(n).fill(1);
      const serial = forest.trainForest(x, { task: 'regression', y }, p, w, 2);
      const threaded = await forest.trainForestThreaded(x, { task: 'regression', y }, p, w, 2, 2);
      threaded.trees.forEach((t, i) => expect(Buffer.from(t.value.buffer).equals(Buffer.from(serial.trees[i]!.value.buffer))).toBe(true));
    } finally {
      compute.shutdownComputePools();
    }
  }, 60_000);
});
