import { z } from 'zod';

import type { ParamAliases } from '../param-aliases.js';

/**
 * Hyperparameters of the `naive-bayes` learner: sklearn `GaussianNB` for numeric columns and `CategoricalNB` for
 * categorical ones, combined in one model (one class prior, summed per-feature log-likelihoods).
 */
export const naiveBayesParamsSchema = z
  .object({
    varSmoothing: z
      .number()
      .min(0)
      .default(1e-9)
      .describe(
        'Added to every Gaussian variance: `varSmoothing × the largest (unweighted) variance of a numeric column` (sklearn `var_smoothing`).',
      ),
    alpha: z
      .number()
      .gt(0)
      .default(1)
      .describe('Additive (Laplace / Lidstone) smoothing of categorical counts (sklearn CategoricalNB `alpha`).'),
    fitPrior: z
      .boolean()
      .default(true)
      .describe('Learn class priors from the (weighted) class frequencies; false = uniform priors (sklearn `fit_prior`).'),
  })
  .strict();

/** Parameters as the user writes them (every field optional). */
export type NaiveBayesParamsInput = z.input<typeof naiveBayesParamsSchema>;
/** Parameters with defaults applied. */
export type NaiveBayesParams = z.output<typeof naiveBayesParamsSchema>;

/** `naive-bayes` parameters under scikit-learn's GaussianNB (`var_smoothing`) and CategoricalNB names. */
export const NAIVE_BAYES_PARAM_ALIASES: ParamAliases<keyof NaiveBayesParams & string> = {
  varSmoothing: { 'scikit-learn': ['var_smoothing'] },
  alpha: { 'scikit-learn': ['alpha'] },
  fitPrior: { 'scikit-learn': ['fit_prior'] },
};
