/**
 * The search loop: warm-start configurations first (defaults, portfolio, history), then cost-aware learner
 * choice (FLAML's estimated cost for improvement) with a TPE sampler per learner, successive halving on rows for
 * large data (ASHA's promotion rule), all within the wall-clock budget, leaving time for the refit.
 */
import { type MonotonicClock, seededRandom } from '../core/index.js';
import type { ParamValue } from '../ml/index.js';
import type { Problem } from './problem.js';
import { type Configuration, configurationKey, type LearnerPlan } from './space.js';
import { TpeSampler } from './tpe.js';
import { lossOf, type TrialOutcome, type TrialRequest } from './trial.js';

/** Runs trials somewhere: in this thread, on pool threads or on `mlpilot worker` processes. */
export interface TrialExecutor {
  /** Trials run at once. */
  readonly slots: number;
  run(request: TrialRequest): Promise<TrialOutcome>;
}

/** Where a trial's configuration came from. */
export type TrialSource = 'default' | 'portfolio' | 'history' | 'tpe' | 'halving';

/** One trial as the search records it. */
export interface TrialRecord {
  /** 1-based, in the order trials were started. */
  readonly id: number;
  readonly config: Configuration;
  readonly source: TrialSource;
  /** Successive-halving rung (0 = fewest rows); the last rung trains on every training row. */
  readonly rung: number;
  readonly status: 'ok' | 'failed';
  readonly score?: number;
  readonly error?: string;
  readonly fitSeconds: number;
  /** Seconds since the search started when the trial ended. */
  readonly endedAt: number;
  readonly rows: number;
  /** Early-stopped learners: the mean best iteration (used by the refit). */
  readonly iterations?: number;
}

/** Search progress for a progress bar or a job. */
export interface SearchProgress {
  readonly phase: 'search' | 'ensemble' | 'refit' | 'test';
  readonly elapsedSeconds: number;
  readonly trials: number;
  readonly failed: number;
  readonly bestScore?: number;
}

/** What {@link runSearch} needs. */
export interface SearchOptions {
  readonly problem: Problem;
  readonly plans: readonly LearnerPlan[];
  readonly executor: TrialExecutor;
  /** Threads each trial may use. */
  readonly threads: number;
  readonly budgetMs: number;
  readonly maxTrials?: number;
  /** Configurations tried first, in order, before the optimiser's. */
  readonly warmStart: readonly { readonly config: Configuration; readonly source: TrialSource }[];
  readonly clock: MonotonicClock;
  /** `clock.now()` when the whole AutoML run started (the budget counts from there). */
  readonly startedAt: number;
  /** Estimated seconds the work after the search takes, from the trials so far (refit, ensemble, test). */
  readonly finishEstimate: (trials: readonly TrialRecord[]) => number;
  readonly signal?: AbortSignal;
  readonly onTrial?: (trial: TrialRecord) => void | Promise<void>;
  readonly progress?: (progress: SearchProgress) => void;
}

/** The trials of a search and the validation predictions of the best ones. */
export interface SearchResult {
  readonly trials: TrialRecord[];
  /** Validation predictions of the best trials of each rung by trial id (at most {@link KEPT_PREDICTIONS} per rung). */
  readonly predictions: Map<number, Float64Array>;
  readonly stoppedBy: 'budget' | 'max-trials' | 'exhausted';
}

/** Validation predictions kept for ensemble selection. */
export const KEPT_PREDICTIONS = 25;
/** Rows of the first successive-halving rung at least, and the factor between rungs. */
const HALVING_MIN_ROWS = 5_000;
const HALVING_FACTOR = 4;
/** Fraction of the budget the whole run aims at, leaving slack for the unforeseen. */
const BUDGET_TARGET = 0.93;
/** Proposals of already-tried configurations in a row after which a learner's space counts as exhausted. */
const DUPLICATES_TO_EXHAUST = 8;
/** Largest fraction of the budget one trial may take. */
const TRIAL_SHARE = 0.2;
/** Shortest time share of a fit (ms). */
const MIN_SHARE_MS = 250;

interface LearnerStats {
  trials: number;
  failures: number;
  /** Cost spent on the learner: seconds, or trials in a reproducible search. */
  cost: number;
  bestLoss: number;
  /** Cost spent when its best so far was found, and when its previous best was. */
  costAtBest: number;
  costAtPreviousBest: number;
  previousBestLoss: number;
}

/** The rows of each successive-halving rung, fewest first; one rung for small data. */
export function halvingRungs(trainRows: number): number[] {
  const rungs = [trainRows];
  while (Math.floor((rungs[0] as number) / HALVING_FACTOR) >= HALVING_MIN_ROWS)
    rungs.unshift(Math.floor((rungs[0] as number) / HALVING_FACTOR));
  return rungs;
}

/** Runs the search until the budget (minus the estimated finish), `maxTrials` or the abort signal ends it. */
export async function runSearch(options: SearchOptions): Promise<SearchResult> {
  const { problem, plans, executor, clock } = options;
  const maxTrainRows = Math.max(...problem.splits.map((s) => s.train.length));
  const rungs = halvingRungs(maxTrainRows);
  const top = rungs.length - 1;
  const trials: TrialRecord[] = [];
  const predictions = new Map<number, Float64Array>();
  const byLearner = new Map(plans.map((p) => [p.learner.id, p]));
  const samplers = new Map(
    plans.map((p, i) => [p.learner.id, new TpeSampler(p.space, problem.spec.task, { seed: problem.spec.seed * 7919 + i + 1 })]),
  );
  const stats = new Map<string, LearnerStats>(
    plans.map((p) => [
      p.learner.id,
      { trials: 0, failures: 0, cost: 0, bestLoss: Infinity, costAtBest: 0, costAtPreviousBest: 0, previousBestLoss: Infinity },
    ]),
  );
  const random = seededRandom(problem.spec.seed + 17);
  const warm = options.warmStart.filter((w) => byLearner.has(w.config.learner));
  const seen = new Set<string>();
  const promoted = new Set<number>();
  /** Learners whose sampler keeps proposing configurations already tried (a small or empty space). */
  const exhausted = new Set<string>();
  const reproducible = options.maxTrials !== undefined;
  let bestLoss = Infinity;
  let bestScore: number | undefined;
  let failed = 0;
  const elapsed = (): number => clock.now() - options.startedAt;
  const deadline = options.budgetMs * BUDGET_TARGET;
  const remaining = (): number => deadline - elapsed() - options.finishEstimate(trials) * 1000;

  /** The next unit of work: a promotion, a warm-start configuration, or a new sample. */
  const next = (): { config: Configuration; source: TrialSource; rung: number } | undefined => {
    for (let r = top - 1; r >= 0; r--) {
      const done = trials.filter((t) => t.rung === r && t.status === 'ok').sort((a, b) => lossOfTrial(a) - lossOfTrial(b));
      const quota = Math.floor(done.length / HALVING_FACTOR);
      // A configuration whose next rung would not fit in a trial's share is not promoted (cost grows with rows);
      // timing never decides in a reproducible search.
      const affordable = (t: TrialRecord): boolean =>
        reproducible || t.fitSeconds * HALVING_FACTOR * 1000 <= options.budgetMs * TRIAL_SHARE;
      const candidate = done.slice(0, quota).find((t) => !promoted.has(t.id) && affordable(t));
      if (candidate !== undefined) {
        promoted.add(candidate.id);
        return { config: candidate.config, source: 'halving', rung: r + 1 };
      }
    }
    while (warm.length > 0) {
      const w = warm.shift() as (typeof warm)[number];
      const key = configurationKey(w.config);
      if (seen.has(key)) continue;
      seen.add(key);
      return { config: w.config, source: w.source, rung: 0 };
    }
    for (;;) {
      const learner = chooseLearner();
      if (learner === undefined) return undefined;
      const sampler = samplers.get(learner) as TpeSampler;
      let repeats = 0;
      for (; repeats < DUPLICATES_TO_EXHAUST; repeats++) {
        const params = sampler.suggest();
        const config = { learner, params };
        const key = configurationKey(config);
        if (!seen.has(key)) {
          seen.add(key);
          return { config, source: 'tpe', rung: 0 };
        }
      }
      exhausted.add(learner);
    }
  };

  const lossOfTrial = (t: TrialRecord): number => (t.score === undefined ? Infinity : lossOf(problem, t.score));

  /**
   * FLAML's estimated cost for improvement: the cost a learner needs to beat its own best (the longer of the cost
   * since its best and the cost its last improvement took) plus, when it trails the best learner, the cost to close
   * the gap at its recent rate. Learners are drawn with probability ∝ 1 / ECI, never-tried ones first; a learner
   * that never succeeded costs the average trial, doubled per failure. Cost is seconds, or trials when the search
   * must be reproducible (a trial count was given), so timing never changes which trials run.
   */
  const chooseLearner = (): string | undefined => {
    const open = plans.filter((p) => !exhausted.has(p.learner.id));
    const untried = open.find((p) => (stats.get(p.learner.id) as LearnerStats).trials === 0);
    if (untried !== undefined) return untried.learner.id;
    if (open.length === 0) return undefined;
    const all = [...stats.values()];
    const meanCost =
      all.reduce((a, s) => a + s.cost, 0) /
      Math.max(
        1,
        all.reduce((a, s) => a + s.trials, 0),
      );
    const weights = open.map((p) => {
      const s = stats.get(p.learner.id) as LearnerStats;
      const perTrial = s.cost / s.trials;
      if (!Number.isFinite(s.bestLoss)) return 1 / Math.max(Math.max(meanCost, perTrial) * 2 ** s.failures, 1e-9);
      let eci = Math.max(s.cost - s.costAtBest, s.costAtBest - s.costAtPreviousBest, perTrial);
      if (s.bestLoss > bestLoss) {
        const rate = Number.isFinite(s.previousBestLoss)
          ? (s.previousBestLoss - s.bestLoss) / Math.max(s.costAtBest - s.costAtPreviousBest, perTrial)
          : 0;
        const gap = s.bestLoss - bestLoss;
        eci = Math.max(eci, rate > 0 ? gap / rate : eci * 2 * (1 + gap / Math.max(Math.abs(bestLoss), 1e-9)));
      }
      return 1 / Math.max(eci, 1e-9);
    });
    const total = weights.reduce((a, b) => a + b, 0);
    let u = random() * total;
    for (const [i, w] of weights.entries()) {
      u -= w;
      if (u <= 0) return (open[i] as LearnerPlan).learner.id;
    }
    return (open.at(-1) as LearnerPlan).learner.id;
  };

  const record = async (work: { config: Configuration; source: TrialSource; rung: number }, outcome: TrialOutcome): Promise<void> => {
    const id = trials.length + 1;
    const trial: TrialRecord =
      outcome.status === 'ok'
        ? {
            id,
            ...work,
            status: 'ok',
            score: outcome.score,
            fitSeconds: outcome.fitSeconds,
            endedAt: elapsed() / 1000,
            rows: outcome.rows,
            ...(outcome.iterations === undefined ? {} : { iterations: outcome.iterations }),
          }
        : {
            id,
            ...work,
            status: 'failed',
            error: outcome.error,
            fitSeconds: outcome.fitSeconds,
            endedAt: elapsed() / 1000,
            rows: outcome.rows,
          };
    trials.push(trial);
    const loss = outcome.status === 'ok' ? lossOf(problem, outcome.score) : undefined;
    if (work.rung === 0) (samplers.get(work.config.learner) as TpeSampler).observe(work.config.params as Record<string, ParamValue>, loss);
    const s = stats.get(work.config.learner) as LearnerStats;
    s.trials++;
    s.cost += reproducible ? 1 : outcome.fitSeconds;
    if (outcome.status === 'failed') {
      failed++;
      s.failures++;
    }
    if (loss !== undefined && work.rung === top) {
      if (loss < s.bestLoss) {
        s.previousBestLoss = s.bestLoss;
        s.costAtPreviousBest = s.costAtBest;
        s.bestLoss = loss;
        s.costAtBest = s.cost;
      }
      if (loss < bestLoss) {
        bestLoss = loss;
        bestScore = outcome.status === 'ok' ? outcome.score : bestScore;
      }
    }
    if (outcome.status === 'ok') keepPredictions(predictions, trials, trial, outcome.predictions, lossOfTrial);
    await options.onTrial?.(trial);
    options.progress?.({
      phase: 'search',
      elapsedSeconds: elapsed() / 1000,
      trials: trials.length,
      failed,
      ...(bestScore === undefined ? {} : { bestScore }),
    });
  };

  let stoppedBy: SearchResult['stoppedBy'] = 'budget';
  for (;;) {
    options.signal?.throwIfAborted();
    if (options.maxTrials !== undefined && trials.length >= options.maxTrials) {
      stoppedBy = 'max-trials';
      break;
    }
    const left = remaining();
    if (left <= 0) break;
    const batch: Array<{ config: Configuration; source: TrialSource; rung: number }> = [];
    const room = options.maxTrials === undefined ? executor.slots : Math.min(executor.slots, options.maxTrials - trials.length);
    for (let i = 0; i < room; i++) {
      const work = next();
      if (work === undefined) break;
      batch.push(work);
    }
    if (batch.length === 0) {
      stoppedBy = 'exhausted';
      break;
    }
    // One trial gets at most a share of the budget, so a slow configuration cannot use it all up; a trial on fewer
    // rows (a lower rung) gets less, by the square root of its fraction of the rows. Until a trial has succeeded,
    // a trial may use what is left: cutting the only candidates short (a cold thread on a loaded machine, a short
    // budget) would leave the search with nothing, and the budget still bounds them.
    const anySucceeded = trials.some((t) => t.status === 'ok');
    const share = (rung: number): number =>
      Math.max(
        MIN_SHARE_MS,
        Math.min(left, anySucceeded ? options.budgetMs * TRIAL_SHARE * Math.sqrt((rungs[rung] as number) / maxTrainRows) : left) /
          problem.splits.length,
      );
    const outcomes = await Promise.all(
      batch.map((work) =>
        executor.run({
          config: work.config,
          threads: options.threads,
          ...(work.rung === top ? {} : { rows: rungs[work.rung] as number }),
          // With a trial count no fit is cut by time, so the same seed gives the same trials on any machine.
          ...(options.maxTrials === undefined ? { timeMs: share(work.rung) } : {}),
        }),
      ),
    );
    for (const [i, work] of batch.entries()) await record(work, outcomes[i] as TrialOutcome);
  }
  return { trials, predictions, stoppedBy };
}

/** Keeps the predictions of the best {@link KEPT_PREDICTIONS} trials of each rung, dropping the worst beyond. */
function keepPredictions(
  kept: Map<number, Float64Array>,
  trials: readonly TrialRecord[],
  trial: TrialRecord,
  predictions: Float64Array,
  loss: (t: TrialRecord) => number,
): void {
  kept.set(trial.id, predictions);
  const rung = [...kept.keys()].filter((key) => (trials[key - 1] as TrialRecord).rung === trial.rung);
  if (rung.length <= KEPT_PREDICTIONS) return;
  let worst = -1;
  let worstLoss = -Infinity;
  for (const key of rung) {
    const value = loss(trials[key - 1] as TrialRecord);
    if (value > worstLoss || (value === worstLoss && key > worst)) {
      worst = key;
      worstLoss = value;
    }
  }
  kept.delete(worst);
}
