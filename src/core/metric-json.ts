/**
 * JSON has no NaN or ±Infinity (`JSON.stringify` writes them as null), yet a metric may be any number. Wherever a
 * metric value crosses JSON (REST answers and requests) a non-finite value is written as one of these strings, as
 * MLflow's REST API does; finite values stay numbers.
 */
export const NON_FINITE_JSON = ['NaN', 'Infinity', '-Infinity'] as const;
export type NonFiniteJson = (typeof NON_FINITE_JSON)[number];

/** `NaN` → `"NaN"`, `Infinity` → `"Infinity"`, `-Infinity` → `"-Infinity"`, a finite number → itself. */
export function metricToJson(value: number): number | NonFiniteJson {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** The inverse of {@link metricToJson}. */
export function metricFromJson(value: number | NonFiniteJson): number {
  if (typeof value === 'number') return value;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}
