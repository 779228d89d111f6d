import { type JsonObject, TASKS } from '../../core/index.js';
import type { ModelState, Task, TrainingOutcome } from '../learner.js';
import { copyArray, StateReader } from '../learner-input.js';
import type { ForestTree } from './tree.js';

/** Layout version of the `rf` / `extra-trees` model state. */
export const FOREST_FORMAT_VERSION = 1;

/** Learner ids of the forest family. */
export type ForestLearnerId = 'rf' | 'extra-trees';

/** Everything a fitted forest is; plain data. */
export interface ForestModelData {
  readonly learner: ForestLearnerId;
  readonly task: Task;
  readonly featureNames: readonly string[];
  /** Classification: every class label (index = class code); leaf vectors have one entry per class. */
  readonly classes?: readonly string[];
  readonly trees: readonly ForestTree[];
  /** Leaf vector length: classes, or 1 for regression. */
  readonly outputs: number;
  /** Normalised impurity importance per feature. */
  readonly importance: Float64Array;
  /** Out-of-bag score when it was computed at training, else null. */
  readonly oobScore: number | null;
  /** Resolved training parameters, recorded in the state for lineage. */
  readonly params: Readonly<Record<string, string | number | boolean>>;
  /** How the fit ended (trees grown, and whether a budget cut it); absent in states saved before it was recorded. */
  readonly training?: TrainingOutcome;
}

const INT_ARRAYS = ['feature', 'left', 'right', 'catStart', 'catLength'] as const;
const FLOAT_ARRAYS = ['threshold', 'gain', 'cover'] as const;

/**
 * The state of a forest: the trees' node arrays concatenated (tree t owns `nodeCount[t]` nodes and
 * `catWords[t]` bitset words; child and `catStart` indices are local to the tree), `values` row-major
 * `nodes × outputs`, and the importance vector. The gbdt `value` field is derived from `values` on load.
 */
export function forestToState(d: ForestModelData): ModelState {
  const T = d.trees.length;
  let nodes = 0;
  let words = 0;
  for (const t of d.trees) {
    nodes += t.feature.length;
    words += t.catBits.length;
  }
  const nodeCount = new Int32Array(T);
  const catWords = new Int32Array(T);
  const ints = Object.fromEntries(INT_ARRAYS.map((k) => [k, new Int32Array(nodes)])) as Record<(typeof INT_ARRAYS)[number], Int32Array>;
  const floats = Object.fromEntries(FLOAT_ARRAYS.map((k) => [k, new Float64Array(nodes)])) as Record<
    (typeof FLOAT_ARRAYS)[number],
    Float64Array
  >;
  const defaultLeft = new Uint8Array(nodes);
  const values = new Float64Array(nodes * d.outputs);
  const catBits = new Uint32Array(words);
  let o = 0;
  let w = 0;
  d.trees.forEach((t, ti) => {
    const m = t.feature.length;
    nodeCount[ti] = m;
    catWords[ti] = t.catBits.length;
    for (const k of INT_ARRAYS) ints[k].set(t[k], o);
    for (const k of FLOAT_ARRAYS) floats[k].set(t[k], o);
    defaultLeft.set(t.defaultLeft, o);
    values.set(t.values, o * d.outputs);
    catBits.set(t.catBits, w);
    o += m;
    w += t.catBits.length;
  });
  const meta: JsonObject = {
    task: d.task,
    featureNames: [...d.featureNames],
    outputs: d.outputs,
    oobScore: d.oobScore === null || !Number.isFinite(d.oobScore) ? null : d.oobScore,
    params: { ...d.params },
  };
  if (d.classes !== undefined) meta.classes = [...d.classes];
  if (d.training !== undefined) meta.training = { ...d.training };
  return {
    learner: d.learner,
    formatVersion: FOREST_FORMAT_VERSION,
    meta,
    arrays: { nodeCount, catWords, ...ints, ...floats, defaultLeft, values, catBits, importance: copyArray(d.importance) },
  };
}

/** Rebuilds forest data from its state, checking every index so a damaged state cannot loop or read out of range.
 * @throws MLP_ML_BUNDLE_INVALID */
export function forestDataFromState(state: ModelState, learner: ForestLearnerId): ForestModelData {
  const r: StateReader = new StateReader(state, learner, FOREST_FORMAT_VERSION);
  const task = r.string<Task>('task', TASKS);
  const featureNames = r.strings('featureNames');
  const nf = featureNames.length;
  const classes = task === 'regression' ? undefined : r.strings('classes');
  const training = r.training();
  const outputs = r.number('outputs', true);
  if (outputs !== (classes === undefined ? 1 : classes.length))
    r.fail('meta.outputs', `${outputs} does not match the task's ${classes?.length ?? 1} outputs`);
  const oobRaw = state.meta.oobScore;
  if (oobRaw !== null && typeof oobRaw !== 'number') r.fail('meta.oobScore', 'expected a number or null');
  const paramsRaw = state.meta.params;
  if (typeof paramsRaw !== 'object' || paramsRaw === null || Array.isArray(paramsRaw)) r.fail('meta.params', 'expected an object');
  const params: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(paramsRaw)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      r.fail(`meta.params.${k}`, 'expected a string, number or boolean');
    params[k] = v;
  }
  const countArray = state.arrays.nodeCount;
  if (!(countArray instanceof Int32Array) || countArray.length < 1)
    r.fail('arrays.nodeCount', 'expected an Int32Array with one count per tree');
  const T = countArray.length;
  const nodeCount = r.array('nodeCount', Int32Array, T);
  const catWords = r.array('catWords', Int32Array, T);
  let nodes = 0;
  let words = 0;
  for (let t = 0; t < T; t++) {
    if ((nodeCount[t] as number) < 1 || (catWords[t] as number) < 0) r.fail('arrays.nodeCount', `tree ${t} has an invalid size`);
    nodes += nodeCount[t] as number;
    words += catWords[t] as number;
  }
  const feature = r.array('feature', Int32Array, nodes);
  const left = r.array('left', Int32Array, nodes);
  const right = r.array('right', Int32Array, nodes);
  const catStart = r.array('catStart', Int32Array, nodes);
  const catLength = r.array('catLength', Int32Array, nodes);
  const threshold = r.array('threshold', Float64Array, nodes);
  const gain = r.array('gain', Float64Array, nodes);
  const cover = r.array('cover', Float64Array, nodes);
  const defaultLeft = r.array('defaultLeft', Uint8Array, nodes);
  const values = r.array('values', Float64Array, nodes * outputs);
  const catBits = r.array('catBits', Uint32Array, words);
  const importance = r.array('importance', Float64Array, nf);
  const trees: ForestTree[] = [];
  let o = 0;
  let w = 0;
  for (let t = 0; t < T; t++) {
    const m = nodeCount[t] as number;
    const cw = catWords[t] as number;
    for (let i = 0; i < m; i++) {
      const f = feature[o + i] as number;
      if (f < -1 || f >= nf) r.fail('arrays.feature', `tree ${t} node ${i}: feature ${f} is outside -1..${nf - 1}`);
      if (f < 0) continue;
      const l = left[o + i] as number;
      const rr = right[o + i] as number;
      // pre-order: children come after their parent, so every walk ends
      if (!(l > i && l < m && rr > i && rr < m))
        r.fail('arrays.left', `tree ${t} node ${i}: children ${l}, ${rr} are not later nodes of the tree`);
      const cs = catStart[o + i] as number;
      if (cs >= 0 && cs + (catLength[o + i] as number) > cw)
        r.fail('arrays.catStart', `tree ${t} node ${i}: bitset runs past the tree's ${cw} words`);
    }
    const vals = values.slice(o * outputs, (o + m) * outputs);
    const value = new Float64Array(m);
    for (let i = 0; i < m; i++) value[i] = vals[i * outputs + outputs - 1] as number;
    trees.push({
      feature: feature.slice(o, o + m),
      threshold: threshold.slice(o, o + m),
      left: left.slice(o, o + m),
      right: right.slice(o, o + m),
      defaultLeft: defaultLeft.slice(o, o + m),
      value,
      gain: gain.slice(o, o + m),
      cover: cover.slice(o, o + m),
      catStart: catStart.slice(o, o + m),
      catLength: catLength.slice(o, o + m),
      catBits: catBits.slice(w, w + cw),
      values: vals,
    });
    o += m;
    w += cw;
  }
  return {
    learner,
    task,
    featureNames,
    ...(classes === undefined ? {} : { classes }),
    trees,
    outputs,
    importance,
    oobScore: typeof oobRaw === 'number' ? oobRaw : null,
    params,
    ...(training === undefined ? {} : { training }),
  };
}
