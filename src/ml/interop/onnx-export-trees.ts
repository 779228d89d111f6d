import type { GbdtModel } from '../gbdt/model.js';
import type { Task } from '../learner.js';
import { exportUnsupported, ONNX_INPUT, onnxModelSpec } from './onnx-common.js';
import { encodeModel, OnnxType } from './onnx-proto.js';
import type { OnnxAttributeValue, OnnxNode, OnnxValueInfo } from './onnx-proto.js';

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
 * Outputs: regression `variable` float[N, outputs]; classification `label` int64[N] and `probabilities`
 * float[N, classes].
 * @throws MLP_ML_EXPORT_UNSUPPORTED for categorical (bitset) splits, which BRANCH_LT trees cannot express.
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
  model.trees.forEach((t, ti) => {
    const out = ti % k;
    const fold = ti < k ? (model.info.baseScore[out] as number) : 0;
    for (let i = 0; i < t.feature.length; i++) {
      const f = t.feature[i] as number;
      ids.push(ti);
      nodeIds.push(i);
      if (f < 0) {
        feat.push(0);
        modes.push('LEAF');
        values.push(0);
        trueIds.push(0);
        falseIds.push(0);
        missingTrue.push(0);
        leafTree.push(ti);
        leafNode.push(i);
        leafOut.push(out);
        leafWeight.push(fold === 0 ? (t.value[i] as number) : fold + (t.value[i] as number));
        continue;
      }
      if ((t.catStart[i] as number) >= 0) {
        throw exportUnsupported('gbdt', `tree ${ti} node ${i} is a categorical (bitset) split, which ONNX TreeEnsemble BRANCH_LT nodes cannot express; one-hot encode the feature or serve the native model`);
      }
      feat.push(f);
      modes.push('BRANCH_LT');
      values.push(t.threshold[i] as number);
      trueIds.push(t.left[i] as number);
      falseIds.push(t.right[i] as number);
      missingTrue.push(t.defaultLeft[i] as number);
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
    if (objective === 'multiclass-softmax') throw exportUnsupported('gbdt', 'a multiclass-softmax model must be exported as a multiclass classifier');
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
