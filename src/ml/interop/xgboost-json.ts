import { BundleInvalidError } from '../../core/index.js';
import type { GbdtObjectiveId } from '../gbdt/params.js';
import type { GbdtTree } from '../gbdt/tree.js';
import type { Task } from '../learner.js';
import { float32LessThreshold } from './float-steps.js';
import { IMPORT_LIMITS, overLimit } from './import-limits.js';
import { parseLenientJson } from './lenient-json.js';
import { buildGbdtModel, TreeEnsembleModel } from '../gbdt/tree-ensemble-model.js';
import { TreeWriter } from './tree-writer.js';

/** Options of {@link importXgboostJson}. */
export interface XgboostImportOptions {
  /** Names the error messages use for the input (a file name). */
  readonly location?: string;
  /** Feature names when the model does not record them (default `f0, f1, …`). */
  readonly featureNames?: readonly string[];
  /** Class labels for classifiers (default `"0", "1", …`). */
  readonly classes?: readonly string[];
}

type Margin = 'identity' | 'logit' | 'log';

/** XGBoost objectives we import: native objective (for the link function), task, how base_score becomes a margin. */
const OBJECTIVES: Readonly<Record<string, readonly [GbdtObjectiveId, Task, Margin]>> = {
  'reg:squarederror': ['squared-error', 'regression', 'identity'],
  'reg:linear': ['squared-error', 'regression', 'identity'],
  'reg:squaredlogerror': ['squared-error', 'regression', 'identity'],
  'reg:pseudohubererror': ['huber', 'regression', 'identity'],
  'reg:absoluteerror': ['absolute-error', 'regression', 'identity'],
  'reg:logistic': ['binary-logloss', 'regression', 'logit'],
  'binary:logistic': ['binary-logloss', 'binary', 'logit'],
  'count:poisson': ['poisson', 'regression', 'log'],
  'reg:gamma': ['poisson', 'regression', 'log'],
  'reg:tweedie': ['poisson', 'regression', 'log'],
  'multi:softprob': ['multiclass-softmax', 'multiclass', 'identity'],
  'multi:softmax': ['multiclass-softmax', 'multiclass', 'identity'],
};

type Obj = Record<string, unknown>;

/**
 * Imports an XGBoost model saved as JSON (`booster.save_model('m.json')`, XGBoost ≥ 1.6 schema) into native
 * trees. Predictions equal XGBoost's: XGBoost rounds inputs to float32 before comparing with its float32 split
 * conditions, so each condition `t` is stored as the float64 threshold that sends exactly the float64 inputs
 * whose float32 rounding is below `t` to the left ({@link float32LessThreshold}); categorical splits (XGBoost
 * sends the listed categories right) become bitsets with the children swapped; trees are grouped per class from
 * `tree_info`; `base_score` becomes a margin through the objective's link (logit, log). Leaf sums are float64
 * here and float32 in XGBoost, the only difference left (a few float32 ulps of the margin).
 *
 * Accepts the JSON text, its UTF-8 bytes or the parsed object; nothing in it is executed.
 * @throws MLP_ML_BUNDLE_INVALID for malformed files (naming tree, node and field), unsupported boosters
 *   (gblinear) and objectives (ranking, survival, hinge, logitraw), multi-target models.
 */
export function importXgboostJson(input: string | Uint8Array | object, options: XgboostImportOptions = {}): TreeEnsembleModel {
  const location = options.location ?? 'xgboost model';
  const bad = (field: string, problem: string): never => {
    throw BundleInvalidError({ location: `${location}: ${field}`, problem });
  };
  const root = (
    typeof input === 'string'
      ? parseLenientJson(input, location)
      : input instanceof Uint8Array
        ? parseLenientJson(new TextDecoder().decode(input), location)
        : input
  ) as Obj;
  const learner = obj(root, 'learner', bad);
  const version = Array.isArray(root.version) ? root.version.join('.') : undefined;
  const objective = obj(learner, 'objective', bad, 'learner.');
  const objName = objective.name;
  if (typeof objName !== 'string') return bad('learner.objective.name', 'is missing');
  const mapping = OBJECTIVES[objName];
  if (mapping === undefined) {
    return bad(
      'learner.objective.name',
      `objective ${JSON.stringify(objName)} is not supported; importable objectives: ${Object.keys(OBJECTIVES).join(', ')}`,
    );
  }
  const [nativeObjective, task, marginKind] = mapping;
  const param = obj(learner, 'learner_model_param', bad, 'learner.');
  const numFeature = intParam(param.num_feature, 'learner.learner_model_param.num_feature', bad, 1, IMPORT_LIMITS.features, 'features');
  const numClass = intParam(param.num_class ?? '0', 'learner.learner_model_param.num_class', bad, 0, IMPORT_LIMITS.classes, 'classes');
  const numTarget = intParam(param.num_target ?? '1', 'learner.learner_model_param.num_target', bad, 1);
  if (numTarget > 1) bad('learner.learner_model_param.num_target', `multi-target models (${numTarget} targets) are not supported`);
  const k = task === 'multiclass' ? numClass : 1;
  if (task === 'multiclass' && k < 2)
    bad('learner.learner_model_param.num_class', `a ${objName} model needs num_class ≥ 2, found ${numClass}`);

  const booster = obj(learner, 'gradient_booster', bad, 'learner.');
  let model: Obj;
  let weightDrop: number[] | null = null;
  if (booster.name === 'gbtree') model = obj(booster, 'model', bad, 'learner.gradient_booster.');
  else if (booster.name === 'dart') {
    model = obj(obj(booster, 'gbtree', bad, 'learner.gradient_booster.'), 'model', bad, 'learner.gradient_booster.gbtree.');
    const w = booster.weight_drop;
    if (!Array.isArray(w)) return bad('learner.gradient_booster.weight_drop', 'a dart model needs its tree weights (weight_drop)');
    weightDrop = w.map((v, i) => finite(v, `learner.gradient_booster.weight_drop[${i}]`, bad));
  } else {
    return bad(
      'learner.gradient_booster.name',
      `booster ${JSON.stringify(booster.name)} is not supported (only tree boosters gbtree and dart import into trees)`,
    );
  }
  const trees = model.trees;
  const treeInfo: unknown = model.tree_info;
  if (!Array.isArray(trees)) return bad('gradient_booster.model.trees', 'is missing');
  if (trees.length > IMPORT_LIMITS.trees) bad('gradient_booster.model.trees', overLimit(trees.length, IMPORT_LIMITS.trees, 'trees'));
  if (!Array.isArray(treeInfo) || treeInfo.length !== trees.length)
    return bad('gradient_booster.model.tree_info', `needs one class index per tree (${trees.length})`);
  if (weightDrop !== null && weightDrop.length !== trees.length)
    bad('learner.gradient_booster.weight_drop', `has ${weightDrop.length} weights for ${trees.length} trees`);

  const featureTypes = Array.isArray(learner.feature_types) ? (learner.feature_types as unknown[]) : [];
  const categorical = Array.from({ length: numFeature }, (_, j) => featureTypes[j] === 'c');
  const recordedNames = Array.isArray(learner.feature_names) ? (learner.feature_names as unknown[]) : [];
  const featureNames =
    options.featureNames ??
    (recordedNames.length === numFeature && recordedNames.every((n) => typeof n === 'string')
      ? (recordedNames as string[])
      : Array.from({ length: numFeature }, (_, j) => `f${j}`));
  if (featureNames.length !== numFeature) bad('featureNames', `${featureNames.length} names given for ${numFeature} features`);

  const out: GbdtTree[] = [];
  const treeOutput = new Int32Array(trees.length);
  trees.forEach((t, ti) => {
    const cls = (treeInfo as unknown[])[ti];
    if (!Number.isInteger(cls) || (cls as number) < 0 || (cls as number) >= k)
      bad(`tree_info[${ti}]`, `class ${String(cls)} is not in 0..${k - 1}`);
    treeOutput[ti] = cls as number;
    out.push(readTree(t, `${location}: tree ${ti}`, numFeature, weightDrop === null ? 1 : (weightDrop[ti] as number), categorical));
  });

  const base = baseScoreValues(param.base_score, k, bad);
  const baseScore = new Float64Array(k);
  for (let c = 0; c < k; c++) baseScore[c] = toMargin(base[c] as number, marginKind, bad);
  const gbdt = buildGbdtModel(
    { objective: nativeObjective, numOutputs: k, baseScore, featureNames, categorical, trees: out, treeOutput },
    location,
  );
  const classes = task === 'regression' ? undefined : (options.classes ?? Array.from({ length: Math.max(k, 2) }, (_, c) => String(c)));
  if (classes !== undefined && classes.length !== Math.max(k, 2))
    bad('classes', `${classes.length} labels given for ${Math.max(k, 2)} classes`);
  return new TreeEnsembleModel(
    gbdt,
    task,
    { flavor: 'xgboost-json', objective: objName, ...(version === undefined ? {} : { version }) },
    classes,
  );
}

function obj(parent: Obj, key: string, bad: (f: string, p: string) => never, prefix = ''): Obj {
  const v = parent[key];
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    return bad(`${prefix}${key}`, 'is missing or not an object; is this an XGBoost JSON model?');
  return v as Obj;
}

/** An integer parameter (XGBoost writes them as strings) in `min..max`; `what` names the unit of the limit. */
function intParam(
  v: unknown,
  field: string,
  bad: (f: string, p: string) => never,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
  what = '',
): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min) return bad(field, `${JSON.stringify(v)} is not an integer ≥ ${min}`);
  if (n > max) return bad(field, overLimit(n, max, what));
  return n;
}

function finite(v: unknown, field: string, bad: (f: string, p: string) => never): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return bad(field, `${JSON.stringify(v)} is not a finite number`);
  return v;
}

/** base_score: "5E-1" (≤ 2.x) or "[5E-1,…]" (3.x vectors), one value for every output or one per output. */
function baseScoreValues(v: unknown, k: number, bad: (f: string, p: string) => never): number[] {
  const field = 'learner.learner_model_param.base_score';
  if (v === undefined) return Array.from({ length: k }, () => 0.5);
  const text = String(v).trim();
  let values: unknown[];
  if (text.startsWith('[')) {
    try {
      values = JSON.parse(text) as unknown[];
    } catch {
      return bad(field, `${JSON.stringify(text)} is not a number list`);
    }
  } else values = [Number(text)];
  if (!Array.isArray(values) || (values.length !== 1 && values.length !== k))
    return bad(field, `expected 1 or ${k} values, got ${JSON.stringify(text)}`);
  const nums = values.map((x) => finite(x, field, bad));
  return nums.length === k ? nums : Array.from({ length: k }, () => nums[0] as number);
}

/** base_score → margin as XGBoost computes it, in float32 (`-logf(1/b - 1)`, `logf(b)`). */
function toMargin(b: number, kind: Margin, bad: (f: string, p: string) => never): number {
  const field = 'learner.learner_model_param.base_score';
  const b32 = Math.fround(b);
  if (kind === 'identity') return b32;
  if (kind === 'log') {
    if (!(b32 > 0)) return bad(field, `${b} must be > 0 for a log-link objective`);
    return Math.fround(Math.log(b32));
  }
  if (!(b32 > 0 && b32 < 1)) return bad(field, `${b} must be in (0, 1) for a logistic objective`);
  return Math.fround(-Math.log(Math.fround(Math.fround(1 / b32) - 1)));
}

function numArray(t: Obj, key: string, n: number, where: string, required = true): number[] | null {
  const v = t[key];
  if (v === undefined && !required) return null;
  if (!Array.isArray(v) || v.length !== n)
    throw BundleInvalidError({ location: `${where} field ${key}`, problem: `expected an array of ${n} numbers` });
  return v.map((x, i) => {
    if (x === null) return NaN;
    if (typeof x === 'boolean') return x ? 1 : 0;
    if (typeof x !== 'number')
      throw BundleInvalidError({ location: `${where} field ${key}[${i}]`, problem: `${JSON.stringify(x)} is not a number` });
    return x;
  });
}

/** One XGBoost tree → native tree, walking from the root so unreachable nodes are dropped and cycles caught. */
function readTree(raw: unknown, where: string, numFeature: number, weight: number, categorical: boolean[]): GbdtTree {
  if (raw === null || typeof raw !== 'object') throw BundleInvalidError({ location: where, problem: 'is not an object' });
  const t = raw as Obj;
  const tp = (t.tree_param ?? {}) as Obj;
  if (tp.size_leaf_vector !== undefined && Number(tp.size_leaf_vector) > 1) {
    throw BundleInvalidError({
      location: `${where} field tree_param.size_leaf_vector`,
      problem: 'vector leaves (multi-target trees) are not supported',
    });
  }
  const lc = t.left_children;
  if (!Array.isArray(lc) || lc.length === 0)
    throw BundleInvalidError({ location: `${where} field left_children`, problem: 'is missing or empty' });
  const n = lc.length;
  if (n > IMPORT_LIMITS.nodesPerTree)
    throw BundleInvalidError({
      location: `${where} field left_children`,
      problem: overLimit(n, IMPORT_LIMITS.nodesPerTree, 'nodes per tree'),
    });
  if (tp.num_feature !== undefined && Number(tp.num_feature) !== numFeature) {
    throw BundleInvalidError({
      location: `${where} field tree_param.num_feature`,
      problem: `says ${JSON.stringify(tp.num_feature)} features but the model has ${numFeature} (learner_model_param.num_feature)`,
    });
  }
  if (tp.num_nodes !== undefined && Number(tp.num_nodes) !== n) {
    throw BundleInvalidError({
      location: `${where} field tree_param.num_nodes`,
      problem: `says ${String(tp.num_nodes)} nodes but left_children has ${n}`,
    });
  }
  const left = numArray(t, 'left_children', n, where) as number[];
  const right = numArray(t, 'right_children', n, where) as number[];
  const feat = numArray(t, 'split_indices', n, where) as number[];
  const cond = numArray(t, 'split_conditions', n, where) as number[];
  const dl = numArray(t, 'default_left', n, where) as number[];
  const gain = numArray(t, 'loss_changes', n, where, false);
  const hess = numArray(t, 'sum_hessian', n, where, false);
  const stype = numArray(t, 'split_type', n, where, false);
  const cats = categoriesByNode(t, where, n);

  const w = new TreeWriter(where);
  const seen = new Uint8Array(n);
  // explicit stack of [source node, parent in the output tree, side]; right pushed first so left is written first
  const stack: number[] = [0, -1, 0];
  while (stack.length > 0) {
    const side = stack.pop() as 0 | 1;
    const parent = stack.pop() as number;
    const i = stack.pop() as number;
    if (!Number.isInteger(i) || i < 0 || i >= n)
      throw BundleInvalidError({ location: `${where} node ${parent}`, problem: `child index ${i} is outside 0..${n - 1}` });
    if (seen[i] === 1)
      throw BundleInvalidError({
        location: `${where} node ${i}`,
        problem: 'is reached twice (a cycle or a shared child); the file is damaged',
      });
    seen[i] = 1;
    const at = `${where} node ${i}`;
    const l = left[i] as number;
    const r = right[i] as number;
    const cover = hess === null ? 0 : (hess[i] as number);
    let id: number;
    if (l === -1) {
      if (r !== -1) throw BundleInvalidError({ location: at, problem: `has no left child but right child ${r}` });
      const v = cond[i] as number;
      if (!Number.isFinite(v))
        throw BundleInvalidError({ location: `${at} field split_conditions`, problem: `leaf value ${v} is not finite` });
      id = w.leaf(weight === 1 ? Math.fround(v) : Math.fround(v) * weight, cover);
    } else {
      const f = feat[i] as number;
      if (!Number.isInteger(f) || f < 0 || f >= numFeature)
        throw BundleInvalidError({ location: `${at} field split_indices`, problem: `feature ${f} is outside 0..${numFeature - 1}` });
      const g = gain === null ? 0 : (gain[i] as number);
      const isCat = stype !== null && stype[i] === 1;
      if (isCat) {
        const set = cats.get(i);
        if (set === undefined)
          throw BundleInvalidError({ location: `${at} field categories_nodes`, problem: 'a categorical split has no category list' });
        categorical[f] = true;
        // XGBoost sends the listed categories right and everything else (other codes, unseen codes) left:
        // native bitsets send listed codes left, so the children swap and so does the default direction.
        id = w.categorical(f, set, dl[i] !== 1, g, cover);
        stack.push(l, id, 1, r, id, 0);
      } else {
        const c = cond[i] as number;
        if (c !== c)
          throw BundleInvalidError({ location: `${at} field split_conditions`, problem: 'a numeric split has no threshold (NaN)' });
        id = w.numeric(f, float32LessThreshold(Math.fround(c)), dl[i] === 1, g, cover);
        stack.push(r, id, 1, l, id, 0);
      }
    }
    if (parent >= 0) w.link(parent, side, id);
  }
  return w.finish();
}

function categoriesByNode(t: Obj, where: string, n: number): Map<number, number[]> {
  const map = new Map<number, number[]>();
  const nodes = t.categories_nodes;
  if (!Array.isArray(nodes) || nodes.length === 0) return map;
  const m = nodes.length;
  const segs = numArray(t, 'categories_segments', m, where) as number[];
  const sizes = numArray(t, 'categories_sizes', m, where) as number[];
  const all = t.categories;
  if (!Array.isArray(all)) throw BundleInvalidError({ location: `${where} field categories`, problem: 'is missing' });
  for (let q = 0; q < m; q++) {
    const node = nodes[q] as unknown;
    const s = segs[q] as number;
    const z = sizes[q] as number;
    if (!Number.isInteger(node) || (node as number) < 0 || (node as number) >= n) {
      throw BundleInvalidError({
        location: `${where} field categories_nodes[${q}]`,
        problem: `node ${String(node)} is outside 0..${n - 1}`,
      });
    }
    if (!Number.isInteger(s) || !Number.isInteger(z) || s < 0 || z < 0 || s + z > all.length) {
      throw BundleInvalidError({
        location: `${where} field categories_segments[${q}]`,
        problem: `segment ${s}+${z} runs outside the ${all.length} categories`,
      });
    }
    map.set(node as number, all.slice(s, s + z) as number[]);
  }
  return map;
}
