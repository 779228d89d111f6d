import { z } from 'zod';
import { InvalidParamError } from '../../core/index.js';

/** Loss functions `gbdt` can minimise (kebab-case ids, permanent). */
export const GBDT_OBJECTIVES = ['squared-error', 'absolute-error', 'huber', 'poisson', 'binary-logloss', 'multiclass-softmax'] as const;
export type GbdtObjectiveId = (typeof GBDT_OBJECTIVES)[number];

/**
 * Parameters of the histogram gradient-boosting learner. Defaults follow XGBoost's `hist` defaults where the
 * two overlap (eta 0.3, max_depth 6, lambda 1, min_child_weight 1, max_bin 256).
 */
export const gbdtParamsSchema = z
  .object({
    objective: z.enum(GBDT_OBJECTIVES).default('squared-error').describe('Loss to minimise.'),
    numClass: z.number().int().min(2).max(1000).optional().describe('Classes for `multiclass-softmax` (labels are 0..numClass-1).'),
    numRounds: z.number().int().min(1).max(100_000).default(100).describe('Boosting rounds (trees per class).'),
    learningRate: z.number().gt(0).max(1).default(0.3).describe('Shrinkage applied to every leaf value (XGBoost eta).'),
    growPolicy: z
      .enum(['depthwise', 'lossguide'])
      .default('depthwise')
      .describe('`depthwise` grows level by level (XGBoost default); `lossguide` splits the best leaf first (LightGBM).'),
    maxDepth: z.number().int().min(0).max(64).default(6).describe('Maximum depth; 0 = unlimited (only allowed with lossguide).'),
    numLeaves: z
      .number()
      .int()
      .min(0)
      .max(65_536)
      .default(0)
      .describe('Maximum leaves per tree; 0 = unlimited (depthwise). lossguide defaults to 31 when 0.'),
    minChildWeight: z
      .number()
      .min(0)
      .default(1)
      .describe(
        'Minimum hessian sum in each child (XGBoost min_child_weight); with squared error every row weighs 1, so it is a row count like min_samples_leaf.',
      ),
    lambda: z.number().min(0).default(1).describe('L2 penalty on leaf weights (XGBoost lambda).'),
    alpha: z.number().min(0).default(0).describe('L1 penalty on leaf weights (XGBoost alpha).'),
    gamma: z
      .number()
      .min(0)
      .default(0)
      .describe('Minimum loss reduction to keep a split (XGBoost gamma / min_split_loss); applied by bottom-up pruning.'),
    maxDeltaStep: z.number().min(0).default(0).describe('Clamp on each leaf weight before shrinkage; 0 = none (XGBoost max_delta_step).'),
    subsample: z.number().gt(0).max(1).default(1).describe('Fraction of rows sampled (without replacement, Bernoulli) for each tree.'),
    colsampleByTree: z.number().gt(0).max(1).default(1).describe('Fraction of features sampled for each tree.'),
    maxBin: z.number().int().min(4).max(256).default(256).describe('Maximum bins per feature including the missing-value bin (≤ 256).'),
    huberDelta: z.number().gt(0).default(1).describe('Huber transition point (`huber` objective).'),
    poissonMaxDeltaStep: z.number().min(0).default(0.7).describe('Poisson hessian safeguard (XGBoost max_delta_step for count:poisson).'),
    monotone: z
      .array(z.union([z.literal(-1), z.literal(0), z.literal(1)]))
      .default([])
      .describe('Per-feature monotone constraint: -1 decreasing, 0 none, +1 increasing; missing entries = 0.'),
    catSmooth: z.number().min(0).default(10).describe('Smoothing added to the hessian when ordering categories by gradient ratio.'),
    baseScore: z
      .number()
      .optional()
      .describe('Initial raw score; default: mean / log-odds / log-mean / log class priors of the training labels.'),
    earlyStoppingRounds: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('Stop when the validation metric has not improved for this many rounds (needs a validation set); 0 = off.'),
    seed: z.number().int().default(0).describe('Seed of the row/column sampling RNG.'),
    nThreads: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(1)
      .describe('Threads for histogram building (worker_threads + SharedArrayBuffer); results do not depend on it.'),
  })
  .strict();

/** Parameters as the user writes them (every field optional). */
export type GbdtParamsInput = z.input<typeof gbdtParamsSchema>;
/** Parameters with defaults applied. */
export type GbdtParams = z.output<typeof gbdtParamsSchema>;

/**
 * Validates user parameters and applies defaults.
 * @throws MLP_ML_INVALID_PARAM naming the first bad field (dotted path) and what is allowed.
 */
export function resolveGbdtParams(input: GbdtParamsInput = {}): GbdtParams {
  const parsed = gbdtParamsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue === undefined || issue.path.length === 0 ? '(root)' : issue.path.join('.');
    throw InvalidParamError({ learner: 'gbdt', param: path, problem: issue?.message ?? 'invalid value' });
  }
  const p = parsed.data;
  if (p.objective === 'multiclass-softmax' && p.numClass === undefined) {
    throw InvalidParamError({ learner: 'gbdt', param: 'numClass', problem: 'is required for multiclass-softmax (number of classes, ≥ 2)' });
  }
  if (p.growPolicy === 'depthwise' && p.maxDepth === 0) {
    throw InvalidParamError({
      learner: 'gbdt',
      param: 'maxDepth',
      problem: '0 (unlimited) is only allowed with growPolicy "lossguide"; set a depth such as 6',
    });
  }
  return Object.freeze({ ...p, monotone: Object.freeze([...p.monotone]) as GbdtParams['monotone'] });
}
