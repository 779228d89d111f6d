import { InvalidParamError } from '../core/index.js';
import type { GbdtTree } from './gbdt/tree.js';

/**
 * Kinds of per-feature importance. Tree models (XGBoost's five, on the trees' split statistics): `split` = number
 * of splits on the feature (XGBoost `weight`), `gain` = mean loss reduction per split, `total-gain` = summed loss
 * reduction, `cover` = mean cover (hessian sum, or weighted row count for forests) per split, `total-cover` =
 * summed cover. Forests also have `impurity` (scikit-learn's normalised mean decrease in impurity). Linear models:
 * `coef` = |coefficient| in raw feature units, `standardized-coef` = |coefficient| × the feature's training
 * standard deviation; both averaged over the model's outputs.
 */
export type ImportanceKind = 'split' | 'gain' | 'total-gain' | 'cover' | 'total-cover' | 'impurity' | 'coef' | 'standardized-coef';

/** The importance kinds every tree model computes from its nodes, XGBoost's default (`gain`) first. */
export const TREE_IMPORTANCE_KINDS = ['gain', 'split', 'total-gain', 'cover', 'total-cover'] as const;

/** One of {@link TREE_IMPORTANCE_KINDS}. */
export type TreeImportanceKind = (typeof TREE_IMPORTANCE_KINDS)[number];

/**
 * Per-feature importance of `nf` features from the split statistics of trees in the gbdt node layout (see
 * {@link ImportanceKind}); features never split on get 0.
 */
export function treeImportance(trees: readonly GbdtTree[], nf: number, kind: TreeImportanceKind): Float64Array {
  const count = new Float64Array(nf);
  const gain = new Float64Array(nf);
  const cover = new Float64Array(nf);
  for (const t of trees) {
    for (let i = 0; i < t.feature.length; i++) {
      const f = t.feature[i] as number;
      if (f < 0) continue;
      count[f] = (count[f] as number) + 1;
      gain[f] = (gain[f] as number) + (t.gain[i] as number);
      cover[f] = (cover[f] as number) + (t.cover[i] as number);
    }
  }
  if (kind === 'split') return count;
  if (kind === 'total-gain') return gain;
  if (kind === 'total-cover') return cover;
  const src = kind === 'gain' ? gain : cover;
  const out = new Float64Array(nf);
  for (let f = 0; f < nf; f++) out[f] = (count[f] as number) > 0 ? (src[f] as number) / (count[f] as number) : 0;
  return out;
}

/**
 * Narrows a requested importance kind to the ones a model has (`undefined` = the first, its default).
 * @throws MLP_ML_INVALID_PARAM naming the kinds the model has.
 */
export function importanceKindOf<K extends ImportanceKind>(learner: string, kinds: readonly K[], kind: ImportanceKind | undefined): K {
  const chosen = kind ?? kinds[0];
  if (chosen === undefined || !(kinds as readonly ImportanceKind[]).includes(chosen)) {
    throw InvalidParamError({
      learner,
      param: 'importance kind',
      problem: `${JSON.stringify(kind)} is not computed by this model; it has ${kinds.join(', ')}`,
    });
  }
  return chosen as K;
}
