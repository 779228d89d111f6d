import { z } from 'zod';

/**
 * Hyperparameters of the `knn` learner (sklearn `KNeighborsClassifier` / `KNeighborsRegressor` semantics; `k` is
 * sklearn's `n_neighbors`). Features are used as given: scale them in preprocessing when units differ.
 */
export const knnParamsSchema = z
  .object({
    /**
     * Neighbours consulted per prediction; clamped to the number of training rows. Default 10, not sklearn's 5:
     * on 49 datasets (`npm run bench -- defaults --learners knn --candidates`, 5-fold CV) k = 10 beat sklearn's
     * k = 5 on 39, tied 1 and lost 9 (k = 5 here: 3, 33, 13), with fewer zero probabilities in the vote shares.
     */
    k: z.number().int().min(1).max(10_000).default(10),
    /**
     * `uniform`: every neighbour counts the same; `distance`: by 1/distance, and a query that coincides with
     * training rows takes only those rows (sklearn's rule). Row weights multiply either.
     */
    weights: z.enum(['uniform', 'distance']).default('uniform'),
    /** Distance between rows. */
    metric: z.enum(['euclidean', 'manhattan']).default('euclidean'),
    /** Search structure: `auto` uses a KD-tree up to 15 features (when there are enough rows), else brute force. */
    algorithm: z.enum(['auto', 'kd-tree', 'brute']).default('auto'),
    /** Rows per KD-tree leaf. */
    leafSize: z.number().int().min(1).max(10_000).default(30),
  })
  .strict();

/** Parameters as the user writes them (every field optional). */
export type KnnParamsInput = z.input<typeof knnParamsSchema>;
/** Parameters with defaults applied. */
export type KnnParams = z.output<typeof knnParamsSchema>;
