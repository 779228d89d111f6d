import { z } from 'zod';

import type { ParamAliases } from '../param-aliases.js';

/**
 * Hyperparameters of the `knn` learner (sklearn `KNeighborsClassifier` / `KNeighborsRegressor` semantics; `k` is
 * sklearn's `n_neighbors`). Features are used as given: scale them in preprocessing when units differ.
 */
export const knnParamsSchema = z
  .object({
    k: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(10)
      .describe(
        "Neighbours consulted per prediction; clamped to the number of training rows. 10, not scikit-learn's 5: chosen by `npm run bench -- defaults` (docs/engine.md, Defaults).",
      ),
    weights: z
      .enum(['uniform', 'distance'])
      .default('uniform')
      .describe(
        "`uniform`: every neighbour counts the same; `distance`: by 1/distance, and a query that coincides with training rows takes only those rows (sklearn's rule). Row weights multiply either.",
      ),
    metric: z.enum(['euclidean', 'manhattan']).default('euclidean').describe('Distance between rows.'),
    algorithm: z
      .enum(['auto', 'kd-tree', 'brute'])
      .default('auto')
      .describe('Search structure: `auto` uses a KD-tree up to 15 features (when there are enough rows), else brute force.'),
    leafSize: z.number().int().min(1).max(10_000).default(30).describe('Rows per KD-tree leaf.'),
  })
  .strict();

/** Parameters as the user writes them (every field optional). */
export type KnnParamsInput = z.input<typeof knnParamsSchema>;
/** Parameters with defaults applied. */
export type KnnParams = z.output<typeof knnParamsSchema>;

/** `knn` parameters under scikit-learn's KNeighborsClassifier / KNeighborsRegressor names. */
export const KNN_PARAM_ALIASES: ParamAliases<keyof KnnParams & string> = {
  k: { 'scikit-learn': ['n_neighbors'] },
  weights: { 'scikit-learn': ['weights'] },
  metric: { 'scikit-learn': ['metric'] },
  algorithm: { 'scikit-learn': ['algorithm'] },
  leafSize: { 'scikit-learn': ['leaf_size'] },
};
