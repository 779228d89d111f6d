import type { Schema } from '../../data/index.js';
import type { LearnerCapabilities } from '../learner.js';
import type { StepSpec } from './steps.js';

/** Knobs of {@link autoPreprocess}. */
export interface AutoPreprocessOptions {
  /** Hash buckets per text column (default 256). */
  readonly textBuckets?: number;
  /** One-hot: at most this many columns per categorical feature, `__other__` included (default 50). */
  readonly maxLevels?: number;
}

/**
 * The default recipe for a learner, from the feature schema (target excluded) and the learner's capabilities.
 * Steps are emitted only for column types present in the schema.
 *
 * | column type | native categories + missing (gbdt, naive-bayes) | missing only | categories only | neither (linear, knn) |
 * |---|---|---|---|---|
 * | datetime | `datetime` (parts stay NaN when missing) | `datetime` | `datetime`, then imputed | `datetime`, then scaled and imputed |
 * | numeric | as is (NaN kept) | as is | `impute` median + indicator | `scale` standard, then `impute` median + indicator |
 * | boolean | 0/1, NaN missing | 0/1 | `impute` most frequent | `impute` most frequent |
 * | categorical | `ordinal` (unseen → missing) | `one-hot` (≤ maxLevels) | `ordinal`, then `impute` most frequent | `one-hot` |
 * | text | `text-hash` (256 buckets, counts) | `text-hash` | `text-hash` | `text-hash` |
 *
 * `one-hot` keeps at most `maxLevels` levels, adds a missing indicator and encodes unseen levels as zeros; with
 * `impute`, unseen levels become the most frequent one.
 *
 * Order: datetime → ordinal → scale → impute → one-hot → text-hash, so datetime parts are scaled and imputed
 * like any numeric column, scaling ignores missing values and missing indicators stay 0/1.
 */
export function autoPreprocess(schema: Schema, capabilities: LearnerCapabilities, options: AutoPreprocessOptions = {}): StepSpec[] {
  const has = (type: string): boolean => schema.columns.some((c) => c.type === type);
  const numeric = has('numeric') || has('datetime');
  const steps: StepSpec[] = [];
  if (has('datetime')) steps.push({ step: 'datetime', options: {} });
  if (has('categorical') && capabilities.handlesCategorical) steps.push({ step: 'ordinal', options: {} });
  if (!capabilities.handlesMissing && !capabilities.handlesCategorical && numeric) {
    steps.push({ step: 'scale', options: { method: 'standard' } });
  }
  if (!capabilities.handlesMissing) {
    const types = ['numeric', 'boolean', ...(capabilities.handlesCategorical ? ['categorical'] : [])].filter((t) =>
      t === 'numeric' ? numeric : has(t),
    );
    if (types.length > 0)
      steps.push({ step: 'impute', options: { types, numeric: 'median', categorical: 'most-frequent', addIndicator: true } });
  }
  if (has('categorical') && !capabilities.handlesCategorical) {
    steps.push({ step: 'one-hot', options: { maxLevels: options.maxLevels ?? 50, unseen: 'zeros', missing: 'indicator' } });
  }
  if (has('text')) steps.push({ step: 'text-hash', options: { buckets: options.textBuckets ?? 256 } });
  return steps;
}
