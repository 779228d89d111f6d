import { IterationControl } from '../fit-control.js';
import { Rng } from '../gbdt/rng.js';
import type { TrainingTarget } from '../learner.js';
import type { FeatureMatrix } from '../matrix.js';
import type { ResolvedForestParams } from './params.js';
import { prepareForest } from './setup.js';
import type { ForestSetup } from './setup.js';
import { leafOfRow } from './tree.js';
import type { ForestTree } from './tree.js';

/** Out-of-bag results (bootstrap only). */
export interface OobResult {
  /** Row-major `rows × outputs`: mean leaf vector over the trees that did not see the row; NaN if none. */
  readonly prediction: Float64Array;
  /** Accuracy (classification) or R² (regression) over the rows with an OOB prediction, unweighted (sklearn). */
  readonly score: number;
  /** Rows that were out of bag for at least one tree (the rows `score` is computed on). */
  readonly rowsScored: number;
}

/** A trained forest before it is wrapped into a model. */
export interface ForestFit {
  readonly trees: ForestTree[];
  /** Length of a leaf vector: classes, or 1 for regression. */
  readonly outputs: number;
  /** Normalised mean impurity decrease per feature (sklearn `feature_importances_`). */
  readonly importance: Float64Array;
  readonly oob: OobResult | null;
}

/** Seed of tree t's RNG stream, from the forest seed only (so trees can be grown in any order or thread). */
export function treeSeed(seed: number, t: number): number {
  let z = (seed ^ Math.imul(t + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Tree t's RNG after it drew the tree's bootstrap counts into `counts` (all 1 without bootstrap). The growth
 * continues on the returned stream, so the OOB pass can redraw the counts alone.
 */
export function bootstrapCounts(seed: number, t: number, bootstrap: boolean, draws: number, counts: Uint32Array | Float64Array): Rng {
  const rng = new Rng(treeSeed(seed, t));
  const n = counts.length;
  if (!bootstrap) {
    counts.fill(1);
    return rng;
  }
  counts.fill(0);
  for (let d = 0; d < draws; d++) {
    const r = rng.nextInt(n);
    counts[r] = (counts[r] as number) + 1;
  }
  return rng;
}

/** Grows tree t of a forest; `w` is a scratch array of one entry per row (the bootstrap counts, then the row weights). */
export function growTreeAt(setup: ForestSetup, p: ResolvedForestParams, seed: number, t: number, w: Float64Array): ForestTree {
  const rng = bootstrapCounts(seed, t, p.bootstrap, setup.draws, w);
  const base = setup.base;
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    w[i] = (base[i] as number) * (w[i] as number);
    sum += w[i] as number;
  }
  // a bootstrap sample that holds only zero-weight rows would give an empty tree: use every row instead
  if (!(sum > 0)) w.set(base);
  return setup.grower.grow(w, rng);
}

/**
 * Trains a forest on the calling thread. Tree t draws its bootstrap sample and its feature choices from
 * `Rng(treeSeed(seed, t))`, so the model depends only on the data, the parameters and the seed.
 * `weights` are the checked row weights.
 * @throws the signal's reason when `signal` is aborted (checked between trees).
 */
export function trainForest(
  X: FeatureMatrix,
  target: TrainingTarget,
  p: ResolvedForestParams,
  weights: Float64Array,
  seed: number,
  signal?: AbortSignal,
  progress?: (fraction: number) => void,
): ForestFit {
  signal?.throwIfAborted();
  const context = { seed, threads: 1, ...(signal === undefined ? {} : { signal }), ...(progress === undefined ? {} : { progress }) };
  return growForest(X, target, p, weights, seed, new IterationControl(context, p.nEstimators));
}

/**
 * {@link trainForest} under a fit's iteration control: grows at most `p.nEstimators` trees, one iteration each,
 * and stops early (keeping the trees grown) when `control.step` says the time budget ran out. The first m trees
 * are the same whatever stops the training, so a budgeted forest is a prefix of the full one.
 * @throws the signal's reason when it is aborted (checked after every tree).
 */
export function growForest(
  X: FeatureMatrix,
  target: TrainingTarget,
  p: ResolvedForestParams,
  weights: Float64Array,
  seed: number,
  control: IterationControl,
): ForestFit {
  const setup = prepareForest(X, target, p, weights);
  const w = new Float64Array(setup.rows);
  const trees: ForestTree[] = [];
  for (let t = 0; t < p.nEstimators; t++) {
    trees.push(growTreeAt(setup, p, seed, t, w));
    if (!control.step()) break;
  }
  return finishForest(X, target, p, seed, setup, trees);
}

/** Importance and (with `oobScore`) the out-of-bag pass over finished trees. */
export function finishForest(
  X: FeatureMatrix,
  target: TrainingTarget,
  p: ResolvedForestParams,
  seed: number,
  setup: ForestSetup,
  trees: ForestTree[],
): ForestFit {
  const n = setup.rows;
  const K = setup.outputs;
  let oob: OobResult | null = null;
  if (p.oobScore) {
    const sum = new Float64Array(n * K);
    const count = new Uint32Array(n);
    const counts = new Uint32Array(n);
    trees.forEach((tree, t) => {
      bootstrapCounts(seed, t, p.bootstrap, setup.draws, counts);
      for (let i = 0; i < n; i++) {
        if (counts[i] !== 0) continue;
        const leaf = leafOfRow(tree, X.columns, i);
        for (let c = 0; c < K; c++) sum[i * K + c] = (sum[i * K + c] as number) + (tree.values[leaf * K + c] as number);
        count[i] = (count[i] as number) + 1;
      }
    });
    oob = oobResult(sum, count, target, K);
  }
  return { trees, outputs: K, importance: impurityImportance(trees, X.cols), oob };
}

/**
 * sklearn's `feature_importances_`: per tree, the weighted impurity decreases summed per feature and
 * normalised to 1 (single-leaf trees skipped), averaged over trees and normalised again.
 */
export function impurityImportance(trees: readonly ForestTree[], cols: number): Float64Array {
  const total = new Float64Array(cols);
  const per = new Float64Array(cols);
  let used = 0;
  for (const t of trees) {
    if (t.feature.length <= 1) continue;
    per.fill(0);
    let sum = 0;
    for (let i = 0; i < t.feature.length; i++) {
      const f = t.feature[i] as number;
      if (f < 0) continue;
      per[f] = (per[f] as number) + (t.gain[i] as number);
      sum += t.gain[i] as number;
    }
    used++;
    if (sum > 0) for (let j = 0; j < cols; j++) total[j] = (total[j] as number) + (per[j] as number) / sum;
  }
  let s = 0;
  for (let j = 0; j < cols; j++) s += total[j] as number;
  if (used > 0 && s > 0) for (let j = 0; j < cols; j++) total[j] = (total[j] as number) / s;
  return total;
}

function oobResult(sum: Float64Array, count: Uint32Array, target: TrainingTarget, K: number): OobResult {
  const n = count.length;
  const prediction = new Float64Array(n * K);
  let scored = 0;
  let hits = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const c = count[i] as number;
    for (let k = 0; k < K; k++) prediction[i * K + k] = c === 0 ? NaN : (sum[i * K + k] as number) / c;
    if (c === 0) continue;
    scored++;
    if (target.task === 'regression') mean += target.y[i] as number;
    else {
      let best = 0;
      for (let k = 1; k < K; k++) if ((prediction[i * K + k] as number) > (prediction[i * K + best] as number)) best = k;
      if (best === target.y[i]) hits++;
    }
  }
  let score = NaN;
  if (scored > 0 && target.task !== 'regression') score = hits / scored;
  if (scored > 0 && target.task === 'regression') {
    mean /= scored;
    let ssRes = 0;
    let ssTot = 0;
    for (let i = 0; i < n; i++) {
      if (count[i] === 0) continue;
      const y = target.y[i] as number;
      const d = y - (prediction[i] as number);
      ssRes += d * d;
      ssTot += (y - mean) * (y - mean);
    }
    score = ssTot > 0 ? 1 - ssRes / ssTot : ssRes === 0 ? 1 : 0;
  }
  return { prediction, score, rowsScored: scored };
}
