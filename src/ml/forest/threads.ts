import { InternalError } from '../../core/index.js';
import type { ComputeKernel } from '../compute/kernel.js';
import { computePool } from '../compute/pool.js';
import type { TrainingTarget } from '../learner.js';
import type { FeatureMatrix } from '../matrix.js';
import type { ResolvedForestParams } from './params.js';
import { forestData, forestSetup } from './setup.js';
import type { ForestData, ForestSetup } from './setup.js';
import type { ForestFit } from './train.js';
import { finishForest, growTreeAt, trainForest } from './train.js';
import type { ForestTree } from './tree.js';

/** A forest fit as every thread attaches it: the shared data and what decides each tree. */
interface ForestGrowSetup {
  readonly data: ForestData;
  readonly params: ResolvedForestParams;
  readonly seed: number;
}

/** A thread's grower over the shared data and its per-row scratch arrays. */
interface ForestGrowState {
  readonly setup: ForestSetup;
  readonly params: ResolvedForestParams;
  readonly seed: number;
  readonly w: Float64Array;
}

/**
 * The compute kernel of forest training (../compute/kernel.ts): piece t grows tree t from its own RNG stream, the
 * same code on every thread, so a tree is bit-identical whichever thread grows it. Workers post the tree back with
 * its buffers transferred.
 */
export const forestGrowKernel: ComputeKernel<ForestGrowSetup, ForestGrowState, ForestTree> = {
  id: 'forest-grow',
  attach(s) {
    const setup = forestSetup(s.data);
    return { setup, params: s.params, seed: s.seed, w: new Float64Array(setup.rows) };
  },
  run: (s, t) => growTreeAt(s.setup, s.params, s.seed, t, s.w),
  transfer: (tree) =>
    [
      tree.feature,
      tree.threshold,
      tree.left,
      tree.right,
      tree.defaultLeft,
      tree.value,
      tree.gain,
      tree.cover,
      tree.catStart,
      tree.catLength,
      tree.catBits,
      tree.values,
    ].map((a) => a.buffer as ArrayBuffer),
};

/**
 * Trains a forest on `threads` threads of the compute pool (the calling one included): the binned data goes into
 * shared memory once, and the threads take trees in any order, each from its own RNG stream; the trees are put
 * back in index order, so the model is bit-identical to {@link trainForest}'s. Any forest of two or more trees
 * uses the threads it is given: the per-fit cost is binning into shared memory (done once either way) and each
 * thread allocating its per-row scratch, well under one tree; the pool's threads start once per process.
 * `progress` is called after each tree.
 * @throws the signal's reason when it is aborted (checked before each tree of the calling thread and while it
 * waits; trees still growing on workers are dropped).
 */
export async function trainForestThreaded(
  X: FeatureMatrix,
  target: TrainingTarget,
  p: ResolvedForestParams,
  weights: Float64Array,
  seed: number,
  threads: number,
  options: { signal?: AbortSignal; progress?: (fraction: number) => void } = {},
): Promise<ForestFit> {
  const nThreads = Math.max(1, Math.min(Math.floor(threads), p.nEstimators));
  if (nThreads <= 1) {
    return trainForest(X, target, p, weights, seed, options.signal, options.progress);
  }
  const shared: ForestGrowSetup = { data: forestData(X, target, p, weights, true), params: p, seed };
  const pool = computePool(nThreads);
  const state = forestGrowKernel.attach(shared);
  const trees = new Array<ForestTree | undefined>(p.nEstimators);
  let done = 0;
  pool.attach(forestGrowKernel, shared);
  try {
    await pool.runAsync(forestGrowKernel, state, p.nEstimators, 0, {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onResult(t, tree) {
        trees[t] = tree;
        done++;
        options.progress?.(done / p.nEstimators);
      },
    });
  } finally {
    // the workers let go of this fit's data now rather than at the next forest
    pool.detach(forestGrowKernel);
  }
  return finishForest(
    X,
    target,
    p,
    seed,
    state.setup,
    trees.map((t, i) => t ?? missingTree(i)),
  );
}

function missingTree(t: number): never {
  throw InternalError({ reason: `forest tree ${t} was not returned by its training thread` });
}
