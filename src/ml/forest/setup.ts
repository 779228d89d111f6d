import { binOf, computeBinMapper } from '../gbdt/binning.js';
import type { BinMapper } from '../gbdt/binning.js';
import type { ArrayType } from '../gbdt/training-memory.js';
import type { TrainingTarget } from '../learner.js';
import type { FeatureMatrix } from '../matrix.js';
import { statsLayout } from './criterion.js';
import { TreeGrower } from './grow.js';
import type { GrowInput, GrowSettings } from './grow.js';
import { featuresPerNode } from './params.js';
import type { ResolvedForestParams } from './params.js';

/**
 * Everything the trees of one forest grow from, as plain data: the binned training set, the growth settings and
 * the base row weights. Made with `shared`, every per-row array lives in a SharedArrayBuffer, so posting this to
 * the compute pool's workers shares the data (once per fit) instead of copying it.
 */
export interface ForestData {
  readonly input: GrowInput;
  readonly settings: GrowSettings;
  /** Sample weights × class weights. */
  readonly base: Float64Array;
  /** Bootstrap draws per tree. */
  readonly draws: number;
}

/** Everything the trees of one forest share: binned data, usable features, base row weights. */
export interface ForestSetup {
  readonly grower: TreeGrower;
  readonly rows: number;
  readonly outputs: number;
  /** Sample weights × class weights. */
  readonly base: Float64Array;
  /** Bootstrap draws per tree. */
  readonly draws: number;
}

type Allocate = <T>(type: ArrayType<T>, length: number) => T;

const allocator =
  (shared: boolean): Allocate =>
  (type, length) =>
    new type(shared ? new SharedArrayBuffer(length * type.BYTES_PER_ELEMENT) : new ArrayBuffer(length * type.BYTES_PER_ELEMENT), 0, length);

/** Column-major local bins (`bins[j * rows + i]`) of a matrix under the forest's bin mapper. */
function binColumns(X: FeatureMatrix, maxBins: number, allocate: Allocate): { mapper: BinMapper; bins: Uint8Array } {
  const mapper = computeBinMapper(X, maxBins + 1);
  const n = X.rows;
  const bins = allocate(Uint8Array, n * X.cols);
  for (let j = 0; j < X.cols; j++) {
    const col = X.columns[j] as Float64Array;
    for (let i = 0; i < n; i++) bins[j * n + i] = binOf(mapper, j, col[i] as number);
  }
  return { mapper, bins };
}

/**
 * Features with at least two distinct bins (the missing bin counts as one) in the training set. Constant and
 * all-missing columns can never split, so they are left out of the per-node draws and of the `maxFeatures`
 * count: adding such a column does not change the model.
 */
function usableFeatures(mapper: BinMapper, bins: Uint8Array, n: number): Int32Array {
  const out: number[] = [];
  for (let j = 0; j < mapper.numFeatures; j++) {
    const col = bins.subarray(j * n, (j + 1) * n);
    const first = col[0];
    for (let i = 1; i < n; i++) {
      if (col[i] !== first) {
        out.push(j);
        break;
      }
    }
  }
  return Int32Array.from(out);
}

/**
 * Bins the data and resolves how trees grow (the same for every tree and thread: it depends on the data and params
 * only). `shared`: per-row arrays in shared memory, the raw columns copied there once.
 */
export function forestData(
  X: FeatureMatrix,
  target: TrainingTarget,
  p: ResolvedForestParams,
  weights: Float64Array,
  shared = false,
): ForestData {
  const allocate = allocator(shared);
  const copy = <T extends Float64Array | Int32Array>(a: T, type: ArrayType<T>): T => {
    if (!shared) return a;
    const out = allocate(type, a.length);
    out.set(a);
    return out;
  };
  const n = X.rows;
  const classification = target.task !== 'regression';
  const layout = statsLayout(classification ? target.classes.length : 0);
  const K = layout.outputs;
  const { mapper, bins } = binColumns(X, p.maxBins, allocate);
  const usable = usableFeatures(mapper, bins, n);
  const base = allocate(Float64Array, n);
  base.set(weights);
  if (classification && p.classWeight === 'balanced') {
    const counts = new Float64Array(K);
    for (let i = 0; i < n; i++) counts[target.y[i] as number] = (counts[target.y[i] as number] as number) + 1;
    let present = 0;
    for (let c = 0; c < K; c++) if ((counts[c] as number) > 0) present++;
    for (let i = 0; i < n; i++) base[i] = (base[i] as number) * (n / (present * (counts[target.y[i] as number] as number)));
  }
  return {
    input: {
      rows: n,
      mapper,
      bins,
      columns: X.columns.map((c) => copy(c, Float64Array)),
      yClass: classification ? copy(target.y, Int32Array) : null,
      y: classification ? null : copy(target.y, Float64Array),
      layout,
    },
    settings: {
      maxDepth: p.maxDepth,
      minSamplesLeaf: p.minSamplesLeaf,
      minSamplesSplit: p.minSamplesSplit,
      minImpurityDecrease: p.minImpurityDecrease,
      mtry: featuresPerNode(p.maxFeatures, classification, usable.length),
      usable,
      criterion: p.criterion,
      randomSplits: p.randomSplits,
    },
    base,
    draws: Math.max(1, Math.round(n * p.maxSamples)),
  };
}

/** A thread's tree grower (with its own scratch buffers) over a forest's data. */
export function forestSetup(data: ForestData): ForestSetup {
  return {
    grower: new TreeGrower(data.input, data.settings),
    rows: data.input.rows,
    outputs: data.input.layout.outputs,
    base: data.base,
    draws: data.draws,
  };
}

/** Bins the data and builds the tree grower, on the calling thread alone. */
export function prepareForest(X: FeatureMatrix, target: TrainingTarget, p: ResolvedForestParams, weights: Float64Array): ForestSetup {
  return forestSetup(forestData(X, target, p, weights));
}
