import type { GbdtModel } from '../gbdt/model.js';
import type { GbdtTree } from '../gbdt/tree.js';
import type { Task } from '../learner.js';
import { exportUnsupported, ONNX_INPUT, onnxModelSpec } from './onnx-common.js';
import { encodeModel, OnnxType } from './onnx-proto.js';
import type { OnnxAttributeValue, OnnxNode, OnnxValueInfo } from './onnx-proto.js';

/** Most categories one categorical split may expand to (BRANCH_EQ nodes). */
const MAX_CHAIN = 4096;

/**
 * Writes a native tree ensemble as an ONNX model: `ai.onnx.ml` opset 3 `TreeEnsembleRegressor` (regression;
 * `post_transform` LOGISTIC for a logistic-link regression; an `Exp` node after it for the log link) or
 * `TreeEnsembleClassifier` (binary: scores `[−s, s]` with LOGISTIC, giving `[1 − p, p]`; multiclass: one score
 * per class with SOFTMAX). The input `input` is `double[N, features]`; thresholds, leaf weights go in the
 * double-precision `*_as_tensor` attributes so routing is the native one bit for bit (BRANCH_LT, NaN follows
 * `nodes_missing_value_tracks_true` = the native default-left flag) and sums are double; only the float32 output
 * tensor rounds (relative error ≤ 6e-8). The base score is folded into the first tree of each output (the
 * native predictor adds it first, so the sum is the same).
 *
 * Categorical (bitset) splits become chains of BRANCH_EQ nodes, one per category sent left, all pointing at the same
 * left child: the node table is then a DAG rather than a strict tree, which onnxruntime evaluates correctly
 * (tested) but stricter consumers may refuse; category codes are compared as exact doubles.
 *
 * Outputs: regression `variable` float[N, outputs]; classification `label` int64[N] and `probabilities`
 * float[N, classes].
 * @throws MLP_ML_EXPORT_UNSUPPORTED for a split listing more than 4096 categories, or a classifier whose
 *   objective has no ONNX transform.
 */
export function exportGbdtToOnnx(model: GbdtModel, task: Task, featureNames: readonly string[] = model.info.featureNames): Uint8Array {
  const k = model.info.numOutputs;
  const objective = model.info.objective;
  const ids: number[] = [];
  const nodeIds: number[] = [];
  const feat: number[] = [];
  const modes: string[] = [];
  const values: number[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const missingTrue: number[] = [];
  const leafTree: number[] = [];
  const leafNode: number[] = [];
  const leafOut: number[] = [];
  const leafWeight: number[] = [];
  const branch = (ti: number, id: number, f: number, mode: string, v: number, yes: number, no: number, nanYes: number): void => {
    ids.push(ti);
    nodeIds.push(id);
    feat.push(f);
    modes.push(mode);
    values.push(v);
    trueIds.push(yes);
    falseIds.push(no);
    missingTrue.push(nanYes);
  };
  model.trees.forEach((t, ti) => {
    const out = ti % k;
    const fold = ti < k ? (model.info.baseScore[out] as number) : 0;
    let extra = t.feature.length;
    for (let i = 0; i < t.feature.length; i++) {
      const f = t.feature[i] as number;
      if (f < 0) {
        branch(ti, i, 0, 'LEAF', 0, 0, 0, 0);
        leafTree.push(ti);
        leafNode.push(i);
        leafOut.push(out);
        leafWeight.push(fold === 0 ? (t.value[i] as number) : fold + (t.value[i] as number));
        continue;
      }
      const L = t.left[i] as number;
      const R = t.right[i] as number;
      const nan = t.defaultLeft[i] as number;
      if ((t.catStart[i] as number) < 0) {
        branch(ti, i, f, 'BRANCH_LT', t.threshold[i] as number, L, R, nan);
        continue;
      }
      // categorical: a chain of BRANCH_EQ nodes, one per listed category, every match going to the shared left
      // child; NaN follows the native default at every link (true = left, or false down the chain to the right)
      const cats = categoriesOf(t, i);
      if (cats.length > MAX_CHAIN) {
        throw exportUnsupported(
          'gbdt',
          `tree ${ti} node ${i} lists ${cats.length} categories; ONNX export expands at most ${MAX_CHAIN} per split`,
        );
      }
      if (cats.length === 0) {
        branch(ti, i, f, 'BRANCH_LT', -Infinity, L, R, nan);
        continue;
      }
      cats.forEach((c, q) => {
        const id = q === 0 ? i : extra++;
        const next = q === cats.length - 1 ? R : extra;
        branch(ti, id, f, 'BRANCH_EQ', c, L, next, nan);
      });
    }
  });
  const treeAttrs: Record<string, OnnxAttributeValue> = {
    nodes_treeids: { ints: ids },
    nodes_nodeids: { ints: nodeIds },
    nodes_featureids: { ints: feat },
    nodes_modes: { strings: modes },
    nodes_values_as_tensor: { doubles: values },
    nodes_truenodeids: { ints: trueIds },
    nodes_falsenodeids: { ints: falseIds },
    nodes_missing_value_tracks_true: { ints: missingTrue },
  };
  const nodes: OnnxNode[] = [];
  let outputs: OnnxValueInfo[];
  if (task === 'regression') {
    // onnxruntime's regressor applies no LOGISTIC post-transform to a single target, so the inverse link is a node
    const link = objective === 'poisson' ? 'Exp' : objective === 'binary-logloss' ? 'Sigmoid' : null;
    if (objective === 'multiclass-softmax')
      throw exportUnsupported('gbdt', 'a multiclass-softmax model must be exported as a multiclass classifier');
    nodes.push({
      opType: 'TreeEnsembleRegressor',
      domain: 'ai.onnx.ml',
      name: 'trees',
      inputs: [ONNX_INPUT],
      outputs: [link === null ? 'variable' : 'margin'],
      attributes: {
        ...treeAttrs,
        n_targets: { int: k },
        aggregate_function: { string: 'SUM' },
        post_transform: { string: 'NONE' },
        target_treeids: { ints: leafTree },
        target_nodeids: { ints: leafNode },
        target_ids: { ints: leafOut },
        target_weights_as_tensor: { doubles: leafWeight },
      },
    });
    if (link !== null) nodes.push({ opType: link, name: 'inverse_link', inputs: ['margin'], outputs: ['variable'], attributes: {} });
    outputs = [{ name: 'variable', elemType: OnnxType.FLOAT, shape: ['N', k] }];
  } else {
    if (objective !== 'binary-logloss' && objective !== 'multiclass-softmax') {
      throw exportUnsupported('gbdt', `a ${task} model with objective ${objective} has no ONNX classifier transform`);
    }
    const classes = task === 'binary' ? 2 : k;
    nodes.push({
      opType: 'TreeEnsembleClassifier',
      domain: 'ai.onnx.ml',
      name: 'trees',
      inputs: [ONNX_INPUT],
      outputs: ['label', 'probabilities'],
      attributes: {
        ...treeAttrs,
        classlabels_int64s: { ints: Array.from({ length: classes }, (_, c) => c) },
        post_transform: { string: task === 'binary' ? 'LOGISTIC' : 'SOFTMAX' },
        // binary: class 0 gets −score and class 1 +score, so element-wise LOGISTIC gives [σ(−s), σ(s)] = [1 − p, p]
        // (onnxruntime's single-score "binary case" reports 0.5 for class 0 instead)
        class_treeids: { ints: task === 'binary' ? [...leafTree, ...leafTree] : leafTree },
        class_nodeids: { ints: task === 'binary' ? [...leafNode, ...leafNode] : leafNode },
        class_ids: { ints: task === 'binary' ? [...leafOut.map(() => 0), ...leafOut.map(() => 1)] : leafOut },
        class_weights_as_tensor: { doubles: task === 'binary' ? [...leafWeight.map((w) => -w), ...leafWeight] : leafWeight },
      },
    });
    outputs = [
      { name: 'label', elemType: OnnxType.INT64, shape: ['N'] },
      { name: 'probabilities', elemType: OnnxType.FLOAT, shape: ['N', classes] },
    ];
  }
  return encodeModel(onnxModelSpec('mlpilot_gbdt', featureNames, nodes, outputs, `gbdt ${objective}`));
}

/** Category codes whose bit is set at categorical node `i`, ascending. */
function categoriesOf(t: GbdtTree, i: number): number[] {
  const out: number[] = [];
  const start = t.catStart[i] as number;
  const words = t.catLength[i] as number;
  for (let w = 0; w < words; w++) {
    const bits = t.catBits[start + w] as number;
    for (let b = 0; b < 32; b++) if (((bits >>> b) & 1) === 1) out.push(w * 32 + b);
  }
  return out;
}
