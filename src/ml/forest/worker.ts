import { isMainThread, parentPort, workerData } from 'node:worker_threads';

import type { TrainingTarget } from '../learner.js';
import type { FeatureMatrix } from '../matrix.js';
import type { ResolvedForestParams } from './params.js';
import { growTreeAt, prepareForest } from './train.js';

/** What a forest worker thread gets: the training data and the indices of the trees it grows. */
export interface ForestWorkerData {
  readonly columns: Float64Array[];
  readonly names: string[];
  readonly categorical: boolean[];
  readonly target: TrainingTarget;
  readonly weights: Float64Array;
  readonly params: ResolvedForestParams;
  readonly seed: number;
  readonly trees: number[];
}

/**
 * Worker entry: grows the assigned trees in order and posts each as `{ t, tree }` (its buffers transferred),
 * then `{ done: true }`. Growth uses the same code and per-tree RNG streams as the calling thread, so a tree is
 * bit-identical whichever thread grows it.
 */
function run(data: ForestWorkerData): void {
  const X: FeatureMatrix = { rows: data.columns[0]?.length ?? 0, cols: data.columns.length, columns: data.columns, names: data.names, categorical: data.categorical };
  const setup = prepareForest(X, data.target, data.params, data.weights);
  const w = new Float64Array(setup.rows);
  const counts = new Uint32Array(setup.rows);
  for (const t of data.trees) {
    const tree = growTreeAt(setup, data.params, data.seed, t, w, counts);
    const buffers = [tree.feature, tree.threshold, tree.left, tree.right, tree.defaultLeft, tree.value, tree.gain, tree.cover, tree.catStart, tree.catLength, tree.catBits, tree.values].map((a) => a.buffer as ArrayBuffer);
    parentPort?.postMessage({ t, tree }, buffers);
  }
  parentPort?.postMessage({ done: true });
}

// only when started as a forest thread (importing this module elsewhere does nothing)
if (!isMainThread && parentPort !== null && (workerData as Partial<ForestWorkerData> | null)?.trees !== undefined) run(workerData as ForestWorkerData);
