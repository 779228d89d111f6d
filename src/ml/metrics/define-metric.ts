/**
 * The metric plug-in point: every scalar metric is plain metadata plus a `compute` function, made by
 * {@link defineMetric} and listed in the static index (`builtin-metrics.ts`). AutoML, gates and the CLI pick a
 * metric by its permanent kebab-case id and read `greaterIsBetter` to know which way is "better".
 */
import type { Task } from '../../core/index.js';
import type { NumericArray } from './validate.js';
import { metricInputError } from './validate.js';

/** Kinds of supervised task a metric applies to. */
export type MetricTask = Task;

/** What a metric consumes besides yTrue: predicted labels, predicted probabilities/scores, or predicted values. */
export type MetricInputKind = 'labels' | 'proba' | 'values';

/**
 * The uniform input of a registered metric.
 * - `labels`: `yTrue`, `yPred` class indices 0..k-1.
 * - `proba`: `yTrue` class indices and `proba` — binary: P(class 1) per sample; multiclass: row-major n×k with
 *   `nClasses` = k (≥ 3, or 2 to pass a two-column matrix).
 * - `values`: `yTrue`, `yPred` real numbers.
 */
export interface MetricInput {
  readonly yTrue: NumericArray;
  readonly yPred?: NumericArray;
  readonly proba?: NumericArray;
  readonly nClasses?: number;
  readonly sampleWeight?: NumericArray;
}

/** Metadata and computation of one scalar metric. */
export interface MetricDefinition {
  /** Permanent kebab-case id (`roc-auc`, `log-loss`, `rmse`). */
  readonly id: string;
  readonly title: string;
  /** Tasks the metric is defined for. */
  readonly task: readonly MetricTask[];
  readonly input: MetricInputKind;
  /** True for scores (accuracy, AUC), false for losses and errors (log loss, RMSE). */
  readonly greaterIsBetter: boolean;
  /** Computes the metric; throws `MLP_ML_METRIC_INPUT` on bad input. */
  readonly compute: (input: MetricInput) => number;
}

/** The input handed to a metric's own `compute`: the array its input kind needs is known to be present. */
export type InputFor<K extends MetricInputKind> = K extends 'proba'
  ? MetricInput & { readonly proba: NumericArray }
  : MetricInput & { readonly yPred: NumericArray };

/** What {@link defineMetric} takes: the metadata plus a `compute` over the narrowed input. */
export interface MetricSpec<K extends MetricInputKind> extends Omit<MetricDefinition, 'compute' | 'input'> {
  readonly input: K;
  readonly compute: (input: InputFor<K>) => number;
}

/**
 * Builds a frozen metric definition. The returned `compute` first checks that the input carries the array the
 * metric's `input` kind needs (`yPred` or `proba`), so a misuse names the missing argument.
 */
export function defineMetric<K extends MetricInputKind>(spec: MetricSpec<K>): MetricDefinition {
  const needed = spec.input === 'proba' ? 'proba' : 'yPred';
  const compute = (input: MetricInput): number => {
    if (input[needed] === undefined) {
      const what =
        spec.input === 'proba' ? 'predicted probabilities' : spec.input === 'labels' ? 'predicted class labels' : 'predicted values';
      throw metricInputError(spec.id, needed, `is missing; this metric needs ${what}`);
    }
    return spec.compute(input as InputFor<K>);
  };
  return Object.freeze({ ...spec, task: Object.freeze([...spec.task]), compute });
}
