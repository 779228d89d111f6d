/**
 * Bounds on the sizes an imported XGBoost or LightGBM model declares. A model file states its own sizes
 * (`num_feature`, `max_feature_idx`, `num_class`, node counts, category codes); these are checked against the
 * limits below before anything is allocated from them, so a hostile or damaged file is refused with
 * MLP_ML_BUNDLE_INVALID naming the field instead of exhausting the heap. Each limit is far above what the two
 * libraries produce in practice; they are documented in docs/engine.md.
 */
export const IMPORT_LIMITS = {
  /** Input features (`num_feature`, `max_feature_idx + 1`). */
  features: 1_000_000,
  /** Classes of a classifier (`num_class`). */
  classes: 10_000,
  /** Trees in the whole model. */
  trees: 1_000_000,
  /** Nodes one tree may have or expand to (LightGBM zero-band splits add nodes). */
  nodesPerTree: 1 << 22,
  /** Largest category code a categorical split may name (bitsets stay small). */
  categoryCode: 1 << 20,
} as const;

/** `"<value> exceeds the limit of <limit> <what>"`, the problem text of a size over its limit. */
export function overLimit(value: number, limit: number, what: string): string {
  return `${value} exceeds mlpilot's import limit of ${limit} ${what}`;
}
