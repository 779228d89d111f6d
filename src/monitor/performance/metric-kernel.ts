/**
 * One realised metric over a subset of rows, computed by the engine's scikit-learn-matched metrics (src/ml) on
 * rows gathered into reusable buffers (no per-row allocation; a bootstrap calls this thousands of times).
 * Bootstrap replicates of ROC AUC, log loss, RMSE and MAE take a fast path with the same arithmetic (AUC by
 * midranks, which equals the trapezoidal ROC AUC; the others by their formulas) because the engine's versions
 * validate and sort for one call, not for thousands; a test checks both paths agree.
 */
import { engine } from './engine.js';
import type { CheckedOutputs } from './inputs.js';

/** The metrics performance monitoring computes. */
export const PERFORMANCE_METRICS = ['accuracy', 'error-rate', 'roc-auc', 'f1', 'log-loss', 'rmse', 'mae', 'r2'] as const;
/** A metric id: classification `accuracy`, `error-rate`, `roc-auc`, `f1`, `log-loss`; regression `rmse`, `mae`, `r2`. */
export type PerformanceMetric = (typeof PERFORMANCE_METRICS)[number];

const CLASSIFICATION: ReadonlySet<PerformanceMetric> = new Set(['accuracy', 'error-rate', 'roc-auc', 'f1', 'log-loss']);

/** True when the metric scores classifiers (false: regressors). */
export function isClassificationMetric(metric: PerformanceMetric): boolean {
  return CLASSIFICATION.has(metric);
}

/** Why a metric has no value on some rows (never NaN). */
export type Undefined = 'no-labels' | 'one-class' | 'too-few-labels';

/** Scores row subsets of one output set for one metric. */
export class MetricKernel {
  private readonly yT: Float64Array;
  private readonly yP: Float64Array;
  private readonly pr: Float64Array;
  private readonly pos: Float64Array;
  private readonly labels: Int32Array;
  private readonly sortA: Float64Array;
  private readonly sortB: Float64Array;

  constructor(
    private readonly data: CheckedOutputs,
    readonly metric: PerformanceMetric,
    capacity: number,
  ) {
    this.yT = new Float64Array(capacity);
    this.yP = new Float64Array(capacity);
    this.pr = new Float64Array(capacity * Math.max(1, data.k));
    this.pos = new Float64Array(capacity);
    this.labels = Int32Array.from({ length: data.k }, (_, c) => c);
    this.sortA = new Float64Array(capacity);
    this.sortB = new Float64Array(capacity);
  }

  /**
   * The metric on `rows` (indices of labelled rows, repeats allowed), or why it is undefined there.
   * F1 is binary F1 of class 1 for two classes and macro F1 over all k classes otherwise (sklearn
   * `labels=range(k)`, zero_division 0). Multiclass ROC AUC is the one-vs-rest macro mean over the classes
   * that are present with at least one other class (equal to sklearn's when every class is present).
   */
  score(rows: Uint32Array, fast = false): number | Undefined {
    const m = rows.length;
    if (m === 0) return 'no-labels';
    const { data } = this;
    const k = data.k;
    const yT = this.yT.subarray(0, m);
    const yP = this.yP.subarray(0, m);
    for (let j = 0; j < m; j++) {
      const i = rows[j] as number;
      yT[j] = data.yTrue[i] as number;
      yP[j] = data.yPred[i] as number;
    }
    switch (this.metric) {
      case 'accuracy':
        return engine().accuracyScore(yT, yP);
      case 'error-rate':
        return 1 - engine().accuracyScore(yT, yP);
      case 'f1':
        return k === 2
          ? engine().f1Score(yT, yP, { average: 'binary', posLabel: 1 })
          : engine().f1Score(yT, yP, { average: 'macro', labels: this.labels });
      case 'log-loss': {
        if (fast) return this.fastLogLoss(rows, yT);
        if (k === 2) {
          const p = this.pr.subarray(0, m);
          for (let j = 0; j < m; j++) p[j] = data.proba[2 * (rows[j] as number) + 1] as number;
          return engine().logLoss(yT, p);
        }
        const p = this.gatherProba(rows);
        return engine().logLoss(yT, p, { nClasses: k });
      }
      case 'roc-auc':
        return this.rocAuc(rows, yT, fast);
      case 'rmse':
        return fast ? Math.sqrt(meanOf(yT, yP, 2)) : engine().rootMeanSquaredError(yT, yP);
      case 'mae':
        return fast ? meanOf(yT, yP, 1) : engine().meanAbsoluteError(yT, yP);
      case 'r2':
        return m < 2 ? 'too-few-labels' : engine().r2Score(yT, yP);
    }
  }

  private gatherProba(rows: Uint32Array): Float64Array {
    const k = this.data.k;
    const p = this.pr.subarray(0, rows.length * k);
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j] as number;
      for (let c = 0; c < k; c++) p[j * k + c] = this.data.proba[i * k + c] as number;
    }
    return p;
  }

  /** sklearn log_loss arithmetic (eps = machine epsilon, clipped rows renormalised), without the checks. */
  private fastLogLoss(rows: Uint32Array, yT: Float64Array): number {
    const { proba, k } = this.data;
    const lo = Number.EPSILON;
    const hi = 1 - Number.EPSILON;
    const clip = (p: number): number => (p < lo ? lo : p > hi ? hi : p);
    let sum = 0;
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j] as number;
      const y = yT[j] as number;
      if (k === 2) {
        const p1 = clip(proba[2 * i + 1] as number);
        const p0 = 1 - p1;
        sum -= Math.log((y === 1 ? p1 : p0) / (p0 + p1));
      } else {
        let rowSum = 0;
        for (let c = 0; c < k; c++) rowSum += clip(proba[i * k + c] as number);
        sum -= Math.log(clip(proba[i * k + y] as number) / rowSum);
      }
    }
    return sum / rows.length;
  }

  /**
   * Binary ROC AUC by midranks (Mann–Whitney with ties counted one half): the sum of the positives' midranks
   * among all scores, from two sorted copies. `pos` marks the positives of `score[0..m)`.
   */
  private midrankAuc(pos: Float64Array, score: Float64Array, m: number): number {
    const all = this.sortA.subarray(0, m);
    all.set(score.subarray(0, m));
    let mp = 0;
    for (let j = 0; j < m; j++) if (pos[j] === 1) this.sortB[mp++] = score[j] as number;
    const xs = this.sortB.subarray(0, mp);
    all.sort();
    xs.sort();
    let rankSum = 0;
    let xp = 0;
    for (let i = 0; i < m;) {
      const v = all[i] as number;
      let e = i;
      while (e < m && all[e] === v) e++;
      const midrank = (i + 1 + e) / 2;
      while (xp < mp && xs[xp] === v) {
        rankSum += midrank;
        xp++;
      }
      i = e;
    }
    return (rankSum - (mp * (mp + 1)) / 2) / (mp * (m - mp));
  }

  private rocAuc(rows: Uint32Array, yT: Float64Array, fast: boolean): number | 'one-class' {
    const m = rows.length;
    const k = this.data.k;
    const counts = new Float64Array(k);
    for (let j = 0; j < m; j++) counts[yT[j] as number] = (counts[yT[j] as number] as number) + 1;
    const pos = this.pos.subarray(0, m);
    const score = this.pr.subarray(0, m);
    let sum = 0;
    let scored = 0;
    for (let c = k === 2 ? 1 : 0; c < k; c++) {
      const nc = counts[c] as number;
      if (nc === 0 || nc === m) continue;
      for (let j = 0; j < m; j++) {
        pos[j] = yT[j] === c ? 1 : 0;
        score[j] = this.data.proba[(rows[j] as number) * k + c] as number;
      }
      sum += fast ? this.midrankAuc(pos, score, m) : engine().rocAucScore(pos, score);
      scored++;
    }
    return scored === 0 ? 'one-class' : sum / scored;
  }
}

/** Mean of |t − p|^power (power 1 or 2). */
function meanOf(t: Float64Array, p: Float64Array, power: 1 | 2): number {
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    const d = Math.abs((t[i] as number) - (p[i] as number));
    s += power === 1 ? d : d * d;
  }
  return s / t.length;
}
