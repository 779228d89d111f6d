import { TrainingDataError } from '../../core/index.js';
import { treeImportance } from '../importance.js';
import type { TreeImportanceKind } from '../importance.js';
import type { FeatureMatrix } from '../matrix.js';
import { CompiledForest } from './forest.js';
import { createObjective } from './objectives.js';
import type { GbdtObjectiveId } from './params.js';
import type { GbdtTree } from './tree.js';
import { PREDICT_CHUNK } from './wasm-predict.js';

/** Everything that defines a trained model besides its trees (all plain data). */
export interface GbdtModelInfo {
  readonly objective: GbdtObjectiveId;
  /** Raw outputs per row: 1, or the number of classes for multiclass. */
  readonly numOutputs: number;
  /** Initial raw score per output. */
  readonly baseScore: Float64Array;
  readonly featureNames: readonly string[];
  readonly categorical: readonly boolean[];
  /** Rounds kept (trees = rounds × numOutputs, tree of round r for output k at r * numOutputs + k). */
  readonly rounds: number;
  /** Best round (1-based count of rounds kept) when early stopping ran, else `rounds`. */
  readonly bestIteration: number;
  /** Validation metric per round (empty without a validation set). */
  readonly validHistory: Float64Array;
  readonly huberDelta: number;
  readonly poissonMaxDeltaStep: number;
}

/** Kind of feature importance of a tree ensemble. */
export type ImportanceType = TreeImportanceKind;

/**
 * A trained gradient-boosted tree ensemble. Predicts on raw (unbinned) features: the trees' thresholds are raw
 * values. All trees are compiled into one flat node table so prediction walks typed arrays only.
 */
export class GbdtModel {
  readonly info: GbdtModelInfo;
  readonly trees: readonly GbdtTree[];
  readonly #forest: CompiledForest;
  #rowBuf: Float64Array;

  constructor(info: GbdtModelInfo, trees: readonly GbdtTree[]) {
    this.info = info;
    this.trees = trees;
    this.#forest = new CompiledForest(trees);
    this.#rowBuf = new Float64Array(info.featureNames.length);
  }

  /** Number of input features. */
  get numFeatures(): number {
    return this.info.featureNames.length;
  }

  /**
   * Raw scores (margins), row-major `rows × numOutputs`. `threads` > 1 shares batches of at least two pieces
   * (2 × 4,096 rows) of single-output models without categorical splits with worker threads; the scores are the
   * same for any thread count.
   * @throws MLP_ML_BAD_TRAINING_DATA on a column-count mismatch.
   */
  predictRaw(x: FeatureMatrix, threads = 1): Float64Array {
    this.#checkWidth(x.cols);
    const k = this.info.numOutputs;
    const n = x.rows;
    const nf = x.cols;
    const out = new Float64Array(n * k);
    const base = this.info.baseScore;
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) out[i * k + c] = base[c] as number;
    if (threads > 1 && k === 1 && n >= 2 * PREDICT_CHUNK && this.#forest.accumulateThreaded(x.columns, n, nf, out, threads)) return out;
    const BLOCK = 256;
    const block = new Float64Array(BLOCK * nf);
    const blockFast = new Float64Array(BLOCK * nf);
    const safe = new Uint8Array(BLOCK);
    const pos = new Int32Array(BLOCK);
    const forest = this.#forest;
    const anyCat = forest.hasCategorical ? 1 : 0;
    for (let start = 0; start < n; start += BLOCK) {
      const m = Math.min(BLOCK, n - start);
      fillBlock(x.columns, start, m, nf, block, blockFast, safe, anyCat);
      forest.accumulateBlock(block, blockFast, m, nf, k, out, start, safe, pos);
    }
    return out;
  }

  /** Predictions (identity / exp / sigmoid / softmax of the raw scores), row-major `rows × numOutputs`. */
  predict(x: FeatureMatrix, threads = 1): Float64Array {
    const raw = this.predictRaw(x, threads);
    createObjective(this.info.objective, this.info).transform(raw, this.info.numOutputs);
    return raw;
  }

  /**
   * Raw score of one row given as raw feature values (`row[j]` = feature j, NaN = missing); writes every output
   * into `out` when given and returns output 0. No allocation per call.
   */
  predictRowRaw(row: ArrayLike<number>, out?: Float64Array): number {
    const k = this.info.numOutputs;
    const nf = this.info.featureNames.length;
    const buf = this.#rowBuf;
    const forest = this.#forest;
    let safe = forest.hasCategorical;
    for (let j = 0; j < nf; j++) {
      const v = row[j] as number;
      buf[j] = v;
      if (v !== v) safe = true;
    }
    const roots = forest.roots;
    const val = forest.val;
    const nt = roots.length;
    if (k === 1) {
      let s = this.info.baseScore[0] as number;
      if (safe) for (let t = 0; t < nt; t++) s += val[forest.walk(roots[t] as number, buf, 0)] as number;
      else for (let t = 0; t < nt; t++) s += val[forest.walkFast(roots[t] as number, buf, 0)] as number;
      if (out !== undefined) out[0] = s;
      return s;
    }
    const acc = out ?? new Float64Array(k);
    for (let c = 0; c < k; c++) acc[c] = this.info.baseScore[c] as number;
    for (let t = 0; t < nt; t++) {
      const c = t % k;
      acc[c] = (acc[c] as number) + (val[forest.walk(roots[t] as number, buf, 0)] as number);
    }
    return acc[0] as number;
  }

  /** Prediction for one row (single-output models: the transformed score; multiclass: the class-0 probability
   * unless `out` is given, which receives all class probabilities). */
  predictRow(row: ArrayLike<number>, out?: Float64Array): number {
    const k = this.info.numOutputs;
    if (k === 1) {
      const z = this.predictRowRaw(row);
      switch (this.info.objective) {
        case 'poisson':
          return Math.exp(z);
        case 'binary-logloss':
          return 1 / (1 + Math.exp(-z));
        default:
          return z;
      }
    }
    const acc = out ?? new Float64Array(k);
    this.predictRowRaw(row, acc);
    createObjective(this.info.objective, this.info).transform(acc, k);
    return acc[0] as number;
  }

  /** Feature importance per feature (the kinds of `ImportanceKind`; default `gain`, XGBoost's). */
  featureImportance(type: ImportanceType = 'gain'): Float64Array {
    return treeImportance(this.trees, this.numFeatures, type);
  }

  #checkWidth(cols: number): void {
    if (cols !== this.numFeatures) {
      throw TrainingDataError({
        problem: `model expects ${this.numFeatures} feature columns (${this.info.featureNames.join(', ')}), got ${cols}`,
      });
    }
  }
}

/**
 * Copies rows [start, start+m) of column-major data into a row-major block with missing values as 0, flagging
 * rows that need the general walk; the exact copy (with NaN) is made only for blocks that have such rows. Kept out
 * of `predictRaw` so its type feedback stays stable.
 */
function fillBlock(
  columns: readonly Float64Array[],
  start: number,
  m: number,
  nf: number,
  block: Float64Array,
  blockFast: Float64Array,
  safe: Uint8Array,
  anyCat: number,
): void {
  safe.fill(anyCat, 0, m);
  let missing = 0;
  for (let j = 0; j < nf; j++) {
    const col = columns[j] as Float64Array;
    for (let i = 0, o = j; i < m; i++, o += nf) {
      const v = col[start + i] as number;
      // NaN and +∞ take the general walk: the lock-step walk keeps a finished row on its leaf by `x >= +∞` failing
      if (v === v && v !== Infinity) {
        blockFast[o] = v;
      } else {
        blockFast[o] = 0;
        safe[i] = 1;
        missing = 1;
      }
    }
  }
  if (missing === 0 && anyCat === 0) return;
  for (let j = 0; j < nf; j++) {
    const col = columns[j] as Float64Array;
    for (let i = 0, o = j; i < m; i++, o += nf) block[o] = col[start + i] as number;
  }
}
