import { BundleInvalidError, InvalidParamError } from '../../core/index.js';
import type { JsonObject } from '../../core/index.js';
import { GbdtModel } from './model.js';
import type { GbdtModelInfo } from './model.js';
import type { GbdtObjectiveId } from './params.js';
import { GBDT_FORMAT_VERSION, gbdtFromParts, gbdtToParts } from './serialize.js';
import type { GbdtTree } from './tree.js';
import { argmaxRows } from '../argmax.js';
import { isTrainingOutcome } from '../fit-control.js';
import { importanceKindOf, TREE_IMPORTANCE_KINDS } from '../importance.js';
import type { ImportanceKind } from '../importance.js';
import type { ModelState, PredictOptions, StateArray, Task, TrainedModel, TrainingOutcome } from '../learner.js';
import type { FeatureMatrix } from '../matrix.js';
import { treeViewOf } from '../tree-view.js';
import type { TreeEnsembleView } from '../tree-view.js';

/** Where a tree model came from (kept in its state for lineage). */
export interface TreeModelSource {
  /** `native`: trained here by `gbdt`; otherwise the file format it was imported from. */
  readonly flavor: 'xgboost-json' | 'lightgbm-text' | 'native';
  /** The objective as the source names it (e.g. `binary:logistic`, `multiclass num_class:3`, `squared-error`). */
  readonly objective: string;
  /** The version the file records: XGBoost's library version, LightGBM's text format version (`v4`). */
  readonly version?: string;
}

/** The `learner` of a tree model from each source: imported models name the library that trained them. */
export const TREE_MODEL_LEARNERS = { native: 'gbdt', 'xgboost-json': 'xgboost', 'lightgbm-text': 'lightgbm' } as const;

/** Learner id of a tree model: `gbdt`, `xgboost` or `lightgbm`. */
export type TreeModelLearner = (typeof TREE_MODEL_LEARNERS)[keyof typeof TREE_MODEL_LEARNERS];

const LINKS: Readonly<Record<GbdtObjectiveId, TreeEnsembleView['link']>> = {
  'squared-error': 'identity',
  'absolute-error': 'identity',
  huber: 'identity',
  poisson: 'exp',
  'binary-logloss': 'sigmoid',
  'multiclass-softmax': 'softmax',
};

/**
 * A gradient-boosted tree ensemble as a {@link TrainedModel}: the native {@link GbdtModel} (flat trees, compiled
 * forest, so the fast predictor and TreeSHAP serve it) plus the task, class labels and source. Imported XGBoost
 * and LightGBM models become one of these, with `learner` `xgboost` / `lightgbm` and the file's details in `source`.
 */
export class TreeEnsembleModel implements TrainedModel {
  readonly learner: TreeModelLearner;
  readonly task: Task;
  readonly featureNames: readonly string[];
  readonly classes?: readonly string[];
  readonly gbdt: GbdtModel;
  readonly source: TreeModelSource;
  readonly training?: TrainingOutcome;
  readonly importanceKinds = TREE_IMPORTANCE_KINDS;

  constructor(gbdt: GbdtModel, task: Task, source: TreeModelSource, classes?: readonly string[], training?: TrainingOutcome) {
    this.gbdt = gbdt;
    this.task = task;
    this.source = source;
    this.learner = TREE_MODEL_LEARNERS[source.flavor];
    this.featureNames = gbdt.info.featureNames;
    if (classes !== undefined) this.classes = classes;
    if (training !== undefined) this.training = training;
  }

  /** Raw scores (margins) `rows × outputs`, before the link function. */
  predictRaw(X: FeatureMatrix): Float64Array {
    return this.gbdt.predictRaw(X);
  }

  /** Regression: the prediction; classification: the most probable class code. */
  predict(X: FeatureMatrix, options: PredictOptions = {}): Float64Array {
    if (this.task === 'regression') return this.gbdt.predict(X, options.threads);
    return argmaxRows(this.predictProba(X, options), X.rows, (this.classes as readonly string[]).length);
  }

  /**
   * Class probabilities `rows × classes` (binary: `[1 − p, p]`).
   * @throws MLP_ML_INVALID_PARAM for regression models, which give no probabilities.
   */
  predictProba(X: FeatureMatrix, options: PredictOptions = {}): Float64Array {
    if (this.task === 'regression') {
      throw InvalidParamError({
        learner: this.learner,
        param: 'predictProba',
        problem: 'a regression model gives no probabilities; call predict',
      });
    }
    const p = this.gbdt.predict(X, options.threads);
    if (this.task !== 'binary') return p;
    const out = new Float64Array(X.rows * 2);
    for (let i = 0; i < X.rows; i++) {
      out[2 * i + 1] = p[i] as number;
      out[2 * i] = 1 - (p[i] as number);
    }
    return out;
  }

  /** One of {@link TREE_IMPORTANCE_KINDS} (default `gain`). @throws MLP_ML_INVALID_PARAM for other kinds. */
  featureImportance(kind?: ImportanceKind): Float64Array {
    return this.gbdt.featureImportance(importanceKindOf(this.learner, TREE_IMPORTANCE_KINDS, kind));
  }

  /** The trees (scalar leaves, tree t feeding output `t mod outputs`), summed onto the base score, then the objective's link. */
  treeView(): TreeEnsembleView {
    const { trees, info } = this.gbdt;
    const k = info.numOutputs;
    return {
      featureNames: this.featureNames,
      trees: trees.map((t) => treeViewOf(t, t.value)),
      width: 1,
      treeOutput: Int32Array.from(trees, (_, t) => t % k),
      numOutputs: k,
      baseScore: info.baseScore,
      aggregation: 'sum',
      link: LINKS[info.objective],
    };
  }

  /** The native `gbdt` state (the gbdt byte layout's manifest as meta, its arrays) plus task, classes, source and training. */
  toState(): ModelState {
    const { manifest, arrays } = gbdtToParts(this.gbdt);
    const meta: JsonObject = {
      ...manifest,
      task: this.task,
      source: { ...this.source },
      ...(this.classes === undefined ? {} : { classes: [...this.classes] }),
      ...(this.training === undefined ? {} : { training: { ...this.training } }),
    };
    return { learner: this.learner, formatVersion: GBDT_FORMAT_VERSION, meta, arrays: arrays as Record<string, StateArray> };
  }
}

/**
 * Rebuilds a {@link TreeEnsembleModel} from {@link TreeEnsembleModel.toState} output, re-validating every tree.
 * States written before imported models had their own learner id (learner `gbdt` with an imported source) load
 * with the learner of their source.
 * @throws MLP_ML_BUNDLE_INVALID
 */
export function treeEnsembleFromState(state: ModelState, location = '(state)'): TreeEnsembleModel {
  const bad = (problem: string): never => {
    throw BundleInvalidError({ location, problem });
  };
  if (state.formatVersion !== GBDT_FORMAT_VERSION)
    bad(`format version ${state.formatVersion} is not supported (this build reads ${GBDT_FORMAT_VERSION}); upgrade mlpilot`);
  const meta = state.meta as Record<string, unknown>;
  const task = meta.task as Task;
  if (task !== 'regression' && task !== 'binary' && task !== 'multiclass') bad(`meta.task ${JSON.stringify(task)} is not a task`);
  const classes = meta.classes as string[] | undefined;
  if (task !== 'regression' && (!Array.isArray(classes) || classes.some((c) => typeof c !== 'string')))
    bad('meta.classes must list the class labels');
  const src = (meta.source ?? { flavor: 'native', objective: String(meta.objective) }) as TreeModelSource;
  if (typeof src !== 'object' || src === null || !Object.hasOwn(TREE_MODEL_LEARNERS, src.flavor) || typeof src.objective !== 'string') {
    bad(`meta.source must name a flavor (${Object.keys(TREE_MODEL_LEARNERS).join(', ')}) and an objective`);
  }
  const learner = TREE_MODEL_LEARNERS[src.flavor];
  if (state.learner !== learner && state.learner !== 'gbdt')
    bad(`learner is ${JSON.stringify(state.learner)}, expected ${JSON.stringify(learner)} for a ${src.flavor} model`);
  const training = isTrainingOutcome(meta.training) ? meta.training : undefined;
  if (meta.training !== undefined && training === undefined) bad('meta.training is not a training outcome');
  const parts = { manifest: state.meta, arrays: state.arrays as Record<string, Float64Array | Int32Array | Uint32Array | Uint8Array> };
  const gbdt = gbdtFromParts(parts, location);
  if (task !== 'regression') {
    const k = Math.max(gbdt.info.numOutputs, 2);
    if ((classes as string[]).length !== k)
      bad(
        `meta.classes lists ${(classes as string[]).length} class labels but the trees have ${k} classes (${gbdt.info.numOutputs} outputs)`,
      );
  }
  return new TreeEnsembleModel(gbdt, task, src, task === 'regression' ? undefined : classes, training);
}

/** What an importer has gathered: trees in source order with the output each feeds. */
export interface ImportedForest {
  readonly objective: GbdtObjectiveId;
  readonly numOutputs: number;
  readonly baseScore: Float64Array;
  readonly featureNames: readonly string[];
  readonly categorical: readonly boolean[];
  readonly trees: readonly GbdtTree[];
  /** Output (class) index of each tree. */
  readonly treeOutput: Int32Array;
}

/**
 * Arranges trees in the native layout (tree of round r for output c at `r * k + c`), padding outputs with fewer
 * trees with constant-zero trees, and builds the native model.
 */
export function buildGbdtModel(f: ImportedForest, location: string): GbdtModel {
  const k = f.numOutputs;
  const perOutput: GbdtTree[][] = Array.from({ length: k }, () => []);
  f.trees.forEach((t, i) => {
    const c = f.treeOutput[i] as number;
    const list = perOutput[c];
    if (list === undefined)
      throw BundleInvalidError({ location: `${location} tree ${i}`, problem: `it feeds output ${c}, but the model has ${k} outputs` });
    list.push(t);
  });
  const rounds = Math.max(1, ...perOutput.map((l) => l.length));
  const zero = constantZero();
  const trees: GbdtTree[] = [];
  for (let r = 0; r < rounds; r++) for (let c = 0; c < k; c++) trees.push((perOutput[c] as GbdtTree[])[r] ?? zero);
  const info: GbdtModelInfo = {
    objective: f.objective,
    numOutputs: k,
    baseScore: f.baseScore,
    featureNames: f.featureNames,
    categorical: f.categorical,
    rounds,
    bestIteration: rounds,
    validHistory: new Float64Array(0),
    huberDelta: 1,
    poissonMaxDeltaStep: 0.7,
  };
  return new GbdtModel(info, trees);
}

function constantZero(): GbdtTree {
  return {
    feature: Int32Array.of(-1),
    threshold: new Float64Array(1),
    left: Int32Array.of(-1),
    right: Int32Array.of(-1),
    defaultLeft: new Uint8Array(1),
    value: new Float64Array(1),
    gain: new Float64Array(1),
    cover: new Float64Array(1),
    catStart: Int32Array.of(-1),
    catLength: new Int32Array(1),
    catBits: new Uint32Array(0),
  };
}
