import { InvalidParamError, systemMonotonicClock } from '../core/index.js';
import type { MonotonicClock } from '../core/index.js';
import type { FitContext, FitReport, StopReason, TrainingOutcome } from './learner.js';

/** Metrics of one iteration, as {@link FitReport} carries them. */
export type IterationMetrics = Pick<FitReport, 'metric' | 'training' | 'validation'>;

/**
 * Checks the budget of a fit context.
 * @throws MLP_ML_INVALID_PARAM for a `maxIterations` that is not an integer ≥ 1 or a `timeMs` that is not a
 *   finite number ≥ 0.
 */
export function checkFitBudget(learner: string, context: FitContext): void {
  const { maxIterations, timeMs } = context.budget ?? {};
  if (maxIterations !== undefined && !(Number.isInteger(maxIterations) && maxIterations >= 1)) {
    throw InvalidParamError({ learner, param: 'budget.maxIterations', problem: `${maxIterations} is not an integer ≥ 1` });
  }
  if (timeMs !== undefined && !(Number.isFinite(timeMs) && timeMs >= 0)) {
    throw InvalidParamError({ learner, param: 'budget.timeMs', problem: `${timeMs} is not a finite number of milliseconds ≥ 0` });
  }
}

/**
 * The iteration bookkeeping of one iterative fit, shared by the learners: the number of iterations to run (the
 * planned count capped by `budget.maxIterations`), progress and {@link FitReport}s after each iteration, the
 * signal, the time budget, and why the fit stopped. Create it when `fit` starts (the time budget counts from
 * there); the budget must have passed {@link checkFitBudget}.
 */
export class IterationControl {
  /** Iterations the learner's parameter asks for. */
  readonly planned: number;
  /** Iterations to run: `planned` capped by the budget. */
  readonly total: number;
  /** Whether reports should carry the training metric. */
  readonly trainingMetric: boolean;
  readonly #context: FitContext;
  readonly #clock: MonotonicClock;
  readonly #start: number;
  #done = 0;
  #reason: StopReason | null = null;
  #fraction = 0;

  constructor(context: FitContext, planned: number) {
    this.#context = context;
    this.planned = planned;
    const cap = context.budget?.maxIterations;
    this.total = cap === undefined ? planned : Math.min(planned, cap);
    this.trainingMetric = context.trainingMetric === true && context.report !== undefined;
    this.#clock = context.clock ?? systemMonotonicClock;
    this.#start = context.budget?.timeMs === undefined ? 0 : this.#clock.now();
  }

  /** Iterations done so far. */
  get done(): number {
    return this.#done;
  }

  /** Throws the signal's reason when it is aborted; for checks between units of work inside an iteration. */
  checkSignal(): void {
    this.#context.signal?.throwIfAborted();
  }

  /**
   * Records one finished iteration: reports progress and the iteration, then checks the signal (so a report may
   * abort the fit), then the time budget.
   * @returns false when the time budget ran out before the last iteration: the learner stops and returns its model.
   * @throws the signal's reason when it is aborted.
   */
  step(metrics: IterationMetrics = {}): boolean {
    this.note(metrics);
    this.checkSignal();
    const timeMs = this.#context.budget?.timeMs;
    if (timeMs !== undefined && this.#done < this.total && this.#clock.now() - this.#start >= timeMs) {
      this.#reason = 'time-budget';
      return false;
    }
    return true;
  }

  /**
   * Records one finished iteration and reports it, without checking the signal or the budget: for callers that
   * must not throw (event handlers) and handle the signal themselves.
   */
  note(metrics: IterationMetrics = {}): void {
    const iteration = ++this.#done;
    const { progress, report, budget } = this.#context;
    if (progress !== undefined) {
      const byTime = budget?.timeMs === undefined ? 0 : (this.#clock.now() - this.#start) / Math.max(budget.timeMs, 1e-9);
      this.#fraction = Math.max(this.#fraction, Math.min(1, Math.max(iteration / this.total, byTime)));
      progress(this.#fraction);
    }
    report?.({ iteration, total: this.total, ...metrics });
  }

  /** Records that early stopping ended the fit. */
  stopEarly(): void {
    this.#reason = 'early-stopping';
  }

  /** Ends the fit: reports progress 1 and returns why the fit stopped and how many iterations it ran. */
  finish(): TrainingOutcome {
    if (this.#fraction < 1) {
      this.#fraction = 1;
      this.#context.progress?.(1);
    }
    const cut = this.#done >= this.total && this.total < this.planned;
    return { stoppedBy: this.#reason ?? (cut ? 'iteration-budget' : 'completed'), iterations: this.#done };
  }
}

const STOP_REASONS: ReadonlySet<unknown> = new Set<StopReason>(['completed', 'early-stopping', 'iteration-budget', 'time-budget']);

/** Whether a value read from a model state is a {@link TrainingOutcome}. */
export function isTrainingOutcome(value: unknown): value is TrainingOutcome {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return STOP_REASONS.has(v.stoppedBy) && Number.isInteger(v.iterations) && (v.iterations as number) >= 0;
}
