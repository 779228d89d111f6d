import { TrainingDataError } from '../../core/index.js';
import type { FeatureMatrix } from '../matrix.js';
import { createObjective } from './objectives.js';
import type { GbdtObjectiveId } from './params.js';
import type { GbdtTree } from './tree.js';

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

/** Kind of feature importance. */
export type ImportanceType = 'gain' | 'split' | 'total-gain' | 'cover';

/**
 * A trained gradient-boosted tree ensemble. Predicts on raw (unbinned) features: the trees' thresholds are raw
 * values. All trees are compiled into one flat node table so prediction walks typed arrays only.
 */
export class GbdtModel {
  readonly info: GbdtModelInfo;
  readonly trees: readonly GbdtTree[];
  readonly #feat: Int32Array;
  readonly #thr: Float64Array;
  readonly #left: Int32Array;
  readonly #right: Int32Array;
  readonly #dl: Uint8Array;
  readonly #val: Float64Array;
  readonly #cat: Int32Array;
  readonly #catLen: Int32Array;
  readonly #bits: Uint32Array;
  readonly #roots: Int32Array;
  #rowBuf: Float64Array;

  constructor(info: GbdtModelInfo, trees: readonly GbdtTree[]) {
    this.info = info;
    this.trees = trees;
    let nodes = 0;
    let words = 0;
    for (const t of trees) {
      nodes += t.feature.length;
      words += t.catBits.length;
    }
    this.#feat = new Int32Array(nodes);
    this.#thr = new Float64Array(nodes);
    this.#left = new Int32Array(nodes);
    this.#right = new Int32Array(nodes);
    this.#dl = new Uint8Array(nodes);
    this.#val = new Float64Array(nodes);
    this.#cat = new Int32Array(nodes);
    this.#catLen = new Int32Array(nodes);
    this.#bits = new Uint32Array(words);
    this.#roots = new Int32Array(trees.length);
    let base = 0;
    let wbase = 0;
    trees.forEach((t, ti) => {
      this.#roots[ti] = base;
      const m = t.feature.length;
      for (let i = 0; i < m; i++) {
        const g = base + i;
        this.#feat[g] = t.feature[i] as number;
        this.#thr[g] = t.threshold[i] as number;
        this.#left[g] = base + (t.left[i] as number);
        this.#right[g] = base + (t.right[i] as number);
        this.#dl[g] = t.defaultLeft[i] as number;
        this.#val[g] = t.value[i] as number;
        this.#cat[g] = (t.catStart[i] as number) < 0 ? -1 : wbase + (t.catStart[i] as number);
        this.#catLen[g] = t.catLength[i] as number;
      }
      this.#bits.set(t.catBits, wbase);
      base += m;
      wbase += t.catBits.length;
    });
    this.#rowBuf = new Float64Array(info.featureNames.length);
  }

  /** Number of input features. */
  get numFeatures(): number {
    return this.info.featureNames.length;
  }

  /** Raw scores (margins), row-major `rows × numOutputs`. @throws MLP_ML_BAD_TRAINING_DATA on a column-count mismatch. */
  predictRaw(x: FeatureMatrix): Float64Array {
    this.#checkWidth(x.cols);
    const k = this.info.numOutputs;
    const n = x.rows;
    const nf = x.cols;
    const out = new Float64Array(n * k);
    const base = this.info.baseScore;
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) out[i * k + c] = base[c] as number;
    const BLOCK = 512;
    const block = new Float64Array(BLOCK * nf);
    const nt = this.#roots.length;
    for (let start = 0; start < n; start += BLOCK) {
      const m = Math.min(BLOCK, n - start);
      for (let j = 0; j < nf; j++) {
        const col = x.columns[j] as Float64Array;
        for (let i = 0; i < m; i++) block[i * nf + j] = col[start + i] as number;
      }
      for (let t = 0; t < nt; t++) {
        const root = this.#roots[t] as number;
        const cls = t % k;
        for (let i = 0; i < m; i++) {
          const leaf = this.#walk(root, block, i * nf);
          const o = (start + i) * k + cls;
          out[o] = (out[o] as number) + (this.#val[leaf] as number);
        }
      }
    }
    return out;
  }

  /** Predictions (identity / exp / sigmoid / softmax of the raw scores), row-major `rows × numOutputs`. */
  predict(x: FeatureMatrix): Float64Array {
    const raw = this.predictRaw(x);
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
    for (let j = 0; j < nf; j++) buf[j] = row[j] as number;
    if (k === 1) {
      let s = this.info.baseScore[0] as number;
      const nt = this.#roots.length;
      for (let t = 0; t < nt; t++) s += this.#val[this.#walk(this.#roots[t] as number, buf, 0)] as number;
      if (out !== undefined) out[0] = s;
      return s;
    }
    const acc = out ?? new Float64Array(k);
    for (let c = 0; c < k; c++) acc[c] = this.info.baseScore[c] as number;
    for (let t = 0; t < this.#roots.length; t++) {
      const c = t % k;
      acc[c] = (acc[c] as number) + (this.#val[this.#walk(this.#roots[t] as number, buf, 0)] as number);
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

  /**
   * Feature importance per feature: `split` = number of splits, `total-gain` = summed loss reduction, `gain` =
   * average gain per split (XGBoost's default "gain"), `cover` = average hessian sum per split.
   */
  featureImportance(type: ImportanceType = 'gain'): Float64Array {
    const nf = this.numFeatures;
    const count = new Float64Array(nf);
    const gain = new Float64Array(nf);
    const cover = new Float64Array(nf);
    for (const t of this.trees) {
      for (let i = 0; i < t.feature.length; i++) {
        const f = t.feature[i] as number;
        if (f < 0) continue;
        count[f] = (count[f] as number) + 1;
        gain[f] = (gain[f] as number) + (t.gain[i] as number);
        cover[f] = (cover[f] as number) + (t.cover[i] as number);
      }
    }
    if (type === 'split') return count;
    if (type === 'total-gain') return gain;
    const src = type === 'gain' ? gain : cover;
    const out = new Float64Array(nf);
    for (let f = 0; f < nf; f++) out[f] = (count[f] as number) > 0 ? (src[f] as number) / (count[f] as number) : 0;
    return out;
  }

  #walk(root: number, x: Float64Array, o: number): number {
    const feat = this.#feat;
    const thr = this.#thr;
    const left = this.#left;
    const right = this.#right;
    let nd = root;
    let f = feat[nd] as number;
    while (f >= 0) {
      const v = x[o + f] as number;
      if (v < (thr[nd] as number)) nd = left[nd] as number;
      else if (v !== v) nd = this.#dl[nd] === 1 ? (left[nd] as number) : (right[nd] as number);
      else if ((this.#cat[nd] as number) < 0) nd = right[nd] as number;
      else nd = this.#catLeft(nd, v) ? (left[nd] as number) : (right[nd] as number);
      f = feat[nd] as number;
    }
    return nd;
  }

  #catLeft(nd: number, v: number): boolean {
    const word = v >>> 5;
    if (v < 0 || word >= (this.#catLen[nd] as number)) return false;
    return (((this.#bits[(this.#cat[nd] as number) + word] as number) >>> (v & 31)) & 1) === 1;
  }

  #checkWidth(cols: number): void {
    if (cols !== this.numFeatures) {
      throw TrainingDataError({ problem: `model expects ${this.numFeatures} feature columns (${this.info.featureNames.join(', ')}), got ${cols}` });
    }
  }
}
