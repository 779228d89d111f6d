import { TrainingDataError } from '../../core/index.js';
import type { Logger } from '../../core/index.js';
import type { IterationControl } from '../fit-control.js';
import type { FeatureMatrix } from '../matrix.js';
import { validateMatrix } from '../matrix.js';
import { binMatrix, computeBinMapper } from './binning.js';
import type { BinMapper, BinnedData } from './binning.js';
import { BlockRunner, MAX_ENTRIES } from './block-runner.js';
import {
  blockCount,
  C_COLUMN,
  C_ENTRIES,
  C_GRADIENTS,
  C_ROOT,
  C_STARTS,
  E_BUF,
  E_FEATURE,
  E_FLAGS,
  E_TYPE,
  ENTRY_FIELDS,
  IDENTITY,
  ROOT_ALL,
  ROOT_NONE,
  ROOT_SAMPLE,
} from './blocks.js';
import { GbdtModel } from './model.js';
import { createObjective } from './objectives.js';
import { refitMedian } from './leaf-refit.js';
import type { Objective } from './objectives.js';
import { resolveGbdtParams } from './params.js';
import type { GbdtParams, GbdtParamsInput } from './params.js';
import { Rng } from './rng.js';
import { applyOutOfSample, sampleColumns, sampleRows } from './sampling.js';
import { numericGoLeft, TreeBuilder } from './tree-builder.js';
import type { BuiltTree } from './tree-finish.js';
import type { GbdtTree } from './tree.js';
import { leafOf } from './tree.js';
import { computePool } from '../compute/pool.js';
import { TrainingMemory } from './training-memory.js';

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
  /**
   * Budget, reports and signal of a learner's fit: at most `control.total` rounds; after each round `control.step`
   * gets the metrics (and may stop the training or throw the signal's reason); the signal is also checked between
   * the trees of a multiclass round.
   */
  readonly control?: IterationControl;
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
  // pooled workers (../compute/pool.ts) outlive the call; they keep this run's memory until the next run
  const threads = p.nThreads > 1 && blockCount(n) > 1 ? computePool(p.nThreads) : null;
  let maxBins = 1;
  for (let j = 0; j < nf; j++) maxBins = Math.max(maxBins, (mapper.nValue[j] as number) + 1);
  // depth-wise: at most 2^(maxDepth-1) nodes split in one step; the histogram arena (blocks slots per task) is
  // capped at 64 MB (a level with more nodes runs in several steps, with the same result)
  const histLen = 2 * (mapper.offset[nf] as number);
  const blocks = blockCount(n);
  const want = p.growPolicy === 'depthwise' ? (p.maxDepth > 0 ? 2 ** Math.min(p.maxDepth - 1, 20) : 8192) : 1;
  const maxTasks = Math.max(1, Math.min(want, 8192, Math.floor((64 << 20) / (8 * Math.max(1, histLen) * blocks))));
  // bins (2 layouts), gradient pairs, 2 index buffers, raw scores, labels, weights, histogram arena
  const memory = new TrainingMemory(n * (2 * nf + 8 + 8 + 8 * k + 16) + 8 * maxTasks * blocks * histLen + (1 << 20));
  const binned = binMatrix(mapper, x, memory);
  // float32 gradient pairs, as XGBoost stores them: half the memory traffic of the histogram kernel; sums stay float64
  const gh = memory.array(Float32Array, 2 * n);
  const buffers: [Uint32Array, Uint32Array] = [memory.array(Uint32Array, n), memory.array(Uint32Array, n)];
  // raw scores (row-major n × k)
  const raw = memory.array(Float64Array, n * k);
  const runner = new BlockRunner(
    memory,
    { slots: binned.slots, columns: binned.columns, gh, buffers, raw, y: memory.copy(y), w: w === null ? null : memory.copy(w) },
    { n, k, offsets: mapper.offset, numFeatures: nf, maxTasks, maxBins, objective },
    threads,
  );
  const monotone = new Int8Array(nf);
  p.monotone.forEach((m, j) => {
    if (j < nf) monotone[j] = m;
  });
  const builder = new TreeBuilder(
    mapper,
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
    runner,
  );
  return boost({
    p,
    x,
    y,
    w,
    k,
    objective,
    mapper,
    binned,
    gh,
    buffers,
    builder,
    runner,
    raw,
    valid,
    logger: options.logger,
    control: options.control,
  });
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
  buffers: readonly [Uint32Array, Uint32Array];
  builder: TreeBuilder;
  runner: BlockRunner;
  /** Zeroed raw scores, n × k. */
  raw: Float64Array;
  valid: GbdtDataset | undefined;
  logger: Logger | undefined;
  control: IterationControl | undefined;
}

function boost(s: BoostState): GbdtModel {
  const { p, x, y, w, k, objective, mapper, binned, gh, buffers, builder, runner, raw, valid, control } = s;
  const n = x.rows;
  const nf = x.cols;
  const base = p.baseScore === undefined ? objective.baseScore(y, w, k) : new Float64Array(k).fill(p.baseScore);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) raw[i * k + c] = base[c] as number;
  const classRaw = k === 1 ? raw : new Float64Array(n);
  const rng = new Rng(p.seed);
  const allowed = new Uint8Array(nf);
  const sampled = p.subsample < 1;
  const inSample = new Uint8Array(sampled ? n : 0);
  const B = runner.blocks;
  const rootCount = new Int32Array(B);
  for (let b = 0; b < B; b++) rootCount[b] = (runner.starts[b + 1] as number) - (runner.starts[b] as number);
  // the runner computes single-output gradients with the objective's range gradients (k = 1, no per-round state);
  // without a row sample a tree's update, the next gradients and the next root histogram are then one round
  const runnerGradients = objective.rangeGradients !== undefined && k === 1;
  const fused = runnerGradients && !sampled;
  let rootReady = false;
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

  // the trees of one round share its row sample, but growing a tree partitions index buffer 0 in place: each class
  // after the first starts from a saved copy
  const sample = sampled && k > 1 ? new Uint32Array(n) : null;
  const rounds = Math.min(p.numRounds, control?.total ?? p.numRounds);
  // the training metric reads the raw scores after every round, the last one included
  const trainingMetric = control?.trainingMetric === true;
  for (let round = 0; round < rounds; round++) {
    if (sampled) sampleRows(rng, p.subsample, runner.starts, buffers[0], inSample, rootCount);
    sample?.set(buffers[0]);
    sampleColumns(rng, p.colsampleByTree, nf, allowed);
    objective.beginRound(raw, n, k);
    for (let c = 0; c < k; c++) {
      if (c > 0) control?.checkSignal();
      if (c > 0 && sample !== null) buffers[0].set(sample);
      if (k > 1) for (let i = 0; i < n; i++) classRaw[i] = raw[i * k + c] as number;
      if (!rootReady) {
        if (!runnerGradients) objective.gradients(k === 1 ? raw : classRaw, y, w, n, k, c, gh);
        runRound(runner, mapper, null, c, runnerGradients, sampled ? ROOT_SAMPLE : ROOT_ALL, rootCount);
      }
      rootReady = false;
      const built = builder.grow(sampled ? 0 : IDENTITY, rootCount, allowed, p.learningRate);
      if (residual !== null) refitMedian(built, buffers, y, k === 1 ? raw : classRaw, w, residual, resWeight, p.learningRate);
      // the raw scores are not read after the last tree, unless for the training metric
      if (round + 1 < rounds || c + 1 < k || trainingMetric) {
        if (fused) {
          runRound(runner, mapper, built, c, true, ROOT_ALL, rootCount);
          rootReady = true;
        } else {
          runRound(runner, mapper, built, c, false, ROOT_NONE, rootCount);
          if (sampled) applyOutOfSample(built, mapper, binned, inSample, raw, k, c);
        }
      }
      trees.push(built.tree);
      if (vraw !== null && vx !== undefined) {
        for (let i = 0; i < vx.rows; i++) {
          for (let j = 0; j < nf; j++) vrow[j] = (vx.columns[j] as Float64Array)[i] as number;
          const o = i * k + c;
          vraw[o] = (vraw[o] as number) + (built.tree.value[leafOf(built.tree, vrow)] as number);
        }
      }
    }
    let validation: number | undefined;
    let stopEarly = false;
    if (vraw !== null && valid !== undefined) {
      const m = objective.evaluate(vraw, valid.y, valid.weight ?? null, k);
      validation = m;
      history.push(m);
      s.logger?.debug('gbdt round', { round: round + 1, [objective.metric]: m });
      if (m < best) {
        best = m;
        bestRound = round + 1;
      } else if (p.earlyStoppingRounds > 0 && round + 1 - bestRound >= p.earlyStoppingRounds) {
        stopEarly = true;
      }
    }
    if (control !== undefined) {
      const metrics = {
        metric: objective.metric,
        ...(trainingMetric ? { training: objective.evaluate(raw, y, w, k) } : {}),
        ...(validation === undefined ? {} : { validation }),
      };
      const go = control.step(trainingMetric || validation !== undefined ? metrics : {});
      if (stopEarly) control.stopEarly();
      if (!go) break;
    }
    if (stopEarly) break;
  }
  const kept = p.earlyStoppingRounds > 0 && bestRound > 0 ? bestRound : trees.length / k;
  return new GbdtModel(
    {
      objective: p.objective,
      numOutputs: k,
      baseScore: base,
      featureNames: [...x.names],
      categorical: [...x.categorical],
      rounds: kept,
      bestIteration: bestRound > 0 ? bestRound : kept,
      validHistory: Float64Array.from(history),
      huberDelta: p.huberDelta,
      poissonMaxDeltaStep: p.poissonMaxDeltaStep,
    },
    trees.slice(0, kept * k),
  );
}

/**
 * One round on the block runner (blocks.ts): adds `built`'s leaf values (when given) to output column c of the raw
 * scores by leaf range and deferred split, then, when asked, computes the gradients and the next root's block
 * histograms (`root`: ROOT_NONE, ROOT_ALL or ROOT_SAMPLE with `rootCount` rows per block). A tree with more than
 * MAX_ENTRIES leaves and deferred splits is applied in several batches (each row belongs to one entry).
 */
function runRound(
  runner: BlockRunner,
  mapper: BinMapper,
  built: BuiltTree | null,
  c: number,
  gradients: boolean,
  root: number,
  rootCount: Int32Array,
): void {
  const C = runner.control;
  const B = runner.blocks;
  C[C_COLUMN] = c;
  C.set(rootCount, C_STARTS + B + 1);
  const leaves = built === null ? 0 : built.leafIds.length;
  const total = built === null ? 0 : leaves + built.deferredNode.length;
  let first = 0;
  for (;;) {
    const count = Math.min(MAX_ENTRIES, total - first);
    for (let j = 0; j < count; j++) setEntry(runner, mapper, built as BuiltTree, first + j, j);
    first += count;
    const final = first >= total;
    C[C_ENTRIES] = count;
    C[C_GRADIENTS] = final && gradients ? 1 : 0;
    C[C_ROOT] = final ? root : ROOT_NONE;
    runner.round();
    if (final) return;
  }
}

/** Writes entry e of a built tree (its leaves, then its deferred splits) into round slot j. */
function setEntry(runner: BlockRunner, mapper: BinMapper, built: BuiltTree, e: number, j: number): void {
  const t = built.tree;
  const B = runner.blocks;
  const E = runner.entries;
  const o = j * ENTRY_FIELDS;
  const leaves = built.leafIds.length;
  const [begin, end, buf, at] =
    e < leaves
      ? [built.leafBegin, built.leafEnd, built.leafBuf, e]
      : [built.deferredBegin, built.deferredEnd, built.deferredBuf, e - leaves];
  E[o + E_BUF] = buf[at] as number;
  for (let b = 0; b < B; b++) {
    runner.entryRanges[(j * B + b) * 2] = begin[at * B + b] as number;
    runner.entryRanges[(j * B + b) * 2 + 1] = end[at * B + b] as number;
  }
  if (e < leaves) {
    E[o + E_TYPE] = 0;
    const v = t.value[built.leafIds[at] as number] as number;
    runner.entryValues[2 * j] = v;
    runner.entryValues[2 * j + 1] = v;
    return;
  }
  const i = built.deferredNode[at] as number;
  const f = t.feature[i] as number;
  const nv = mapper.nValue[f] as number;
  const fo = j * runner.maxBins;
  E[o + E_TYPE] = 1;
  E[o + E_FEATURE] = f;
  E[o + E_FLAGS] = fo;
  // per-bin left flags (numeric: bin ≤ the split's bin; categorical: the bitset), the missing bin by defaultLeft
  const cs = t.catStart[i] as number;
  if (cs < 0) numericGoLeft(built.nodeBin[i] as number, nv, t.defaultLeft[i] as number, runner.entryFlags, fo);
  else {
    for (let b = 0; b < nv; b++) runner.entryFlags[fo + b] = ((t.catBits[cs + (b >>> 5)] as number) >>> (b & 31)) & 1;
    runner.entryFlags[fo + nv] = t.defaultLeft[i] as number;
  }
  runner.entryValues[2 * j] = t.value[t.left[i] as number] as number;
  runner.entryValues[2 * j + 1] = t.value[t.right[i] as number] as number;
}

function checkDataset(d: GbdtDataset, what: string): void {
  validateMatrix(d.x);
  if (d.y.length !== d.x.rows)
    throw TrainingDataError({ field: 'label', problem: `${what} set has ${d.y.length} labels for ${d.x.rows} rows` });
  const w = d.weight;
  if (w === undefined) return;
  if (w.length !== d.x.rows)
    throw TrainingDataError({ field: 'weight', problem: `${what} set has ${w.length} weights for ${d.x.rows} rows` });
  for (let i = 0; i < w.length; i++) {
    const v = w[i] as number;
    if (!(v >= 0) || !Number.isFinite(v))
      throw TrainingDataError({ field: 'weight', problem: `row ${i}: ${v} is not a finite non-negative weight` });
  }
}
