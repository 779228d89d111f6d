import type { DriftColumnType } from './drift-method.js';

/** At most this many reference values: a statistical test; above it a distance (tests flag negligible shifts on big samples). */
export const AUTO_SMALL_REFERENCE = 1000;
/** A numeric column with at most this many distinct values (both sides together) is treated as discrete. */
export const AUTO_DISCRETE_VALUES = 5;

/** A method picked for a column, and why. */
export interface MethodChoice {
  readonly method: string;
  readonly reason: string;
}

/**
 * Evidently's automatic choice (`_get_default_stattest`): with at most {@link AUTO_SMALL_REFERENCE} reference
 * values, numeric columns with more than {@link AUTO_DISCRETE_VALUES} distinct values get `ks`, the others
 * `chi-squared` (or `z-test` with at most two values); with more reference values, numeric columns with many
 * values get the normed `wasserstein` distance and the others `jensen-shannon`.
 * @param referenceValues non-missing values of the reference column.
 * @param distinct distinct non-missing values of reference and current together.
 */
export function chooseMethod(type: DriftColumnType, referenceValues: number, distinct: number): MethodChoice {
  const size = `${referenceValues} reference values (${referenceValues <= AUTO_SMALL_REFERENCE ? '≤' : '>'} ${AUTO_SMALL_REFERENCE})`;
  const values = `${distinct} distinct value${distinct === 1 ? '' : 's'}`;
  const manyNumeric = type === 'numeric' && distinct > AUTO_DISCRETE_VALUES;
  if (referenceValues <= AUTO_SMALL_REFERENCE) {
    if (manyNumeric) return { method: 'ks', reason: `numeric, ${size}, ${values} (> ${AUTO_DISCRETE_VALUES}): a test on the raw values` };
    if (distinct > 2) return { method: 'chi-squared', reason: `${type}, ${size}, ${values}: a test on the counts` };
    return { method: 'z-test', reason: `${type}, ${size}, ${values}: a test of two proportions` };
  }
  if (manyNumeric) return { method: 'wasserstein', reason: `numeric, ${size}, ${values}: a distance in units of the reference's spread` };
  return { method: 'jensen-shannon', reason: `${type}, ${size}, ${values}: a distance between the shares` };
}
