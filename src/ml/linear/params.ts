import { z } from 'zod';

import type { ParamAliases } from '../param-aliases.js';

/**
 * Hyperparameters of the `linear` learner, named after scikit-learn (camelCase) and meaning what they mean there.
 *
 * Regression, with W = Σ w_i (n for unit weights) and ρ the L1 share ({@link l1Share}):
 * - `penalty: 'l2'` minimises sklearn `Ridge`'s objective Σ w_i (y_i − x_i·β − b)² + alpha·‖β‖₂² (the squared
 *   errors are summed, not averaged: `alpha` here is `Ridge(alpha=…)`);
 * - `'l1'` and `'elasticnet'` minimise sklearn `Lasso` / `ElasticNet`'s objective
 *   (1/2W)·Σ w_i (y_i − x_i·β − b)² + alpha·(ρ·‖β‖₁ + ½(1−ρ)·‖β‖₂²) (ρ = 1 for `'l1'`, `l1Ratio` for elastic net);
 * - `'none'` is ordinary least squares (`LinearRegression`).
 * So, as in sklearn, the same `alpha` is a much weaker penalty for `'l2'` than for `'l1'` on n rows.
 *
 * Classification minimises sklearn `LogisticRegression`'s objective (binary logistic, or multinomial softmax for
 * 3+ classes, as its lbfgs solver does)
 *   C·Σ w_i logloss_i + ρ·‖β‖₁ + ½(1−ρ)·‖β‖₂²
 * with the same `penalty` / `l1Ratio` meaning. Intercepts are never penalised.
 *
 * With `standardize: true` (default) the penalty applies to the coefficients of standardised features (weighted
 * mean 0, weighted population standard deviation 1), except for columns holding only 0 and 1 (one-hot levels,
 * missing indicators, booleans), whose raw coefficients are penalised: the same model as sklearn's
 * `StandardScaler` on the numeric columns + `OneHotEncoder` before the estimator. With `false` every raw
 * coefficient is penalised, exactly as the sklearn estimator on the raw features. Either way the stored
 * coefficients are in raw feature units.
 */
export const linearParamsSchema = z
  .object({
    penalty: z
      .enum(['l2', 'l1', 'elasticnet', 'none'])
      .default('l2')
      .describe('Penalty kind: l2 (sklearn Ridge / L2 LogisticRegression), l1 (Lasso), elasticnet (ElasticNet), none.'),
    alpha: z
      .number()
      .min(0)
      .default(1)
      .describe(
        "Regression penalty strength: sklearn `Ridge`'s `alpha` (squared errors summed) for `l2`, `Lasso` / `ElasticNet`'s `alpha` (squared errors averaged) for `l1` / `elasticnet`.",
      ),
    C: z.number().gt(0).default(1).describe('Classification inverse penalty strength (sklearn LogisticRegression `C`).'),
    l1Ratio: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('Share of L1 in the elastic-net penalty (sklearn `l1_ratio`); used only when penalty is `elasticnet`.'),
    fitIntercept: z.boolean().default(true).describe('Fit an (unpenalised) intercept.'),
    standardize: z
      .boolean()
      .default(true)
      .describe('Penalise the coefficients of standardised non-0/1 columns (true) or every raw coefficient, as sklearn does (false).'),
    maxIter: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(1000)
      .describe('Maximum coordinate-descent sweeps (regression) or L-BFGS/OWL-QN iterations (classification).'),
    tol: z
      .number()
      .gt(0)
      .max(1)
      .default(1e-6)
      .describe(
        'Convergence tolerance: coordinate descent stops when a sweep changes no fitted-value contribution by more than `tol` × the largest one; L-BFGS/OWL-QN stops when the largest (pseudo-)gradient component of the loss divided by C·W is at most `tol`.',
      ),
  })
  .strict();

/** Parameters as the user writes them (every field optional). */
export type LinearParamsInput = z.input<typeof linearParamsSchema>;
/** Parameters with defaults applied. */
export type LinearParams = z.output<typeof linearParamsSchema>;

/** `linear` parameters under scikit-learn's Ridge / Lasso / ElasticNet / LogisticRegression names. */
export const LINEAR_PARAM_ALIASES: ParamAliases<keyof LinearParams & string> = {
  penalty: { 'scikit-learn': ['penalty'] },
  alpha: { 'scikit-learn': ['alpha'] },
  C: { 'scikit-learn': ['C'] },
  l1Ratio: { 'scikit-learn': ['l1_ratio'] },
  fitIntercept: { 'scikit-learn': ['fit_intercept'] },
  maxIter: { 'scikit-learn': ['max_iter'] },
  tol: { 'scikit-learn': ['tol'] },
};

/** L1 share ρ of the penalty (1 for l1, `l1Ratio` for elasticnet, 0 for l2 and none). */
export function l1Share(p: LinearParams): number {
  return p.penalty === 'l1' ? 1 : p.penalty === 'elasticnet' ? p.l1Ratio : 0;
}
