import { BundleInvalidError, InvalidParamError } from '../../core/index.js';
import type { JsonObject } from '../../core/index.js';
import { GbdtModel } from './model.js';
import type { GbdtModelInfo, ImportanceType } from './model.js';
import type { GbdtObjectiveId } from './params.js';
import { GBDT_FORMAT_VERSION, gbdtFromParts, gbdtToParts } from './serialize.js';
import type { GbdtTree } from './tree.js';
import { argmaxRows } from '../argmax.js';
import type { ModelState, PredictOptions, StateArray, Task, TrainedModel } from '../learner.js';
import type { FeatureMatrix } from '../matrix.js';

/** Where an imported tree model came from (kept in its state for lineage). */
export interface TreeModelSource {
  /** Flavor it was imported from. */
  readonly flavor: 'xgboost-json' | 'lightgbm-text' | 'native';
  /** The source library's objective string (e.g. `binary:logistic`, `multiclass num_class:3`). */
  readonly objective: string;
  /** The source library's version when the file records it. */
  readonly version?: string;
}

/**
 * A gradient-boosted tree ensemble as a {@link TrainedModel}: the native {@link GbdtModel} (flat trees, compiled
 * forest, so the fast predictor and TreeSHAP serve it) plus the task and class labels. Imported XGBoost and
 * LightGBM models become one of these.
 */
export class TreeEnsembleModel implements TrainedModel {
  readonly learner = 'gbdt';
  readonly task: Task;
  readonly featureNames: readonly string[];
  readonly classes?: readonly string[];
  readonly gbdt: GbdtModel;
  readonly source: TreeModelSource;

  constructor(gbdt: GbdtModel, task: Task, source: TreeModelSource, classes?: readonly string[]) {
    this.gbdt = gbdt;
    this.task = task;
    this.source = source;
    this.featureNames = gbdt.info.featureNames;
    if (classes !== undefined) this.classes = classes;
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
      throw InvalidParamError({ learner: 'gbdt', param: 'predictProba', problem: 'a regression model gives no probabilities; call predict' });
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

  featureImportance(kind: 'gain' | 'split' = 'gain'): Float64Array {
    return this.gbdt.featureImportance(kind as ImportanceType);
  }

  /** The native `gbdt` state (the gbdt byte layout's manifest as meta, its arrays) plus task, classes and source. */
  toState(): ModelState {
    const { manifest, arrays } = gbdtToParts(this.gbdt);
    const meta: JsonObject = {
      ...manifest,
      task: this.task,
      source: { ...this.source },
      ...(this.classes === undefined ? {} : { classes: [...this.classes] }),
    };
    return { learner: 'gbdt', formatVersion: GBDT_FORMAT_VERSION, meta, arrays: arrays as Record<string, StateArray> };
  }
}

/**
 * Rebuilds a {@link TreeEnsembleModel} from {@link TreeEnsembleModel.toState} output, re-validating every tree.
 * @throws MLP_ML_BUNDLE_INVALID
 */
export function treeEnsembleFromState(state: ModelState, location = '(state)'): TreeEnsembleModel {
  const bad = (problem: string): never => {
    throw BundleInvalidError({ location, problem });
  };
  if (state.learner !== 'gbdt') bad(`learner is ${JSON.stringify(state.learner)}, expected "gbdt"`);
  const meta = state.meta as Record<string, unknown>;
  const task = meta.task as Task;
  if (task !== 'regression' && task !== 'binary' && task !== 'multiclass') bad(`meta.task ${JSON.stringify(task)} is not a task`);
  const classes = meta.classes as string[] | undefined;
  if (task !== 'regression' && (!Array.isArray(classes) || classes.some((c) => typeof c !== 'string'))) bad('meta.classes must list the class labels');
  const src = (meta.source ?? { flavor: 'native', objective: String(meta.objective) }) as TreeModelSource;
  const parts = { manifest: state.meta, arrays: state.arrays as Record<string, Float64Array | Int32Array | Uint32Array | Uint8Array> };
  const gbdt = gbdtFromParts(parts, location);
  return new TreeEnsembleModel(gbdt, task, src, task === 'regression' ? undefined : classes);
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
    if (list === undefined) throw BundleInvalidError({ location: `${location} tree ${i}`, problem: `it feeds output ${c}, but the model has ${k} outputs` });
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
