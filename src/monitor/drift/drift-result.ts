import type { Registry } from '../../core/index.js';
import type { ColumnType } from '../../data/index.js';
import type { Distribution, SampleSizes } from './column-sample.js';
import type { DriftKind, DriftMethod, EffectSize } from './drift-method.js';

/* The options and the JSON-safe result of a drift comparison (`driftReport` in drift-report.ts). */

/** How `driftReport` compares. Every field is optional. */
export interface DriftOptions {
  /** Columns to compare (default: every numeric, categorical and boolean column present on both sides). */
  readonly columns?: readonly string[];
  /** Method for every column (a multivariate method runs once on all compared columns instead). Default: automatic. */
  readonly method?: string;
  /** Method per column, over `method`. */
  readonly methods?: Readonly<Record<string, string>>;
  /**
   * Threshold for every column (default: each method's own); when `method` is multivariate, that method's
   * threshold instead (the columns keep their defaults).
   */
  readonly threshold?: number;
  /** Threshold per column, over `threshold`. */
  readonly thresholds?: Readonly<Record<string, number>>;
  /** Multivariate methods to run on all compared columns together (e.g. `domain-classifier`). */
  readonly multivariate?: readonly string[];
  /** Correction of the p-values across columns (default `benjamini-hochberg`). */
  readonly correction?: 'benjamini-hochberg' | 'none';
  /** Share of drifted columns at which the dataset drifts (default 0.5). */
  readonly driftShare?: number;
  /** Reference-quantile bins of numeric columns for count-based methods (default 10). */
  readonly bins?: number;
  /** Seed of permutations and subsampling (default 0). */
  readonly seed?: number;
  /** Names of the two sides for the report and messages (file, `NAME@VERSION`, window). */
  readonly labels?: { readonly reference?: string; readonly current?: string };
  /** Methods to pick from (default: the built-ins). */
  readonly registry?: Registry<DriftMethod>;
}

/**
 * The drift result of one column. `score` is what the method returned (a p-value or a distance, as `kind`
 * says); for p-value methods `adjustedPValue` is the Benjamini–Hochberg value, and it (not `score`) decides
 * `drift` when the correction is on.
 */
export interface ColumnDrift {
  readonly column: string;
  /** The reference column's type (`currentType` differs when `status` is `type-changed`). */
  readonly type: ColumnType;
  readonly currentType: ColumnType;
  /**
   * `ok`: compared; `insufficient-data`: too few non-missing values on a side (no verdict, not drifted);
   * `type-changed`: the type differs (drifted).
   */
  readonly status: 'ok' | 'insufficient-data' | 'type-changed';
  /** Method id (null when nothing was run). */
  readonly method: string | null;
  readonly kind: DriftKind | null;
  readonly threshold: number | null;
  /** The method's score, null when nothing was run. */
  readonly score: number | null;
  readonly adjustedPValue?: number;
  readonly drift: boolean;
  readonly effectSize?: EffectSize;
  /** How the method was chosen: `auto` (with Evidently's rule as the reason) or `pinned`. */
  readonly choice: { readonly by: 'auto' | 'pinned'; readonly reason: string } | null;
  readonly sizes: SampleSizes;
  readonly newCategories: readonly string[];
  /** Why there is no verdict, or why the score is what it is (e.g. both sides constant and equal). */
  readonly note?: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly distribution?: Distribution;
}

/** A multivariate method's result on all compared columns. */
export interface MultivariateDrift {
  readonly method: string;
  readonly kind: DriftKind;
  readonly threshold: number;
  readonly score: number | null;
  readonly drift: boolean;
  readonly columns: readonly string[];
  readonly sizes: { readonly reference: number; readonly current: number };
  readonly note?: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** What `driftReport` returns: JSON-safe (no typed arrays, no NaN). */
export interface DriftReport {
  readonly reference: { readonly label: string; readonly rows: number };
  readonly current: { readonly label: string; readonly rows: number };
  readonly correction: 'benjamini-hochberg' | 'none';
  /** Most drifted first: type changes, then drifted columns by severity, then the rest, then those without a verdict. */
  readonly columns: readonly ColumnDrift[];
  /** Columns not compared, and why (only on one side, datetime or text). */
  readonly skipped: readonly { readonly column: string; readonly reason: string }[];
  readonly multivariate: readonly MultivariateDrift[];
  readonly dataset: {
    /** Columns with a verdict (`ok` or `type-changed`). */
    readonly compared: number;
    readonly drifted: number;
    /** drifted / compared (0 when nothing was compared). */
    readonly share: number;
    readonly driftShare: number;
    /** share ≥ driftShare, or a multivariate method found drift. */
    readonly drift: boolean;
  };
}
