/**
 * Category labels of imported tree models. XGBoost JSON stores category CODES in its splits (pandas'
 * `.cat.codes`), never the labels, so the label → code mapping comes from the user (`models import --categories`,
 * a JSON object column → labels in code order, as pandas' `.cat.categories`). It is checked against the model,
 * kept in the bundle (`manifest.model.categories`) and used to turn label data into codes at prediction time.
 */
import { BundleInvalidError, InputTypeError, ValidationError } from '../../core/index.js';
import { Frame } from '../../data/index.js';
import type { TreeEnsembleModel } from '../gbdt/tree-ensemble-model.js';

/** Column → labels in code order (label i has code i). */
export type CategoryLabels = Readonly<Record<string, readonly string[]>>;

/** The highest category code any split on feature `j` names, or -1. */
function maxCode(model: TreeEnsembleModel, j: number): number {
  let max = -1;
  for (const t of model.gbdt.trees) {
    for (let n = 0; n < t.feature.length; n++) {
      const len = t.catLength[n] as number;
      if (t.feature[n] !== j || len <= 0) continue;
      const start = t.catStart[n] as number;
      for (let w = len - 1; w >= 0; w--) {
        const word = t.catBits[start + w] as number;
        if (word === 0) continue;
        max = Math.max(max, w * 32 + (31 - Math.clz32(word)));
        break;
      }
    }
  }
  return max;
}

/**
 * Checks user-given labels against an imported model: each column is an input of the model and categorical in it,
 * its labels are distinct strings, and there are at least as many as the highest code its splits name + 1.
 * @throws MLP_CORE_VALIDATION naming `categories.<column>` and what is wrong.
 */
export function checkCategoryLabels(labels: unknown, model: TreeEnsembleModel): CategoryLabels {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels))
    throw ValidationError({ field: 'categories', problem: 'must be a JSON object of column → list of labels in code order' });
  const out: Record<string, string[]> = {};
  for (const [column, list] of Object.entries(labels)) {
    const field = `categories.${column}`;
    const j = model.featureNames.indexOf(column);
    if (j < 0)
      throw ValidationError({
        field,
        problem: `the model has no input ${JSON.stringify(column)}; its inputs are ${model.featureNames.join(', ')}`,
      });
    if (model.gbdt.info.categorical[j] !== true)
      throw ValidationError({ field, problem: `input ${JSON.stringify(column)} is numeric in the model, not categorical` });
    if (!Array.isArray(list) || list.some((l) => typeof l !== 'string'))
      throw ValidationError({ field, problem: 'must be a list of string labels in code order (pandas .cat.categories)' });
    const seen = new Set<string>();
    for (const l of list as string[]) {
      if (seen.has(l)) throw ValidationError({ field, problem: `label ${JSON.stringify(l)} appears twice` });
      seen.add(l);
    }
    const needed = maxCode(model, j) + 1;
    if (list.length < needed)
      throw ValidationError({
        field,
        problem: `${list.length} labels given, but the model's splits use codes up to ${needed - 1} (${needed} labels at least)`,
      });
    out[column] = [...(list as string[])];
  }
  return out;
}

/** The labels kept in a bundle's model section, or undefined. @throws MLP_ML_BUNDLE_INVALID when malformed. */
export function bundleCategoryLabels(model: unknown, location: string): CategoryLabels | undefined {
  const value = (model as { categories?: unknown } | null)?.categories;
  if (value === undefined) return undefined;
  const ok =
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((l) => Array.isArray(l) && l.every((s) => typeof s === 'string'));
  if (!ok) throw BundleInvalidError({ location, problem: 'manifest model.categories must map columns to label lists' });
  return value as CategoryLabels;
}

/**
 * The frame with label columns of categorical model inputs turned into codes: a label maps to its index in the
 * column's list, a label not in the list or a missing value to NaN (missing, as pandas makes an unknown label).
 * Numeric columns are codes already and pass unchanged.
 * @throws MLP_ML_INPUT_TYPE for label (string) data in a categorical input the model has no labels for.
 */
export function labelsToCodes(frame: Frame, model: TreeEnsembleModel, labels: CategoryLabels | undefined): Frame {
  let changed = false;
  const columns = frame.columns.map((column) => {
    const j = model.featureNames.indexOf(column.name);
    if (j < 0 || model.gbdt.info.categorical[j] !== true) return column;
    if (column.type !== 'categorical' && column.type !== 'text') return column;
    const list = labels?.[column.name];
    if (list === undefined) {
      throw InputTypeError({
        column: column.name,
        expected: 'category codes (numbers)',
        actual: 'labels (text)',
        problem:
          'the model stores category codes, not labels, and was imported without them; import it again with ' +
          '--categories FILE.json (column → labels in code order, as pandas .cat.categories), or pass the codes',
      });
    }
    const code = new Map(list.map((l, i) => [l, i] as const));
    const values = new Float64Array(frame.rowCount);
    if (column.type === 'categorical') {
      const byLevel = column.levels.map((l) => code.get(l) ?? Number.NaN);
      for (let i = 0; i < values.length; i++) {
        const c = column.codes[i] as number;
        values[i] = c < 0 ? Number.NaN : (byLevel[c] as number);
      }
    } else {
      for (let i = 0; i < values.length; i++) {
        const v = column.values[i];
        values[i] = v === null || v === undefined ? Number.NaN : (code.get(v) ?? Number.NaN);
      }
    }
    changed = true;
    return { name: column.name, type: 'numeric' as const, values };
  });
  return changed ? new Frame(columns, frame.rowCount) : frame;
}
