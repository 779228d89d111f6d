/**
 * `automl(frame, options)`: model selection, hyperparameter search, preprocessing choices and an ensemble, within a
 * wall-clock budget that covers everything (search, ensemble selection, refit, test scoring).
 */
import { type MonotonicClock, type Registry, systemMonotonicClock, type Task, UsageError, ValidationError } from '../core/index.js';
import type { Frame } from '../data/index.js';
import { FittedEnsemble, type FittedPipeline, type Learner } from '../ml/index.js';
import { blend, selectEnsemble } from './ensemble.js';
import { type MetaFeatures, metaFeatures } from './meta-features.js';
import { type DataNote, type Problem, type ProblemSpec, prepareProblem } from './problem.js';
import { randomRows } from './sample.js';
import { halvingRungs, runSearch, type SearchProgress, type TrialExecutor, type TrialRecord } from './search.js';
import { type Configuration, cashSpace, type LearnerPlan } from './space.js';
import { checkTest, scoreTest } from './test-rows.js';
import { evaluateTrial, fitConfiguration, lossOf, scorePredictions } from './trial.js';
import { warmStart } from './warm-start.js';

/** What {@link automl} needs besides the training frame. */
export interface AutomlOptions {
  readonly target: string;
  /** Default inferred from the target (binary, multiclass or regression). */
  readonly task?: Task;
  /** Metric to optimise (`roc_auc`, `log_loss`, `rmse`, `accuracy`, `f1`, `mae`, `r2`, …); default by task. */
  readonly metric?: string;
  /** The column that orders the rows: validation is then temporal. Default: the only date/time column, if any. */
  readonly timeColumn?: string;
  /** Wall-clock seconds for everything (default 60). */
  readonly budgetSeconds?: number;
  readonly seed?: number;
  /** Stop after this many trials (the same trials and model for the same seed and executor). */
  readonly maxTrials?: number;
  /** Threads each trial (and the refit) may use (default 1). */
  readonly threads?: number;
  /** The learners to search (default: all that fit the task). */
  readonly learners: Registry<Learner>;
  /** Restrict the search to these learner ids. */
  readonly include?: readonly string[];
  /** Where trials run (default: one at a time in this thread). Built from the {@link Problem} once it is known. */
  readonly executor?: (problem: Problem, plans: ReadonlyMap<string, LearnerPlan>) => TrialExecutor;
  /**
   * Configurations that did well on similar data before (the platform's history), tried after the defaults: asked
   * once the data is checked, with its meta-features.
   */
  readonly history?: (meta: MetaFeatures, task: Task) => Promise<readonly Configuration[]> | readonly Configuration[];
  /** Called once the data and options are checked, before the search: the last moment to refuse without waste. */
  readonly onReady?: (ready: {
    readonly problem: Problem;
    readonly notes: readonly DataNote[];
    readonly metaFeatures: MetaFeatures;
  }) => Promise<void> | void;
  /** Rows scored after the fit (never used to choose anything). */
  readonly test?: Frame;
  /** Where the data came from, for messages. */
  readonly source?: string;
  readonly clock?: MonotonicClock;
  readonly signal?: AbortSignal;
  readonly onTrial?: (trial: TrialRecord) => void | Promise<void>;
  readonly progress?: (progress: SearchProgress & { readonly budgetSeconds: number }) => void;
}

/** A member of the final model. */
export interface EnsembleMember {
  readonly trial: number;
  readonly learner: string;
  readonly params: Configuration['params'];
  readonly weight: number;
}

/** What a search found. */
export interface AutomlResult {
  readonly task: Task;
  /** Metric id (registry spelling, `roc-auc`). */
  readonly metric: string;
  readonly higherIsBetter: boolean;
  readonly budgetSeconds: number;
  readonly elapsedSeconds: number;
  readonly spec: ProblemSpec;
  readonly notes: readonly DataNote[];
  readonly metaFeatures: MetaFeatures;
  readonly trials: readonly TrialRecord[];
  readonly stoppedBy: 'budget' | 'max-trials' | 'exhausted';
  readonly best: { readonly trial: number; readonly learner: string; readonly params: Configuration['params']; readonly score: number };
  readonly ensemble: { readonly members: readonly EnsembleMember[]; readonly score: number };
  /** The model to keep: fitted on every training row; an ensemble when more than one member was chosen. */
  readonly model: FittedPipeline | FittedEnsemble;
  /** The heaviest member of the final model (its feature importance stands for the model's in the report). */
  readonly lead: { readonly trial: number; readonly learner: string; readonly pipeline: FittedPipeline };
  /** Metrics on {@link AutomlOptions.test}, by output label (`roc_auc`, `accuracy`, …). */
  readonly testMetrics?: Readonly<Record<string, number>>;
}

/** Most of the budget the finish may be planned to take; the refit must end by this fraction of the budget. */
const FINISH_SHARE = 0.15;
const REFIT_DEADLINE = 0.97;
/** Candidates of the ensemble selection, and its rounds; successful trials a rung needs to be chosen from. */
const ENSEMBLE_MIN_TRIALS = 5;
const ENSEMBLE_CANDIDATES = 20;
const ENSEMBLE_ROUNDS = 50;

/**
 * Searches learners, hyperparameters and preprocessing on `frame` and returns the best model (an ensemble of the
 * best trials when it validates better) fitted on every row, with every trial.
 * @throws MLP_CLI_USAGE for a budget ≤ 0, an unknown metric or learner; MLP_ML_UNKNOWN_TARGET;
 *   MLP_ML_BAD_TRAINING_DATA (target or features unusable, see `prepareProblem`); MLP_ML_MISSING_INPUT /
 *   MLP_ML_INPUT_TYPE for test rows without the training columns — all before the search starts.
 */
export async function automl(frame: Frame, options: AutomlOptions): Promise<AutomlResult> {
  const clock = options.clock ?? systemMonotonicClock;
  const startedAt = clock.now();
  const budgetSeconds = options.budgetSeconds ?? 60;
  if (!(budgetSeconds > 0) || !Number.isFinite(budgetSeconds)) {
    throw UsageError({ problem: `the budget must be a positive number of seconds, got ${budgetSeconds}` });
  }
  if (options.maxTrials !== undefined && !(Number.isInteger(options.maxTrials) && options.maxTrials >= 1)) {
    throw UsageError({ problem: `max trials must be a positive integer, got ${options.maxTrials}` });
  }
  const seed = options.seed ?? 0;
  const threads = options.threads ?? 1;
  const { problem, notes } = prepareProblem(frame, {
    target: options.target,
    seed,
    budgetSeconds,
    ...(options.task === undefined ? {} : { task: options.task }),
    ...(options.metric === undefined ? {} : { metric: options.metric }),
    ...(options.timeColumn === undefined ? {} : { timeColumn: options.timeColumn }),
    ...(options.source === undefined ? {} : { source: options.source }),
  });
  const { spec } = problem;
  const test = options.test === undefined ? undefined : checkTest(options.test, problem);
  const learners = options.learners.list().filter((l) => options.include === undefined || options.include.includes(l.id));
  for (const id of options.include ?? []) if (!options.learners.has(id)) options.learners.get(id);
  const hasCategorical = problem.frame.columns.some((c) => c.name !== spec.target && c.type === 'categorical');
  const planList = cashSpace(learners, spec.task, hasCategorical);
  if (planList.length === 0)
    throw UsageError({ problem: `no learner can do a ${spec.task} task among ${learners.map((l) => l.id).join(', ')}` });
  const plans = new Map(planList.map((p) => [p.learner.id, p]));
  const meta = metaFeatures(problem.frame, spec.target, spec.task);
  await options.onReady?.({ problem, notes, metaFeatures: meta });
  const history = (await options.history?.(meta, spec.task)) ?? [];
  const executor =
    options.executor?.(problem, plans) ??
    ({
      slots: 1,
      run: (request) => evaluateTrial(problem, request, { learners: options.learners, plans, clock, ...signalOf(options) }),
    } satisfies TrialExecutor);

  const budgetMs = budgetSeconds * 1000;
  const elapsedSeconds = (): number => (clock.now() - startedAt) / 1000;
  const report = (p: SearchProgress): void => options.progress?.({ ...p, budgetSeconds });
  const search = await runSearch({
    problem,
    plans: planList,
    executor,
    threads,
    budgetMs,
    ...(options.maxTrials === undefined ? {} : { maxTrials: options.maxTrials }),
    warmStart: warmStart(planList, spec.task, history, halvingRungs(Math.max(...problem.splits.map((x) => x.train.length))).length > 1),
    clock,
    startedAt,
    finishEstimate: (trials) => finishSeconds(problem, trials, budgetSeconds),
    ...signalOf(options),
    ...(options.onTrial === undefined ? {} : { onTrial: options.onTrial }),
    progress: report,
  });
  const { trials } = search;
  // Candidates come from one successive-halving rung (every rung validates on the same rows, so their predictions
  // blend; the top rung is every training row): see ensembleRung.
  const okTrials = trials.filter((t) => t.status === 'ok' && search.predictions.has(t.id));
  const rung = ensembleRung(okTrials);
  const ranked = okTrials
    .filter((t) => t.rung === rung)
    .sort((a, b) => lossOf(problem, a.score as number) - lossOf(problem, b.score as number) || a.id - b.id);
  const best = ranked[0];
  if (best === undefined) {
    const reasons = [...new Set(trials.filter((t) => t.error !== undefined).map((t) => `${t.config.learner}: ${t.error}`))].slice(0, 3);
    throw ValidationError({
      field: 'trials',
      problem: `no trial succeeded within the budget (${trials.length} tried${reasons.length > 0 ? `; ${reasons.join('; ')}` : ''}); raise the budget or check the data`,
    });
  }
  const phase = (name: SearchProgress['phase']): void =>
    report({
      phase: name,
      elapsedSeconds: elapsedSeconds(),
      trials: trials.length,
      failed: countFailed(trials),
      bestScore: best.score as number,
    });

  phase('ensemble');
  const candidates = ranked.slice(0, ENSEMBLE_CANDIDATES);
  const predictionsOf = (t: TrialRecord): Float64Array => search.predictions.get(t.id) as Float64Array;
  const lossOfBlend = (members: ReadonlyArray<{ trial: TrialRecord; weight: number }>): number =>
    lossOf(
      problem,
      scorePredictions(
        problem,
        blend(
          members.map((m) => ({ predictions: predictionsOf(m.trial) })),
          members.map((m) => m.weight),
        ),
      ),
    );
  const selection = selectEnsemble(
    candidates.map((t) => ({ predictions: predictionsOf(t) })),
    (p) => lossOf(problem, scorePredictions(problem, p)),
    ENSEMBLE_ROUNDS,
  );
  let members = candidates
    .map((t, i) => ({ trial: t, weight: selection.weights[i] as number }))
    .filter((m) => m.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.trial.id - b.trial.id);
  if (!(selection.loss < lossOf(problem, best.score as number)) || members.length === 0) members = [{ trial: best, weight: 1 }];

  // Refit the members on every row, heaviest first, while the budget allows. The first member is always refitted,
  // on fewer rows when all of them would not fit in the time left.
  phase('refit');
  const fitted: Array<{ trial: TrialRecord; weight: number; pipeline: FittedPipeline }> = [];
  const refitThreads = threads * executor.slots;
  for (const member of members) {
    const left = budgetSeconds * REFIT_DEADLINE - elapsedSeconds();
    const needed = refitSeconds(problem, member.trial, problem.frame.rowCount);
    let rows = problem.frame.rowCount;
    if (needed > left) {
      if (fitted.length > 0) continue;
      rows = Math.max(Math.min(rows, member.trial.rows), Math.floor((rows * Math.max(left, 0)) / needed));
    }
    const plan = plans.get(member.trial.config.learner) as LearnerPlan;
    const data = rows >= problem.frame.rowCount ? problem.frame : problem.frame.take(randomRows(problem.frame.rowCount, rows, seed + 101));
    const { pipeline } = await fitConfiguration(problem, plan, member.trial.config, data, {
      threads: refitThreads,
      clock,
      ...signalOf(options),
      ...(member.trial.iterations === undefined ? {} : { iterations: member.trial.iterations * 1.1 }),
    });
    fitted.push({ ...member, pipeline });
  }
  let chosen = normalise(fitted);
  // Members left out for time may leave a blend worse than its lead member alone.
  if (chosen.length > 1 && chosen.length < members.length && lossOfBlend(chosen) > lossOf(problem, chosen[0]?.trial.score as number)) {
    chosen = normalise(chosen.slice(0, 1));
  }
  const lead = chosen[0] as (typeof chosen)[number];
  const ensembleScore =
    chosen.length === 1
      ? (lead.trial.score as number)
      : scorePredictions(
          problem,
          blend(
            chosen.map((m) => ({ predictions: predictionsOf(m.trial) })),
            chosen.map((m) => m.weight),
          ),
        );
  const model =
    chosen.length === 1
      ? lead.pipeline
      : new FittedEnsemble({ members: chosen.map((m) => m.pipeline), weights: chosen.map((m) => m.weight) });

  let testMetrics: Record<string, number> | undefined;
  if (test !== undefined) {
    phase('test');
    testMetrics = scoreTest(model, test, problem);
  }
  return {
    task: spec.task,
    metric: spec.metric,
    higherIsBetter: problem.higherIsBetter,
    budgetSeconds,
    elapsedSeconds: elapsedSeconds(),
    spec,
    notes,
    metaFeatures: meta,
    trials,
    stoppedBy: search.stoppedBy,
    best: { trial: best.id, learner: best.config.learner, params: best.config.params, score: best.score as number },
    ensemble: {
      members: chosen.map((m) => ({ trial: m.trial.id, learner: m.trial.config.learner, params: m.trial.config.params, weight: m.weight })),
      score: ensembleScore,
    },
    model,
    lead: { trial: lead.trial.id, learner: lead.trial.config.learner, pipeline: lead.pipeline },
    ...(testMetrics === undefined ? {} : { testMetrics }),
  };
}

function signalOf(options: { readonly signal?: AbortSignal }): { signal?: AbortSignal } {
  return options.signal === undefined ? {} : { signal: options.signal };
}

function countFailed(trials: readonly TrialRecord[]): number {
  return trials.filter((t) => t.status === 'failed').length;
}

/**
 * The rung the ensemble is chosen from: the highest with at least {@link ENSEMBLE_MIN_TRIALS} successful trials (a
 * choice among several), else the highest any trial reached.
 */
function ensembleRung(ok: readonly TrialRecord[]): number {
  const rungs = [...new Set(ok.map((t) => t.rung))].sort((a, b) => b - a);
  return rungs.find((r) => ok.filter((t) => t.rung === r).length >= ENSEMBLE_MIN_TRIALS) ?? rungs[0] ?? -1;
}

/** Seconds to refit a trial's configuration on `rows` rows, from its trial time (fits scale about linearly). */
function refitSeconds(problem: Problem, trial: TrialRecord, rows: number): number {
  const perFit = trial.fitSeconds / problem.splits.length;
  return (perFit * rows) / Math.max(1, trial.rows) + 0.05;
}

function normalise<T extends { weight: number }>(members: readonly T[]): T[] {
  const total = members.reduce((a, m) => a + m.weight, 0);
  return members.map((m) => ({ ...m, weight: m.weight / total }));
}

/**
 * The finish after the search: refits of the likely ensemble members (the best four of the highest rung reached) on
 * every row, ensemble selection and test scoring; at most {@link FINISH_SHARE} of the budget, as the refit adapts
 * to the time left.
 */
function finishSeconds(problem: Problem, trials: readonly TrialRecord[], budgetSeconds: number): number {
  const ok = trials.filter((t) => t.status === 'ok');
  const rung = ensembleRung(ok);
  const top = ok
    .filter((t) => t.rung === rung)
    .sort((a, b) => lossOf(problem, a.score as number) - lossOf(problem, b.score as number))
    .slice(0, 4);
  // The lead is refitted for sure; the others only if time allows, so none counts for more than twice the lead.
  const lead = top[0] === undefined ? 0 : refitSeconds(problem, top[0], problem.frame.rowCount);
  const refits = top.reduce((s, t, i) => s + (i === 0 ? lead : Math.min(2 * lead, refitSeconds(problem, t, problem.frame.rowCount))), 0);
  const selection = (problem.validationRows.length * ENSEMBLE_CANDIDATES * ENSEMBLE_ROUNDS) / 4e7;
  return Math.min(1.2 * refits + selection + 0.2, budgetSeconds * FINISH_SHARE);
}
