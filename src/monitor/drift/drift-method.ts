/**
 * The drift-method contract: a method is plain metadata (id, kind, default threshold, column types) plus a
 * function that scores a reference sample against a current one. The method never says "drift": the framework
 * decides from the method's kind and threshold ({@link isDrift}), the same way for every method.
 */

/** The column types drift methods compare (datetime and text columns are not tested). */
export type DriftColumnType = 'numeric' | 'categorical' | 'boolean';

/** Every drift column type, in documentation order. */
export const DRIFT_COLUMN_TYPES: readonly DriftColumnType[] = Object.freeze(['numeric', 'categorical', 'boolean']);

/**
 * How a score reads: a `p-value` means drift when it is below the threshold (the null hypothesis "same
 * distribution" is rejected); a `distance` means drift when it is at or above the threshold.
 */
export type DriftKind = 'p-value' | 'distance';

/**
 * The shared support of a column's two samples, on which both samples' counts are taken: the union of the
 * levels (categorical, boolean, or a numeric column with few distinct values), or bins cut at quantiles of the
 * reference (a numeric column with many values; the first bin is (-∞, edges[0]), the last [edges[last], ∞)).
 */
export type DriftSupport =
  { readonly kind: 'levels'; readonly labels: readonly string[] } | { readonly kind: 'bins'; readonly edges: Float64Array };

/** One side of a numeric column: the values without missing ones, sorted ascending. */
export interface NumericSample {
  readonly type: 'numeric';
  /** The non-missing values, ascending. */
  readonly sorted: Float64Array;
  /** Counts on the shared support ({@link DriftContext.support}), one per level or bin. */
  readonly counts: Float64Array;
}

/** One side of a categorical or boolean column: counts of each level of the shared support. */
export interface CategoricalSample {
  readonly type: 'categorical' | 'boolean';
  /** Counts on the shared support ({@link DriftContext.support}), one per level; sums to the non-missing rows. */
  readonly counts: Float64Array;
}

/** One side of a column as counts on the shared support only: what a profile (histogram, level counts) holds. */
export interface CountsSample {
  readonly counts: Float64Array;
}

/** One side of one column, without its missing values (their count is in the result, not here). */
export type ColumnSample = NumericSample | CategoricalSample;

/** One side of a multivariate comparison: a column-major matrix of the compared columns (NaN = missing). */
export interface TableSample {
  /** Rows of this side. */
  readonly rows: number;
  /** One Float64Array per column; categorical and boolean columns hold codes 0..k-1 of the shared levels. */
  readonly columns: readonly Float64Array[];
}

/** What a univariate method is told besides the two samples. */
export interface DriftContext {
  /** The column's name (for messages). */
  readonly column: string;
  /** The shared support of both samples' `counts`. */
  readonly support: DriftSupport;
  /** Distinct non-missing values in reference and current together. */
  readonly distinct: number;
  /** Seed of any random choice (permutations, subsampling). */
  readonly seed: number;
}

/** What a multivariate method is told besides the two tables. */
export interface TableContext {
  /** Column names, in the tables' column order. */
  readonly names: readonly string[];
  /** `categorical[j]` is true when column j holds level codes (categorical or boolean). */
  readonly categorical: readonly boolean[];
  readonly seed: number;
}

/** A named measure of how large the change is, reported beside a p-value (which only says how sure). */
export interface EffectSize {
  /** e.g. `ks-d`, `cramers-v`, `cohens-h`, `wasserstein-normed`. */
  readonly name: string;
  readonly value: number;
}

/** A method's answer: its score (a p-value or a distance, as its kind says), never a verdict. */
export interface MethodScore {
  readonly score: number;
  /** Required for p-value methods. */
  readonly effectSize?: EffectSize;
  /** Method-specific facts (statistic, degrees of freedom, mode, bandwidth, AUC, top features…), JSON-safe. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Metadata every drift method declares, as data (the CLI, the docs and the API list it). */
export interface DriftMethodMeta {
  /** Permanent kebab-case id (`ks`, `psi`, `domain-classifier`). */
  readonly id: string;
  readonly title: string;
  /** One sentence: what it measures and on what. */
  readonly description: string;
  readonly kind: DriftKind;
  /** Used unless the caller gives one: p-value methods drift below it, distance methods at or above it. */
  readonly defaultThreshold: number;
  readonly columnTypes: readonly DriftColumnType[];
  /** True when swapping reference and current gives the same score (checked by the conformance suite). */
  readonly symmetric: boolean;
  /** Fewer non-missing values than this on either side → the column's status is `insufficient-data`. */
  readonly minSamples: number;
  /** At most this many distinct values (both sides together) for the method to apply, e.g. 2 for `z-test`. */
  readonly maxDistinct?: number;
}

/** A method comparing one column at a time. */
export interface UnivariateDriftMethod extends DriftMethodMeta {
  readonly multivariate: false;
  /**
   * Scores one column. Both samples have at least {@link DriftMethodMeta.minSamples} values and are of one of
   * the method's column types. May reject a sample that does not fit it with MLP_DRIFT_METHOD_UNSUITABLE.
   */
  readonly onSample: (reference: ColumnSample, current: ColumnSample, ctx: DriftContext) => MethodScore | Promise<MethodScore>;
  /**
   * Scores one column from counts alone (profiles: a numeric histogram on the reference's edges, exact level
   * counts), for methods whose score depends on nothing else. Absent: the method needs the raw values.
   */
  readonly onProfile?: (reference: CountsSample, current: CountsSample, ctx: DriftContext) => MethodScore;
}

/** A method comparing many columns at once (the dataset as a whole). */
export interface MultivariateDriftMethod extends DriftMethodMeta {
  readonly multivariate: true;
  /** Scores the tables of all compared columns. */
  readonly onSample: (reference: TableSample, current: TableSample, ctx: TableContext) => MethodScore | Promise<MethodScore>;
}

/** Any drift method. */
export type DriftMethod = UnivariateDriftMethod | MultivariateDriftMethod;

type Definition<M extends DriftMethod> = Omit<M, 'minSamples' | 'multivariate'> & { readonly minSamples?: number };

/**
 * Builds a drift method from its definition (like typescript-eslint's `createRule`): every method has the same
 * shape, its metadata is frozen data, `minSamples` defaults to 1.
 */
export function defineDriftMethod(definition: Definition<UnivariateDriftMethod> & { readonly multivariate?: false }): UnivariateDriftMethod;
export function defineDriftMethod(
  definition: Definition<MultivariateDriftMethod> & { readonly multivariate: true },
): MultivariateDriftMethod;
export function defineDriftMethod(
  definition:
    | (Definition<UnivariateDriftMethod> & { readonly multivariate?: false })
    | (Definition<MultivariateDriftMethod> & { readonly multivariate: true }),
): DriftMethod {
  return Object.freeze({
    ...definition,
    columnTypes: Object.freeze([...definition.columnTypes]),
    minSamples: definition.minSamples ?? 1,
    multivariate: definition.multivariate === true,
  }) as DriftMethod;
}

/**
 * The one place that turns a score into a verdict: a p-value drifts when `score < threshold`, a distance when
 * `score >= threshold`.
 */
export function isDrift(kind: DriftKind, score: number, threshold: number): boolean {
  return kind === 'p-value' ? score < threshold : score >= threshold;
}

/** The metadata of a method as plain JSON (for `mlpilot monitor methods` and the API). */
export function describeDriftMethod(method: DriftMethod): DriftMethodMeta & { readonly multivariate: boolean; readonly profiles: boolean } {
  return {
    id: method.id,
    title: method.title,
    description: method.description,
    kind: method.kind,
    defaultThreshold: method.defaultThreshold,
    columnTypes: [...method.columnTypes],
    symmetric: method.symmetric,
    minSamples: method.minSamples,
    ...(method.maxDistinct === undefined ? {} : { maxDistinct: method.maxDistinct }),
    profiles: !method.multivariate && method.onProfile !== undefined,
    multivariate: method.multivariate,
  };
}
