import { BundleInvalidError } from '../../core/index.js';
import type { GbdtObjectiveId } from '../gbdt/params.js';
import type { GbdtTree } from '../gbdt/tree.js';
import type { Task } from '../learner.js';
import { lessEqualThreshold, nextUp } from './float-steps.js';
import { IMPORT_LIMITS, overLimit } from './import-limits.js';
import { buildGbdtModel, TreeEnsembleModel } from '../gbdt/tree-ensemble-model.js';
import { TreeWriter } from './tree-writer.js';

/** Options of {@link importLightgbmText}. */
export interface LightgbmImportOptions {
  /** Names the input in error messages (a file name). */
  readonly location?: string;
  /** Class labels for classifiers (default `"0", "1", …`). */
  readonly classes?: readonly string[];
}

/** LightGBM objectives we import: native objective (its link function) and task. */
const OBJECTIVES: Readonly<Record<string, readonly [GbdtObjectiveId, Task]>> = {
  regression: ['squared-error', 'regression'],
  regression_l1: ['absolute-error', 'regression'],
  huber: ['huber', 'regression'],
  fair: ['squared-error', 'regression'],
  quantile: ['squared-error', 'regression'],
  mape: ['squared-error', 'regression'],
  poisson: ['poisson', 'regression'],
  gamma: ['poisson', 'regression'],
  tweedie: ['poisson', 'regression'],
  binary: ['binary-logloss', 'binary'],
  cross_entropy: ['binary-logloss', 'regression'],
  multiclass: ['multiclass-softmax', 'multiclass'],
};

/** Sections LightGBM writes after the trees (`Boosting::SaveModelToString`); the first one ends the tree section. */
const TRAILING_SECTIONS = ['feature importances:', 'parameters:', 'pandas_categorical:'] as const;

/** LightGBM's `kZeroThreshold` (a float literal 1e-35f widened to double): |x| ≤ this counts as zero. */
const ZERO = Math.fround(1e-35);
const CATEGORICAL = 1;
const DEFAULT_LEFT = 2;
const MISSING_NONE = 0;
const MISSING_ZERO = 1;
const MISSING_NAN = 2;

/** One `Tree=N` block, parsed. */
interface LgbTree {
  readonly at: string;
  readonly numLeaves: number;
  readonly feature: number[];
  readonly threshold: number[];
  readonly decision: number[];
  readonly left: number[];
  readonly right: number[];
  readonly leafValue: number[];
  readonly gain: number[] | null;
  readonly internalCount: number[] | null;
  readonly leafCount: number[] | null;
  readonly catBoundaries: number[];
  readonly catThreshold: number[];
}

/**
 * Imports a LightGBM model saved as text (`booster.save_model('m.txt')`, format `version=v3`/`v4`) into native
 * trees. LightGBM goes left when `x <= threshold` (doubles); each threshold is stored as the next float64 up so
 * the native `x < threshold` routes identically. Missing values follow each node's `decision_type`: missing type
 * NaN sends NaN the default way; None treats NaN as 0; Zero sends NaN and |x| ≤ 1e-35 the default way — when that
 * differs from where the threshold sends zero, the node becomes a small band subtree (one extra node for the
 * zero band, subtrees duplicated) so routing stays exact. Categorical splits keep LightGBM's bitsets (listed
 * categories go left, NaN and negative codes right). Leaf values already include shrinkage; `binary sigmoid:σ`
 * with σ ≠ 1 scales leaves by σ, `average_output` (random-forest mode) divides by the number of iterations.
 * @throws MLP_ML_BUNDLE_INVALID for malformed text (naming the tree and field), unsupported objectives
 *   (ranking, one-vs-all, `regression sqrt`) and linear trees.
 */
export function importLightgbmText(text: string, options: LightgbmImportOptions = {}): TreeEnsembleModel {
  const location = options.location ?? 'lightgbm model';
  const bad = (field: string, problem: string): never => {
    throw BundleInvalidError({ location: `${location}: ${field}`, problem });
  };
  const lines = text.split(/\r?\n/);
  if ((lines[0] ?? '').trim() !== 'tree')
    bad('line 1', `expected "tree", found ${JSON.stringify((lines[0] ?? '').slice(0, 40))}; is this a LightGBM text model?`);
  const header = new Map<string, string>();
  const blocks: Array<{ line: number; kv: Map<string, string> }> = [];
  let current: Map<string, string> = header;
  let ended = false;
  for (let i = 1; i < lines.length && !ended; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    // LightGBM before 2.2 wrote no "end of trees": the tree section then ends where the trailing sections start
    if (line === 'end of trees' || TRAILING_SECTIONS.some((s) => line.startsWith(s))) ended = true;
    else if (line.startsWith('Tree=')) {
      current = new Map();
      blocks.push({ line: i + 1, kv: current });
    } else {
      const eq = line.indexOf('=');
      if (eq < 0) current.set(line, '');
      else current.set(line.slice(0, eq), line.slice(eq + 1));
    }
  }
  if (!ended) bad('end of trees', 'neither the "end of trees" line nor a trailing section follows the trees; the file is truncated');

  const objText = (header.get('objective') ?? '').trim();
  const objWords = objText.split(/\s+/);
  const objName = objWords[0] ?? '';
  const mapping = OBJECTIVES[objName];
  if (mapping === undefined)
    bad('objective', `${JSON.stringify(objText)} is not supported; importable objectives: ${Object.keys(OBJECTIVES).join(', ')}`);
  if (objWords.includes('sqrt')) bad('objective', '"sqrt" (square-root transformed labels) is not supported');
  const [objective, task] = mapping as readonly [GbdtObjectiveId, Task];
  let sigmoid = 1;
  for (const w of objWords.slice(1)) if (w.startsWith('sigmoid:')) sigmoid = Number(w.slice(8));
  if (!(sigmoid > 0 && Number.isFinite(sigmoid))) bad('objective', `sigmoid ${sigmoid} must be a positive number`);
  const numClass = headerInt(header, 'num_class', bad, 1, IMPORT_LIMITS.classes, 'classes');
  const perIter = headerInt(header, 'num_tree_per_iteration', bad, 1, IMPORT_LIMITS.classes, 'trees per iteration');
  const numFeature = headerInt(header, 'max_feature_idx', bad, 0, IMPORT_LIMITS.features - 1, 'as the last feature index') + 1;
  const k = task === 'multiclass' ? numClass : 1;
  if (perIter !== k) bad('num_tree_per_iteration', `is ${perIter}, expected ${k} for objective ${objName}`);
  if (task === 'multiclass' && k < 2) bad('num_class', `a multiclass model needs num_class ≥ 2, found ${numClass}`);
  const names = (header.get('feature_names') ?? '')
    .trim()
    .split(/\s+/)
    .filter((s) => s !== '');
  const featureNames = names.length === numFeature ? names : Array.from({ length: numFeature }, (_, j) => `Column_${j}`);
  const infos = (header.get('feature_infos') ?? '').trim().split(/\s+/);
  const categorical = Array.from({ length: numFeature }, (_, j) => {
    const info = infos[j] ?? '';
    return info !== 'none' && !info.startsWith('[') && info !== '';
  });
  if (blocks.length === 0) bad('Tree=0', 'the model has no trees');
  if (blocks.length > IMPORT_LIMITS.trees) bad('trees', overLimit(blocks.length, IMPORT_LIMITS.trees, 'trees'));
  if (blocks.length % k !== 0) bad('trees', `${blocks.length} trees is not a multiple of ${k} trees per iteration`);
  const scale = sigmoid * (header.has('average_output') ? k / blocks.length : 1);

  const trees: GbdtTree[] = [];
  const treeOutput = new Int32Array(blocks.length);
  blocks.forEach((b, t) => {
    const parsed = parseTree(b.kv, `${location}: Tree=${t} (line ${b.line})`, numFeature);
    trees.push(emitTree(parsed, scale, categorical));
    treeOutput[t] = t % k;
  });
  const gbdt = buildGbdtModel(
    { objective, numOutputs: k, baseScore: new Float64Array(k), featureNames, categorical, trees, treeOutput },
    location,
  );
  const classes = task === 'regression' ? undefined : (options.classes ?? Array.from({ length: Math.max(k, 2) }, (_, c) => String(c)));
  if (classes !== undefined && classes.length !== Math.max(k, 2))
    bad('classes', `${classes.length} labels given for ${Math.max(k, 2)} classes`);
  const version = header.get('version');
  return new TreeEnsembleModel(
    gbdt,
    task,
    { flavor: 'lightgbm-text', objective: objText, ...(version === undefined ? {} : { version }) },
    classes,
  );
}

/** An integer header field in `min..max`; `what` names the unit of the limit. */
function headerInt(
  h: Map<string, string>,
  key: string,
  bad: (f: string, p: string) => never,
  min: number,
  max: number,
  what: string,
): number {
  const v = h.get(key);
  const n = v === undefined || v.trim() === '' ? NaN : Number(v);
  if (!Number.isInteger(n) || n < min) return bad(key, `${JSON.stringify(v)} is not an integer ≥ ${min}`);
  if (n > max) return bad(key, overLimit(n, max, what));
  return n;
}

function parseNumber(s: string): number {
  const t = s.toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (t === 'nan' || t === '-nan') return NaN;
  return s === '' ? NaN : Number(s);
}

function parseTree(kv: Map<string, string>, at: string, numFeature: number): LgbTree {
  const fail = (field: string, problem: string): never => {
    throw BundleInvalidError({ location: `${at} field ${field}`, problem });
  };
  const nl = Number(kv.get('num_leaves'));
  if (!Number.isInteger(nl) || nl < 1) fail('num_leaves', `${JSON.stringify(kv.get('num_leaves'))} is not an integer ≥ 1`);
  if (2 * nl - 1 > IMPORT_LIMITS.nodesPerTree) fail('num_leaves', overLimit(nl, (IMPORT_LIMITS.nodesPerTree + 1) / 2, 'leaves per tree'));
  if ((kv.get('is_linear') ?? '0') !== '0') fail('is_linear', 'linear trees (linear_tree=true) are not supported');
  const arr = (key: string, n: number, required: boolean, ints: boolean): number[] | null => {
    const v = kv.get(key);
    if (v === undefined || v.trim() === '') {
      if (n === 0) return [];
      return required ? fail(key, 'is missing or empty') : null;
    }
    const parts = v.trim().split(/\s+/).map(parseNumber);
    if (n >= 0 && parts.length !== n) fail(key, `has ${parts.length} values, expected ${n}`);
    parts.forEach((x, i) => {
      if (ints ? !Number.isInteger(x) : x !== x && key !== 'threshold')
        fail(`${key}[${i}]`, `${x} is not ${ints ? 'an integer' : 'a number'}`);
    });
    return parts;
  };
  const ni = nl - 1;
  const numCat = Number(kv.get('num_cat') ?? '0');
  if (!Number.isInteger(numCat) || numCat < 0 || numCat > ni)
    fail('num_cat', `${JSON.stringify(kv.get('num_cat'))} is not an integer in 0..${ni} (one category set per split at most)`);
  const catBoundaries = numCat > 0 ? (arr('cat_boundaries', numCat + 1, true, true) as number[]) : [0];
  const catThreshold = numCat > 0 ? (arr('cat_threshold', -1, true, true) as number[]) : [];
  const tree: LgbTree = {
    at,
    numLeaves: nl,
    feature: arr('split_feature', ni, true, true) as number[],
    threshold: arr('threshold', ni, true, false) as number[],
    decision: ni === 0 ? [] : (arr('decision_type', ni, false, true) ?? new Array<number>(ni).fill(0)),
    left: arr('left_child', ni, true, true) as number[],
    right: arr('right_child', ni, true, true) as number[],
    leafValue: arr('leaf_value', nl, true, false) as number[],
    gain: arr('split_gain', ni, false, false),
    internalCount: arr('internal_count', ni, false, false),
    leafCount: arr('leaf_count', nl, false, false),
    catBoundaries,
    catThreshold,
  };
  if (catBoundaries[0] !== 0) fail('cat_boundaries[0]', `${catBoundaries[0]} is not 0 (the first category set starts at word 0)`);
  for (let q = 1; q < catBoundaries.length; q++) {
    if ((catBoundaries[q] as number) < (catBoundaries[q - 1] as number) || (catBoundaries[q] as number) > catThreshold.length)
      fail(`cat_boundaries[${q}]`, 'boundaries must rise and stay inside cat_threshold');
  }
  // every internal node but the root and every leaf has exactly one parent: the root's component is a tree
  const refs = new Int32Array(ni + nl);
  for (let i = 0; i < ni; i++) {
    const f = tree.feature[i] as number;
    if (f < 0 || f >= numFeature) fail(`split_feature[${i}]`, `feature ${f} is outside 0..${numFeature - 1}`);
    for (const [side, c] of [
      ['left_child', tree.left[i] as number],
      ['right_child', tree.right[i] as number],
    ] as const) {
      const slot = c >= 0 ? c : ni + ~c;
      if (c >= ni || ~c >= nl || c === 0) fail(`${side}[${i}]`, `child ${c} is not a node 1..${ni - 1} or a leaf ~0..~${nl - 1}`);
      refs[slot] = (refs[slot] as number) + 1;
    }
  }
  for (let s = 1; s < ni + nl; s++) {
    if (ni > 0 && refs[s] !== 1) fail(s < ni ? `node ${s}` : `leaf ${s - ni}`, `has ${refs[s]} parents; every node needs exactly one`);
  }
  return tree;
}

/** Writes one LightGBM tree in native form (see {@link importLightgbmText} for the routing rules). */
function emitTree(t: LgbTree, scale: number, categorical: boolean[]): GbdtTree {
  const w = new TreeWriter(t.at);
  const leafCover = (l: number): number => (t.leafCount === null ? 0 : (t.leafCount[l] as number));
  if (t.numLeaves === 1) {
    w.leaf((t.leafValue[0] as number) * scale, leafCover(0));
    return w.finish();
  }
  // Work items, written in pre-order: kind 0 = a source child code (node ≥ 0, leaf ~l < 0); kind 1 = an added
  // numeric `x < thr` node between two source children; kind 2 = the zero-band node of a Zero-missing split.
  type Item = { kind: 0; code: number } | { kind: 1; feature: number; thr: number; l: number; r: number } | { kind: 2; node: number };
  const stack: Array<[Item, number, 0 | 1]> = [[{ kind: 0, code: 0 }, -1, 0]];
  while (stack.length > 0) {
    const [item, parent, side] = stack.pop() as [Item, number, 0 | 1];
    let id: number;
    if (item.kind === 1) {
      id = w.numeric(item.feature, item.thr, false);
      stack.push([{ kind: 0, code: item.r }, id, 1], [{ kind: 0, code: item.l }, id, 0]);
    } else if (item.kind === 2) {
      // second node of a zero band: x < next(+zero) → default child; above the band → normal comparison
      const i = item.node;
      const f = t.feature[i] as number;
      const thr = t.threshold[i] as number;
      const dflt = ((t.decision[i] as number) & DEFAULT_LEFT) !== 0 ? (t.left[i] as number) : (t.right[i] as number);
      id = w.numeric(f, nextUp(ZERO), true);
      const above: Item =
        thr <= ZERO
          ? { kind: 0, code: t.right[i] as number }
          : { kind: 1, feature: f, thr: lessEqualThreshold(thr), l: t.left[i] as number, r: t.right[i] as number };
      stack.push([above, id, 1], [{ kind: 0, code: dflt }, id, 0]);
    } else if (item.code < 0) {
      const l = ~item.code;
      id = w.leaf((t.leafValue[l] as number) * scale, leafCover(l));
    } else {
      const i = item.code;
      const f = t.feature[i] as number;
      const dt = t.decision[i] as number;
      const thr = t.threshold[i] as number;
      const gain = t.gain === null ? 0 : (t.gain[i] as number);
      const cover = t.internalCount === null ? 0 : (t.internalCount[i] as number);
      const defaultLeft = (dt & DEFAULT_LEFT) !== 0;
      const missing = (dt >> 2) & 3;
      const L = t.left[i] as number;
      const R = t.right[i] as number;
      if ((dt & CATEGORICAL) !== 0) {
        const ci = thr;
        if (!Number.isInteger(ci) || ci < 0 || ci + 1 >= t.catBoundaries.length) {
          throw BundleInvalidError({
            location: `${t.at} field threshold[${i}]`,
            problem: `category set ${ci} does not exist (${t.catBoundaries.length - 1} sets)`,
          });
        }
        const set: number[] = [];
        for (let q = t.catBoundaries[ci] as number; q < (t.catBoundaries[ci + 1] as number); q++) {
          const word = t.catThreshold[q] as number;
          for (let b = 0; b < 32; b++) if (((word >>> b) & 1) === 1) set.push((q - (t.catBoundaries[ci] as number)) * 32 + b);
        }
        categorical[f] = true;
        id = w.categorical(f, set, false, gain, cover);
        stack.push([{ kind: 0, code: R }, id, 1], [{ kind: 0, code: L }, id, 0]);
      } else if (thr !== thr) {
        throw BundleInvalidError({ location: `${t.at} field threshold[${i}]`, problem: 'a numeric split has no threshold (NaN)' });
      } else if (missing === MISSING_NAN || missing === MISSING_NONE || (missing === MISSING_ZERO && zeroBandAgrees(thr, defaultLeft))) {
        // None: NaN is treated as 0, which goes where `0 <= thr` sends it
        const nanLeft = missing === MISSING_NONE ? 0 <= thr : defaultLeft;
        id = w.numeric(f, lessEqualThreshold(thr), nanLeft, gain, cover);
        stack.push([{ kind: 0, code: R }, id, 1], [{ kind: 0, code: L }, id, 0]);
      } else if (missing === MISSING_ZERO) {
        // below the band → normal comparison; the band and NaN (right of `x < -zero`) → kind 2
        id = w.numeric(f, -ZERO, false, gain, cover);
        const below: Item =
          lessEqualThreshold(thr) >= -ZERO ? { kind: 0, code: L } : { kind: 1, feature: f, thr: lessEqualThreshold(thr), l: L, r: R };
        stack.push([{ kind: 2, node: i }, id, 1], [below, id, 0]);
      } else {
        throw BundleInvalidError({
          location: `${t.at} field decision_type[${i}]`,
          problem: `missing type ${missing} is not 0 (None), 1 (Zero) or 2 (NaN)`,
        });
      }
    }
    if (parent >= 0) w.link(parent, side, id);
  }
  return w.finish();
}

/** Whether a Zero-missing node's default direction is where its threshold already sends the whole zero band. */
function zeroBandAgrees(thr: number, defaultLeft: boolean): boolean {
  return defaultLeft ? ZERO <= thr : -ZERO > thr;
}
