import { TrainingDataError } from '../../core/index.js';
import type { GbdtObjectiveId } from './params.js';

/**
 * A loss `gbdt` minimises: first and second derivatives per row with respect to the raw score, the initial score,
 * the link from raw score to prediction, and the validation metric (lower is better) used for early stopping.
 * Raw scores are row-major `n × k` (k = 1 except multiclass).
 */
export interface Objective {
  readonly id: GbdtObjectiveId;
  /** Name of the validation metric. */
  readonly metric: string;
  /** Checks the labels. @throws MLP_ML_BAD_TRAINING_DATA */
  checkLabels(y: Float64Array, k: number): void;
  /** Initial raw score per output. */
  baseScore(y: Float64Array, w: Float64Array | null, k: number): Float64Array;
  /** Called once per round before `gradients` (softmax caches probabilities here). */
  beginRound(raw: Float64Array, n: number, k: number): void;
  /** Writes `gh[2i] = w_i ∂L/∂raw_ik`, `gh[2i+1] = w_i ∂²L/∂raw_ik²` for every row. */
  gradients(raw: Float64Array, y: Float64Array, w: Float64Array | null, n: number, k: number, cls: number, gh: Float32Array): void;
  /**
   * Optional: `gradients` of a single-output objective without per-round state over the rows `begin..end` only, so
   * the compute pool's threads can share the rows (blocks.ts `roundBlock`); `gradients` runs it over every row.
   */
  readonly rangeGradients?: RangeGradients;
  /** The settings it was made with (a worker thread makes the same objective from its id and these). */
  readonly settings: ObjectiveSettings;
  /** Whether leaves are refitted to the weighted median of residuals (absolute error). */
  readonly refitMedian: boolean;
  /** Raw scores to predictions in place (identity, exp, sigmoid, softmax). */
  transform(raw: Float64Array, k: number): void;
  /** Weighted mean loss of raw scores. */
  evaluate(raw: Float64Array, y: Float64Array, w: Float64Array | null, k: number): number;
}

/** `gh[2i] = w_i ∂L/∂raw_i`, `gh[2i+1] = w_i ∂²L/∂raw_i²` for rows `begin..end` (`w` null = unit weights). */
export type RangeGradients = (
  raw: Float64Array,
  y: Float64Array,
  w: Float64Array | null,
  begin: number,
  end: number,
  gh: Float32Array,
) => void;

/** Settings some objectives need. */
export interface ObjectiveSettings {
  readonly huberDelta: number;
  readonly poissonMaxDeltaStep: number;
}

const EPS = 1e-16;

function weightedMean(y: Float64Array, w: Float64Array | null): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w === null ? 1 : (w[i] as number);
    s += wi * (y[i] as number);
    sw += wi;
  }
  return sw > 0 ? s / sw : 0;
}

/** Weighted median (lower median on ties) of `values[0..n)` with optional weights; sorts a copy. */
export function weightedMedian(values: Float64Array, weights: Float64Array | null, n: number): number {
  if (n === 0) return 0;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
  let total = 0;
  for (let i = 0; i < n; i++) total += weights === null ? 1 : (weights[i] as number);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const o = order[i] as number;
    acc += weights === null ? 1 : (weights[o] as number);
    if (acc >= total / 2) return values[o] as number;
  }
  return values[order[n - 1] as number] as number;
}

function meanLoss(raw: Float64Array, y: Float64Array, w: Float64Array | null, loss: (p: number, y: number) => number): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w === null ? 1 : (w[i] as number);
    s += wi * loss(raw[i] as number, y[i] as number);
    sw += wi;
  }
  return sw > 0 ? s / sw : 0;
}

function requireFinite(y: Float64Array, what: string, ok: (v: number) => boolean): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (!Number.isFinite(v) || !ok(v)) throw TrainingDataError({ field: 'label', problem: `row ${i}: ${v} is not ${what}` });
  }
}

const noop = (): void => undefined;
const identity = (): void => undefined;

const squaredErrorGradients: RangeGradients = (raw, y, w, begin, end, gh) => {
  for (let i = begin; i < end; i++) {
    const wi = w === null ? 1 : (w[i] as number);
    gh[2 * i] = wi * ((raw[i] as number) - (y[i] as number));
    gh[2 * i + 1] = wi;
  }
};

function squaredError(): Omit<Objective, 'settings'> {
  return {
    id: 'squared-error',
    metric: 'rmse',
    refitMedian: false,
    checkLabels: (y) => requireFinite(y, 'a finite number', () => true),
    baseScore: (y, w) => Float64Array.of(weightedMean(y, w)),
    beginRound: noop,
    gradients: (raw, y, w, n, _k, _c, gh) => squaredErrorGradients(raw, y, w, 0, n, gh),
    rangeGradients: squaredErrorGradients,
    transform: identity,
    evaluate: (raw, y, w) => Math.sqrt(meanLoss(raw, y, w, (p, t) => (p - t) * (p - t))),
  };
}

function absoluteError(): Omit<Objective, 'settings'> {
  return {
    id: 'absolute-error',
    metric: 'mae',
    refitMedian: true,
    checkLabels: (y) => requireFinite(y, 'a finite number', () => true),
    baseScore: (y, w) => Float64Array.of(weightedMedian(y, w, y.length)),
    beginRound: noop,
    gradients(raw, y, w, n, _k, _c, gh) {
      for (let i = 0; i < n; i++) {
        const wi = w === null ? 1 : (w[i] as number);
        const d = (raw[i] as number) - (y[i] as number);
        gh[2 * i] = wi * (d > 0 ? 1 : d < 0 ? -1 : 0);
        gh[2 * i + 1] = wi;
      }
    },
    transform: identity,
    evaluate: (raw, y, w) => meanLoss(raw, y, w, (p, t) => Math.abs(p - t)),
  };
}

function huber(delta: number): Omit<Objective, 'settings'> {
  return {
    id: 'huber',
    metric: 'huber',
    refitMedian: false,
    checkLabels: (y) => requireFinite(y, 'a finite number', () => true),
    baseScore: (y, w) => Float64Array.of(weightedMedian(y, w, y.length)),
    beginRound: noop,
    gradients(raw, y, w, n, _k, _c, gh) {
      for (let i = 0; i < n; i++) {
        const wi = w === null ? 1 : (w[i] as number);
        const d = (raw[i] as number) - (y[i] as number);
        gh[2 * i] = wi * (d > delta ? delta : d < -delta ? -delta : d);
        gh[2 * i + 1] = wi;
      }
    },
    transform: identity,
    evaluate: (raw, y, w) =>
      meanLoss(raw, y, w, (p, t) => {
        const a = Math.abs(p - t);
        return a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
      }),
  };
}

function poisson(maxDeltaStep: number): Omit<Objective, 'settings'> {
  return {
    id: 'poisson',
    metric: 'poisson-deviance',
    refitMedian: false,
    checkLabels: (y) => requireFinite(y, 'a non-negative count', (v) => v >= 0),
    baseScore: (y, w) => Float64Array.of(Math.log(Math.max(weightedMean(y, w), 1e-12))),
    beginRound: noop,
    gradients(raw, y, w, n, _k, _c, gh) {
      const m = Math.exp(maxDeltaStep);
      for (let i = 0; i < n; i++) {
        const wi = w === null ? 1 : (w[i] as number);
        const mu = Math.exp(raw[i] as number);
        gh[2 * i] = wi * (mu - (y[i] as number));
        gh[2 * i + 1] = wi * mu * m;
      }
    },
    transform(raw) {
      for (let i = 0; i < raw.length; i++) raw[i] = Math.exp(raw[i] as number);
    },
    evaluate: (raw, y, w) =>
      meanLoss(raw, y, w, (p, t) => {
        const mu = Math.exp(p);
        return 2 * ((t > 0 ? t * Math.log(t / mu) : 0) - (t - mu));
      }),
  };
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function binary(): Omit<Objective, 'settings'> {
  return {
    id: 'binary-logloss',
    metric: 'logloss',
    refitMedian: false,
    checkLabels: (y) => requireFinite(y, 'a binary label (0 or 1)', (v) => v === 0 || v === 1),
    baseScore: (y, w) => {
      const p = Math.min(1 - 1e-6, Math.max(1e-6, weightedMean(y, w)));
      return Float64Array.of(Math.log(p / (1 - p)));
    },
    beginRound: noop,
    gradients(raw, y, w, n, _k, _c, gh) {
      for (let i = 0; i < n; i++) {
        const wi = w === null ? 1 : (w[i] as number);
        const p = sigmoid(raw[i] as number);
        gh[2 * i] = wi * (p - (y[i] as number));
        gh[2 * i + 1] = wi * Math.max(p * (1 - p), EPS);
      }
    },
    transform(raw) {
      for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i] as number);
    },
    evaluate: (raw, y, w) =>
      meanLoss(raw, y, w, (z, t) => {
        const p = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(z)));
        return -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
      }),
  };
}

/** Softmax of each row of a row-major n × k matrix, in place. */
export function softmaxRows(raw: Float64Array, k: number): void {
  for (let o = 0; o < raw.length; o += k) {
    let m = -Infinity;
    for (let c = 0; c < k; c++) m = Math.max(m, raw[o + c] as number);
    let s = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp((raw[o + c] as number) - m);
      raw[o + c] = e;
      s += e;
    }
    for (let c = 0; c < k; c++) raw[o + c] = (raw[o + c] as number) / s;
  }
}

function multiclass(): Omit<Objective, 'settings'> {
  let prob = new Float64Array(0);
  return {
    id: 'multiclass-softmax',
    metric: 'mlogloss',
    refitMedian: false,
    checkLabels: (y, k) => requireFinite(y, `a class index in 0..${k - 1}`, (v) => v >= 0 && v < k && v === Math.floor(v)),
    baseScore: (y, w, k) => {
      const counts = new Float64Array(k);
      let total = 0;
      for (let i = 0; i < y.length; i++) {
        const wi = w === null ? 1 : (w[i] as number);
        counts[y[i] as number] = (counts[y[i] as number] as number) + wi;
        total += wi;
      }
      const out = new Float64Array(k);
      for (let c = 0; c < k; c++) out[c] = Math.log(Math.max((counts[c] as number) / Math.max(total, EPS), 1e-6));
      return out;
    },
    beginRound(raw, _n, k) {
      if (prob.length !== raw.length) prob = new Float64Array(raw.length);
      prob.set(raw);
      softmaxRows(prob, k);
    },
    gradients(_raw, y, w, n, k, cls, gh) {
      for (let i = 0; i < n; i++) {
        const wi = w === null ? 1 : (w[i] as number);
        const p = prob[i * k + cls] as number;
        gh[2 * i] = wi * (p - ((y[i] as number) === cls ? 1 : 0));
        gh[2 * i + 1] = wi * Math.max(2 * p * (1 - p), EPS);
      }
    },
    transform: (raw, k) => softmaxRows(raw, k),
    evaluate(raw, y, w, k) {
      let s = 0;
      let sw = 0;
      const row = new Float64Array(k);
      for (let i = 0; i < y.length; i++) {
        for (let c = 0; c < k; c++) row[c] = raw[i * k + c] as number;
        softmaxRows(row, k);
        const wi = w === null ? 1 : (w[i] as number);
        s -= wi * Math.log(Math.max(row[y[i] as number] as number, 1e-15));
        sw += wi;
      }
      return sw > 0 ? s / sw : 0;
    },
  };
}

/** The objective for an id (a fresh instance: some keep per-training scratch state). */
export function createObjective(id: GbdtObjectiveId, s: ObjectiveSettings): Objective {
  const settings: ObjectiveSettings = { huberDelta: s.huberDelta, poissonMaxDeltaStep: s.poissonMaxDeltaStep };
  return { ...objectiveOf(id, settings), settings };
}

function objectiveOf(id: GbdtObjectiveId, s: ObjectiveSettings): Omit<Objective, 'settings'> {
  switch (id) {
    case 'squared-error':
      return squaredError();
    case 'absolute-error':
      return absoluteError();
    case 'huber':
      return huber(s.huberDelta);
    case 'poisson':
      return poisson(s.poissonMaxDeltaStep);
    case 'binary-logloss':
      return binary();
    case 'multiclass-softmax':
      return multiclass();
  }
}
