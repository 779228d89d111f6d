import { seededRandom } from '../../../core/index.js';
import type { FeatureMatrix, TrainedModel } from '../../../ml/index.js';
import { defineDriftMethod, type TableSample } from '../drift-method.js';

/** Rows per side the classifier sees at most (a seeded sample beyond it). */
export const DOMAIN_MAX_ROWS = 2000;
/** Cross-validation folds of the out-of-fold ROC AUC. */
export const DOMAIN_FOLDS = 5;
/** Features listed as the ones that tell the two sides apart. */
export const DOMAIN_TOP_FEATURES = 5;
/** A small, fast booster: the question is only whether rows can be told apart, not a tuned model. */
const GBDT_PARAMS = { numRounds: 40, maxDepth: 3, learningRate: 0.2 } as const;

/** Seeded row indices: all rows, or `limit` of them without replacement, ascending. */
function sampleIndices(rows: number, limit: number, next: () => number): Int32Array {
  const all = new Int32Array(rows);
  for (let i = 0; i < rows; i++) all[i] = i;
  if (rows <= limit) return all;
  for (let i = 0; i < limit; i++) {
    const j = i + Math.floor(next() * (rows - i));
    const t = all[i] as number;
    all[i] = all[j] as number;
    all[j] = t;
  }
  return all.subarray(0, limit).sort();
}

/** Column j of the stacked table: the sampled reference rows, then the sampled current rows. */
function stack(reference: TableSample, current: TableSample, refRows: Int32Array, curRows: Int32Array): Float64Array[] {
  return reference.columns.map((refColumn, j) => {
    const curColumn = current.columns[j] as Float64Array;
    const out = new Float64Array(refRows.length + curRows.length);
    for (let i = 0; i < refRows.length; i++) out[i] = refColumn[refRows[i] as number] as number;
    for (let i = 0; i < curRows.length; i++) out[refRows.length + i] = curColumn[curRows[i] as number] as number;
    return out;
  });
}

function takeRows(columns: readonly Float64Array[], rows: Int32Array): Float64Array[] {
  return columns.map((column) => {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = column[rows[i] as number] as number;
    return out;
  });
}

function takeLabels(y: Int32Array, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = y[rows[i] as number] as number;
  return out;
}

function positiveProbability(model: TrainedModel, X: FeatureMatrix): Float64Array {
  const proba = (model.predictProba as NonNullable<TrainedModel['predictProba']>)(X);
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) out[i] = proba[2 * i + 1] as number;
  return out;
}

/**
 * Domain classifier (multivariate): a gradient-boosted tree model learns to tell current rows from reference
 * rows; its out-of-fold ROC AUC over {@link DOMAIN_FOLDS} stratified folds is the score (0.5: indistinguishable,
 * 1: fully separable). Reports the features the model relies on most (gain importance of a fit on all rows).
 */
export const domainClassifierMethod = defineDriftMethod({
  id: 'domain-classifier',
  title: 'Domain classifier',
  description: `A gradient-boosted classifier tells current rows from reference rows (${DOMAIN_FOLDS}-fold cross-validation, at most ${DOMAIN_MAX_ROWS} rows per side); the score is its ROC AUC, with the features it relies on most.`,
  kind: 'distance',
  defaultThreshold: 0.55,
  columnTypes: ['numeric', 'categorical', 'boolean'],
  symmetric: false,
  minSamples: DOMAIN_FOLDS * 2,
  multivariate: true,
  async onSample(reference, current, ctx) {
    // The learning engine loads with the first domain classifier, not with the monitoring module.
    const { assignFoldsStratified, featureMatrix, foldSplit, gbdtLearner, rocAucScore } = await import('../../../ml/index.js');
    const next = seededRandom(ctx.seed);
    const refRows = sampleIndices(reference.rows, DOMAIN_MAX_ROWS, next);
    const curRows = sampleIndices(current.rows, DOMAIN_MAX_ROWS, next);
    const columns = stack(reference, current, refRows, curRows);
    const n = refRows.length + curRows.length;
    const y = new Int32Array(n);
    y.fill(1, refRows.length);
    const matrix = (cols: Float64Array[]) => featureMatrix(cols, { names: ctx.names, categorical: ctx.categorical });
    const target = (labels: Int32Array) => ({ task: 'binary' as const, y: labels, classes: ['reference', 'current'] });
    const fitContext = { seed: ctx.seed, threads: 1 };
    const folds = assignFoldsStratified(n, DOMAIN_FOLDS, ctx.seed, y);
    const outOfFold = new Float64Array(n);
    for (let k = 0; k < DOMAIN_FOLDS; k++) {
      const split = foldSplit(folds, k);
      const model = await gbdtLearner.fit(
        matrix(takeRows(columns, split.train)),
        target(takeLabels(y, split.train)),
        GBDT_PARAMS,
        fitContext,
      );
      const p = positiveProbability(model, matrix(takeRows(columns, split.test)));
      for (let i = 0; i < split.test.length; i++) outOfFold[split.test[i] as number] = p[i] as number;
    }
    const auc = rocAucScore(y, outOfFold);
    const full = await gbdtLearner.fit(matrix(columns), target(y), GBDT_PARAMS, fitContext);
    const importance = full.featureImportance?.('gain') ?? new Float64Array(ctx.names.length);
    let total = 0;
    for (let j = 0; j < importance.length; j++) total += importance[j] as number;
    const topFeatures = ctx.names
      .map((name, j) => ({ feature: name, importance: total > 0 ? (importance[j] as number) / total : 0 }))
      .filter((f) => f.importance > 0)
      .sort((a, b) => b.importance - a.importance || (a.feature < b.feature ? -1 : 1))
      .slice(0, DOMAIN_TOP_FEATURES);
    return {
      score: auc,
      details: { rocAuc: auc, folds: DOMAIN_FOLDS, rowsUsed: [refRows.length, curRows.length], topFeatures, importance: 'gain share' },
    };
  },
});
