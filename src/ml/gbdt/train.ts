import { TrainingDataError } from '../../core/index.js';
import type { Logger } from '../../core/index.js';
import type { FeatureMatrix } from '../matrix.js';
import { validateMatrix } from '../matrix.js';
import { binMatrix, computeBinMapper } from './binning.js';
import type { BinMapper, BinnedData } from './binning.js';
import { buildHistogramSerial, makeHistKernel } from './histogram.js';
import { GbdtModel } from './model.js';
import { createObjective, weightedMedian } from './objectives.js';
import type { Objective } from './objectives.js';
import { resolveGbdtParams } from './params.js';
import type { GbdtParams, GbdtParamsInput } from './params.js';
import { Rng } from './rng.js';
import { numericGoLeft, TreeBuilder } from './tree-builder.js';
import type { HistogramBuilder, LevelRunner } from './tree-builder.js';
import { leafOfBinnedRow } from './tree-finish.js';
import type { BuiltTree } from './tree-finish.js';
import type { GbdtTree } from './tree.js';
import { leafOf } from './tree.js';
import { gbdtThreads } from './threads.js';
import type { RowRunner } from './threads.js';
import { A_BEGIN, A_BUF, A_CAT, A_END, A_FEATURE, A_LAST, A_MISS_LEFT, A_MISSING, A_TYPE, APPLY_FIELDS, ROW_CHUNK } from './row-tasks.js';

/** Labelled data for training or validation. */
export interface GbdtDataset {
  readonly x: FeatureMatrix;
  /** Labels (class index for multiclass, 0/1 for binary). */
  readonly y: Float64Array;
  /** Optional non-negative sample weights. */
  readonly weight?: Float64Array;
}

/** Optional collaborators of a training run. */
export interface GbdtTrainOptions {
  /** Validation set for early stopping and the validation history. */
  readonly valid?: GbdtDataset;
  readonly logger?: Logger;
}

/**
 * Trains a histogram gradient-boosted tree ensemble (see `gbdtParamsSchema` for the parameters).
 * Deterministic: the same data, parameters and seed give the same model bytes for any `nThreads`.
 * @throws MLP_ML_INVALID_PARAM on bad parameters; MLP_ML_BAD_TRAINING_DATA on bad shapes, labels or weights.
 */
export function trainGbdt(train: GbdtDataset, paramsInput: GbdtParamsInput = {}, options: GbdtTrainOptions = {}): GbdtModel {
  const p = resolveGbdtParams(paramsInput);
  const { x, y } = train;
  const w = train.weight ?? null;
  checkDataset(train, 'training');
  const n = x.rows;
  const nf = x.cols;
  if (n < 1) throw TrainingDataError({ problem: 'the training set has no rows' });
  const k = p.objective === 'multiclass-softmax' ? (p.numClass as number) : 1;
  const objective = createObjective(p.objective, p);
  objective.checkLabels(y, k);
  const valid = options.valid;
  if (valid !== undefined) {
    checkDataset(valid, 'validation');
    if (valid.x.cols !== nf) throw TrainingDataError({ problem: `validation set has ${valid.x.cols} columns, training set ${nf}` });
    objective.checkLabels(valid.y, k);
  }
  if (p.earlyStoppingRounds > 0 && valid === undefined) {
    throw TrainingDataError({ problem: 'earlyStoppingRounds needs a validation set; pass options.valid or set earlyStoppingRounds to 0' });
  }

  const mapper = computeBinMapper(x, p.maxBin);
  // pooled workers (threads.ts) outlive the call; they keep this run's shared arrays until the next run
  const threads = p.nThreads > 1 ? gbdtThreads(p.nThreads) : null;
  const shared = threads !== null;
  const buf = (bytes: number): ArrayBuffer | SharedArrayBuffer => (shared ? new SharedArrayBuffer(Math.max(1, bytes)) : new ArrayBuffer(bytes));
  const binned = binMatrix(mapper, x, shared);
  const bins = binned.slots;
  const kernel = makeHistKernel(mapper.offset, nf);
  const seqKernel = makeHistKernel(mapper.offset, nf, true);
  // float32 gradient pairs, as XGBoost stores them: half the memory traffic of the histogram kernel; sums stay float64
  const gh = new Float32Array(buf(8 * n), 0, 2 * n);
  const buffers: [Uint32Array, Uint32Array] = [new Uint32Array(buf(4 * n), 0, n), new Uint32Array(buf(4 * n), 0, n)];
  const histLen = 2 * (mapper.offset[nf] as number);
  const histScratch = new Float64Array(histLen);
  let hb: HistogramBuilder = {
    build: (g, ix, b, e, hist) => buildHistogramSerial(kernel, bins, g, ix, b, e, hist, histScratch),
    buildAll: (g, e, hist) => buildHistogramSerial(seqKernel, bins, g, buffers[0], 0, e, hist, histScratch),
  };
  let level: LevelRunner | undefined;
  // raw scores (row-major n × k); shared with the workers, which update single-output scores and gradients
  const raw = new Float64Array(buf(8 * n * k), 0, n * k);
  let rows: RowRunner | null = null;
  if (threads !== null) {
    // depth-wise: at most 2^(maxDepth-1) children need a histogram at once (+2 spare); cap the arena at 8192
    // slots and 64 MB (a level that does not fit runs on the calling thread, with the same result)
    const want = p.growPolicy === 'depthwise' ? 2 ** Math.min(p.maxDepth - 1, 20) + 2 : 0;
    const slots = Math.min(want, 8192, Math.floor((64 << 20) / (8 * histLen)));
    let maxBins = 1;
    for (let j = 0; j < nf; j++) maxBins = Math.max(maxBins, (mapper.nValue[j] as number) + 1);
    const sharedCopy = (a: Float64Array): Float64Array => {
      const c = new Float64Array(buf(8 * a.length), 0, a.length);
      c.set(a);
      return c;
    };
    const gradSource = k === 1 && objective.rangeGradientSource !== undefined ? objective.rangeGradientSource : null;
    const rowArrays = { raw, y: sharedCopy(y), w: w === null ? null : sharedCopy(w), gradSource };
    const started = threads.start(kernel, seqKernel, { slots: bins, columns: binned.columns, gh, buffers }, mapper.offset, nf, histLen, slots, maxBins, rowArrays);
    hb = started.builder;
    if (slots > 0) level = started.level;
    if (k === 1) rows = started.rows;
  }
  const monotone = new Int8Array(nf);
  p.monotone.forEach((m, j) => {
    if (j < nf) monotone[j] = m;
  });
  const builder = new TreeBuilder(
    mapper,
    binned,
    {
      lambda: p.lambda,
      alpha: p.alpha,
      minChildWeight: p.minChildWeight,
      maxDeltaStep: p.maxDeltaStep,
      catSmooth: p.catSmooth,
      monotone,
      growPolicy: p.growPolicy,
      maxDepth: p.maxDepth,
      maxLeaves: p.numLeaves > 0 ? p.numLeaves : p.growPolicy === 'lossguide' ? 31 : 0,
      gamma: p.gamma,
      deferLastLevel: !objective.refitMedian,
    },
    hb,
    buffers,
    level,
  );
  return boost({ p, x, y, w, k, objective, mapper, binned, gh, builder, raw, rows, valid, logger: options.logger });
}

interface BoostState {
  p: GbdtParams;
  x: FeatureMatrix;
  y: Float64Array;
  w: Float64Array | null;
  k: number;
  objective: Objective;
  mapper: BinMapper;
  binned: BinnedData;
  gh: Float32Array;
  builder: TreeBuilder;
  /** Zeroed raw scores, n × k. */
  raw: Float64Array;
  /** Row work on the worker threads (single output only), else null. */
  rows: RowRunner | null;
  valid: GbdtDataset | undefined;
  logger: Logger | undefined;
}

function boost(s: BoostState): GbdtModel {
  const { p, x, y, w, k, objective, mapper, binned, gh, builder, raw, rows, valid } = s;
  const n = x.rows;
  const nf = x.cols;
  const base = p.baseScore === undefined ? objective.baseScore(y, w, k) : new Float64Array(k).fill(p.baseScore);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) raw[i * k + c] = base[c] as number;
  const classRaw = k === 1 ? raw : new Float64Array(n);
  const rng = new Rng(p.seed);
  const idx = builder.buffers[0];
  const allowed = new Uint8Array(nf);
  const inSample = new Uint8Array(p.subsample < 1 ? n : 0);
  const trees: GbdtTree[] = [];
  const history: number[] = [];
  const vx = valid?.x;
  const vraw = valid === undefined ? null : new Float64Array(valid.x.rows * k);
  if (vraw !== null) for (let i = 0; i < vraw.length; i++) vraw[i] = base[i % k] as number;
  const vrow = new Float64Array(nf);
  let best = Infinity;
  let bestRound = 0;
  const residual = objective.refitMedian ? new Float64Array(n) : null;
  const resWeight = objective.refitMedian && w !== null ? new Float64Array(n) : null;

  for (let round = 0; round < p.numRounds; round++) {
    const count = sampleRows(rng, p.subsample, n, idx, inSample);
    sampleColumns(rng, p.colsampleByTree, nf, allowed);
    objective.beginRound(raw, n, k);
    for (let c = 0; c < k; c++) {
      if (k > 1) for (let i = 0; i < n; i++) classRaw[i] = raw[i * k + c] as number;
      if (rows?.gradients != null) rows.gradients();
      else objective.gradients(k === 1 ? raw : classRaw, y, w, n, k, c, gh);
      const built = builder.grow(gh, count, allowed, p.learningRate, p.subsample >= 1);
      if (residual !== null) refitMedian(built, builder.buffers, y, k === 1 ? raw : classRaw, w, residual, resWeight, p.learningRate);
      if (rows === null || !applyTreeThreaded(built, mapper, rows)) applyTreeRanges(built, mapper, binned, builder.buffers, raw, k, c);
      if (count < n) applyOutOfSample(built, mapper, binned, inSample, raw, k, c);
      trees.push(built.tree);
      if (vraw !== null && vx !== undefined) {
        for (let i = 0; i < vx.rows; i++) {
          for (let j = 0; j < nf; j++) vrow[j] = (vx.columns[j] as Float64Array)[i] as number;
          const o = i * k + c;
          vraw[o] = (vraw[o] as number) + (built.tree.value[leafOf(built.tree, vrow)] as number);
        }
      }
    }
    if (vraw !== null && valid !== undefined) {
      const m = objective.evaluate(vraw, valid.y, valid.weight ?? null, k);
      history.push(m);
      s.logger?.debug('gbdt round', { round: round + 1, [objective.metric]: m });
      if (m < best) {
        best = m;
        bestRound = round + 1;
      } else if (p.earlyStoppingRounds > 0 && round + 1 - bestRound >= p.earlyStoppingRounds) {
        break;
      }
    }
  }
  const rounds = p.earlyStoppingRounds > 0 && bestRound > 0 ? bestRound : trees.length / k;
  return new GbdtModel(
    {
      objective: p.objective,
      numOutputs: k,
      baseScore: base,
      featureNames: [...x.names],
      categorical: [...x.categorical],
      rounds,
      bestIteration: bestRound > 0 ? bestRound : rounds,
      validHistory: Float64Array.from(history),
      huberDelta: p.huberDelta,
      poissonMaxDeltaStep: p.poissonMaxDeltaStep,
    },
    trees.slice(0, rounds * k),
  );
}

/** Bernoulli row sample into `idx[0..count)` (all rows when rate is 1); marks `inSample`. */
function sampleRows(rng: Rng, rate: number, n: number, idx: Uint32Array, inSample: Uint8Array): number {
  let count = 0;
  if (rate >= 1) {
    for (let i = 0; i < n; i++) idx[i] = i;
    return n;
  }
  for (let i = 0; i < n; i++) {
    const keep = rng.nextFloat() < rate;
    inSample[i] = keep ? 1 : 0;
    if (keep) idx[count++] = i;
  }
  if (count === 0) {
    idx[0] = rng.nextInt(n);
    inSample[idx[0] as number] = 1;
    count = 1;
  }
  return count;
}

/** Picks `max(1, round(rate × nf))` features for one tree (partial Fisher–Yates). */
function sampleColumns(rng: Rng, rate: number, nf: number, allowed: Uint8Array): void {
  if (rate >= 1) {
    allowed.fill(1);
    return;
  }
  const take = Math.max(1, Math.round(rate * nf));
  const perm = new Int32Array(nf);
  for (let j = 0; j < nf; j++) perm[j] = j;
  for (let j = 0; j < take; j++) {
    const r = j + rng.nextInt(nf - j);
    const t = perm[j] as number;
    perm[j] = perm[r] as number;
    perm[r] = t;
  }
  allowed.fill(0);
  for (let j = 0; j < take; j++) allowed[perm[j] as number] = 1;
}

/** Absolute error: each leaf's value becomes eta × the weighted median of its rows' residuals (y − raw). */
function refitMedian(
  built: BuiltTree,
  buffers: readonly Uint32Array[],
  y: Float64Array,
  raw: Float64Array,
  w: Float64Array | null,
  residual: Float64Array,
  resWeight: Float64Array | null,
  eta: number,
): void {
  const value = built.tree.value as Float64Array;
  for (let l = 0; l < built.leafIds.length; l++) {
    const b = built.leafBegin[l] as number;
    const e = built.leafEnd[l] as number;
    const idx = buffers[built.leafBuf[l] as number] as Uint32Array;
    for (let i = b; i < e; i++) {
      const r = idx[i] as number;
      residual[i - b] = (y[r] as number) - (raw[r] as number);
      if (resWeight !== null && w !== null) resWeight[i - b] = w[r] as number;
    }
    value[built.leafIds[l] as number] = eta * weightedMedian(residual, resWeight, e - b);
  }
}

/** Adds a new tree's output to the raw scores of the sampled rows, by leaf range and deferred split. */
function applyTreeRanges(built: BuiltTree, mapper: BinMapper, binned: BinnedData, buffers: readonly Uint32Array[], raw: Float64Array, k: number, c: number): void {
  const value = built.tree.value;
  for (let l = 0; l < built.leafIds.length; l++) {
    const v = value[built.leafIds[l] as number] as number;
    const e = built.leafEnd[l] as number;
    const idx = buffers[built.leafBuf[l] as number] as Uint32Array;
    for (let i = built.leafBegin[l] as number; i < e; i++) {
      const o = (idx[i] as number) * k + c;
      raw[o] = (raw[o] as number) + v;
    }
  }
  applyDeferred(built, mapper, binned, buffers, raw, k, c);
}

/** Adds a new tree's output to the raw scores of the rows left out of its sample, by traversal on their bins. */
function applyOutOfSample(built: BuiltTree, mapper: BinMapper, binned: BinnedData, inSample: Uint8Array, raw: Float64Array, k: number, c: number): void {
  const value = built.tree.value;
  const n = raw.length / k;
  for (let r = 0; r < n; r++) {
    if (inSample[r] === 1) continue;
    const o = r * k + c;
    raw[o] = (raw[o] as number) + (value[leafOfBinnedRow(built, mapper, binned, r)] as number);
  }
}

/**
 * `applyTreeRanges` for one output on all threads: each leaf range and deferred split cut into ROW_CHUNK pieces
 * (every row is in exactly one piece, so the sums are those of the serial code). False when the pieces do not fit.
 */
function applyTreeThreaded(built: BuiltTree, mapper: BinMapper, rows: RowRunner): boolean {
  const t = built.tree;
  const A = rows.table;
  const V = rows.values;
  let pieces = 0;
  let flagOff = 0;
  const add = (type: number, buf: number, begin: number, end: number, vl: number, vr: number, node: number, cat: number): boolean => {
    for (let b = begin; b < end; b += ROW_CHUNK) {
      if (pieces >= rows.capacity) return false;
      const o = pieces * APPLY_FIELDS;
      A[o + A_TYPE] = type;
      A[o + A_BUF] = buf;
      A[o + A_BEGIN] = b;
      A[o + A_END] = Math.min(end, b + ROW_CHUNK);
      if (type === 1) {
        const f = t.feature[node] as number;
        A[o + A_FEATURE] = f;
        A[o + A_LAST] = built.nodeBin[node] as number;
        A[o + A_MISSING] = mapper.nValue[f] as number;
        A[o + A_MISS_LEFT] = t.defaultLeft[node] as number;
        A[o + A_CAT] = cat;
      }
      V[2 * pieces] = vl;
      V[2 * pieces + 1] = vr;
      pieces++;
    }
    return true;
  };
  for (let l = 0; l < built.leafIds.length; l++) {
    const v = t.value[built.leafIds[l] as number] as number;
    if (!add(0, built.leafBuf[l] as number, built.leafBegin[l] as number, built.leafEnd[l] as number, v, v, -1, -1)) return false;
  }
  for (let d = 0; d < built.deferredNode.length; d++) {
    const i = built.deferredNode[d] as number;
    const cs = t.catStart[i] as number;
    // per-bin left flags (numeric: bin ≤ the split's bin; categorical: the bitset), the missing bin by defaultLeft
    const nv = mapper.nValue[t.feature[i] as number] as number;
    if (flagOff + nv + 1 > rows.flags.length) return false;
    if (cs < 0) numericGoLeft(built.nodeBin[i] as number, nv, t.defaultLeft[i] as number, rows.flags, flagOff);
    else {
      for (let b = 0; b < nv; b++) rows.flags[flagOff + b] = ((t.catBits[cs + (b >>> 5)] as number) >>> (b & 31)) & 1;
      rows.flags[flagOff + nv] = t.defaultLeft[i] as number;
    }
    const cat = flagOff;
    flagOff += nv + 1;
    const vl = t.value[t.left[i] as number] as number;
    const vr = t.value[t.right[i] as number] as number;
    if (!add(1, built.deferredBuf[d] as number, built.deferredBegin[d] as number, built.deferredEnd[d] as number, vl, vr, i, cat)) return false;
  }
  rows.apply(pieces);
  return true;
}

/** Leaves of unpartitioned last-level splits: route each of the parent's rows by its bin and add the leaf value. */
function applyDeferred(built: BuiltTree, mapper: BinMapper, binned: BinnedData, buffers: readonly Uint32Array[], raw: Float64Array, k: number, c: number): void {
  const t = built.tree;
  const n = buffers[0]?.length ?? 0;
  const pair = new Float64Array(2);
  const flags = new Uint8Array(256);
  for (let d = 0; d < built.deferredNode.length; d++) {
    const i = built.deferredNode[d] as number;
    const f = t.feature[i] as number;
    // index 1 = left, 0 = right: exact leaf values, no arithmetic blend
    pair[1] = t.value[t.left[i] as number] as number;
    pair[0] = t.value[t.right[i] as number] as number;
    const idx = buffers[built.deferredBuf[d] as number] as Uint32Array;
    const col = binned.columns.subarray(f * n, (f + 1) * n);
    const missing = mapper.nValue[f] as number;
    const missLeft = t.defaultLeft[i] as number;
    const e = built.deferredEnd[d] as number;
    const cs = t.catStart[i] as number;
    // per-bin left flags (the missing bin by defaultLeft), then two rows per iteration
    if (cs < 0) numericGoLeft(built.nodeBin[i] as number, missing, missLeft, flags, 0);
    else {
      for (let b = 0; b < missing; b++) flags[b] = ((t.catBits[cs + (b >>> 5)] as number) >>> (b & 31)) & 1;
      flags[missing] = missLeft;
    }
    let q = built.deferredBegin[d] as number;
    for (; q + 1 < e; q += 2) {
      const o0 = (idx[q] as number) * k + c;
      const o1 = (idx[q + 1] as number) * k + c;
      const v0 = pair[flags[col[(idx[q] as number)] as number] as number] as number;
      const v1 = pair[flags[col[(idx[q + 1] as number)] as number] as number] as number;
      raw[o0] = (raw[o0] as number) + v0;
      raw[o1] = (raw[o1] as number) + v1;
    }
    if (q < e) {
      const r = idx[q] as number;
      const o = r * k + c;
      raw[o] = (raw[o] as number) + (pair[flags[col[r] as number] as number] as number);
    }
  }
}

function checkDataset(d: GbdtDataset, what: string): void {
  validateMatrix(d.x);
  if (d.y.length !== d.x.rows) throw TrainingDataError({ field: 'label', problem: `${what} set has ${d.y.length} labels for ${d.x.rows} rows` });
  const w = d.weight;
  if (w === undefined) return;
  if (w.length !== d.x.rows) throw TrainingDataError({ field: 'weight', problem: `${what} set has ${w.length} weights for ${d.x.rows} rows` });
  for (let i = 0; i < w.length; i++) {
    const v = w[i] as number;
    if (!(v >= 0) || !Number.isFinite(v)) throw TrainingDataError({ field: 'weight', problem: `row ${i}: ${v} is not a finite non-negative weight` });
  }
}
