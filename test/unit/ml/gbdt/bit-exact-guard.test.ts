import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { featureMatrix } from '../../../../src/ml/matrix.js';
import { Rng, serializeGbdt, trainGbdt } from '../../../../src/ml/gbdt/index.js';
import { shutdownComputePools } from '../../../../src/ml/index.js';
import type { GbdtParamsInput } from '../../../../src/ml/gbdt/index.js';
import { makeRegression } from './make-data.js';

/**
 * Regression guard for speed work on the trainer: the sha256 of the serialized model bytes for a fixed generated
 * dataset and several parameter sets, pinned from the trainer as it was at commit c10611c (before the speed-ups of
 * the training loops; it had no row blocks). Any change of a single output bit fails here. 20,000 rows make two row
 * blocks (blocks.ts); every case also runs on 2 threads and must give the same bytes.
 *
 * Where the digests come from (no independent computation exists for a regression guard: they are the old
 * trainer's output). To check them, run this file against the trainer of commit 9756ba4 (which added it; its
 * src/ml/gbdt equals c10611c's) without touching any worktree:
 *   mkdir /tmp/guard && git archive 9756ba4 | tar -x -C /tmp/guard && ln -s "$PWD/node_modules" /tmp/guard/ &&
 *   (cd /tmp/guard && npx vitest run test/unit/ml/gbdt/bit-exact-guard.test.ts)   # 8 passed
 * To re-pin after a change that is MEANT to alter trained models (say why in the commit): set the case's `sha`
 * to '' and run `npx vitest run test/unit/ml/gbdt/bit-exact-guard.test.ts -t <case>`; the failure reports the
 * digest the trainer now produces as the received value.
 */
const N = 20_000;

function data(): { x: ReturnType<typeof featureMatrix>; y: Float64Array; cls: Float64Array; bin: Float64Array; w: Float64Array } {
  const base = makeRegression(N, 7);
  const rng = new Rng(11);
  const cat = new Float64Array(N);
  const cls = new Float64Array(N);
  const bin = new Float64Array(N);
  const w = new Float64Array(N);
  const y = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const c = rng.nextInt(12);
    cat[i] = rng.nextFloat() < 0.03 ? NaN : c;
    const shift = c % 3 === 0 ? 1.2 : c % 3 === 1 ? -0.7 : 0;
    y[i] = (base.y[i] as number) + shift;
    cls[i] = (y[i] as number) < 0 ? 0 : (y[i] as number) < 2 ? 1 : 2;
    bin[i] = (y[i] as number) > 1 ? 1 : 0;
    w[i] = 0.5 + rng.nextFloat();
  }
  const x = featureMatrix([...base.x.columns, cat], { names: [...base.x.names, 'cat'], categorical: [false, false, false, false, true] });
  return { x, y, cls, bin, w };
}

const CASES: Record<string, { params: GbdtParamsInput; label: 'y' | 'cls' | 'bin'; weighted?: boolean; sha: string }> = {
  depthwise: {
    params: { numRounds: 12, maxDepth: 6, learningRate: 0.2 },
    label: 'y',
    sha: '5d3e6a6cdd6440f0c07db4174cf3ddd536e7cd6f383f25f9cdfde97c80c98736',
  },
  deepDepthwise: {
    params: { numRounds: 6, maxDepth: 9, maxBin: 64, minChildWeight: 3 },
    label: 'y',
    sha: '3645c1ec7bb8f29f5def7f0086804be54d9ced666a34889b6cee9f5c9cca3309',
  },
  lossguide: {
    params: { numRounds: 8, growPolicy: 'lossguide', maxDepth: 0, numLeaves: 40 },
    label: 'y',
    sha: 'a8a377b93bc06221751f4b0ec4c8d66fa4bc4b749b36b0963f53feb37ca5a95d',
  },
  sampledWeighted: {
    params: { numRounds: 10, subsample: 0.7, colsampleByTree: 0.6, seed: 3 },
    label: 'y',
    weighted: true,
    sha: 'a9ac25f6d2e14e5b1ccf56d80e2eae915d7163b764138121903ad4ccead62f0e',
  },
  binaryGamma: {
    params: { objective: 'binary-logloss', numRounds: 10, gamma: 0.5, lambda: 2, alpha: 0.1 },
    label: 'bin',
    weighted: true,
    sha: '975f9df609c24e25b83924a7ca2924db09ca373549f073f7824d29977069995c',
  },
  multiclass: {
    params: { objective: 'multiclass-softmax', numClass: 3, numRounds: 6, maxDepth: 4 },
    label: 'cls',
    sha: 'e334391567640d5aa4ca02878f7824e82d618b3b17275595bf44d15f1ab1a6d8',
  },
  absoluteError: {
    params: { objective: 'absolute-error', numRounds: 6, maxDepth: 5, subsample: 0.8 },
    label: 'y',
    sha: 'c410fff90d942bd022da7378e441be0c42fc10ef61c42b5532c8fff523259d17',
  },
  monotone: {
    params: { numRounds: 6, monotone: [0, 0, 1, 1, 0], maxDeltaStep: 0.5 },
    label: 'y',
    sha: 'cb22500de9fc2985675faaf64732b95e8f3a4e5fb053faa342d5e89b4460a710',
  },
};

describe('gbdt training output is bit-identical to the pinned models', () => {
  afterAll(() => shutdownComputePools());
  const d = data();
  for (const [name, c] of Object.entries(CASES)) {
    it(name, () => {
      const shas = [1, 2].map((threads) => {
        const model = trainGbdt(
          { x: d.x, y: d[c.label], weight: c.weighted === true ? d.w : undefined },
          { ...c.params, nThreads: threads },
        );
        return createHash('sha256').update(serializeGbdt(model)).digest('hex');
      });
      expect(shas[1]).toBe(shas[0]);
      expect(shas[0]).toBe(c.sha);
    });
  }
});
