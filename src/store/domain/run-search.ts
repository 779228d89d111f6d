/** The run search request and the report of the plan that produced a result page. */

/**
 * A run search. `filter` uses the search language, parsed (never concatenated into SQL):
 * `metrics.auc > 0.8 and params.lr = '0.1' and tags.team = 'x' and attributes.status = 'finished'`;
 * comparisons `= != < <= > >=` on metrics and the time attributes, `= != like ilike in (…) not in (…)` on
 * params, tags and string attributes (status, name, run_id, experiment_id), joined with `and`; keys with
 * spaces or dots in backticks or double quotes (metrics.`val loss`). Syntax errors: MLP_STORE_SEARCH_SYNTAX
 * with the character position. `orderBy`: up to 3 entries like `metrics.auc desc`, `attributes.start_time
 * asc`, `params.lr` (runs lacking a key sort last); default `attributes.start_time desc`.
 */
export interface RunSearch {
  /** Restrict to these experiments (recommended: searches inside experiments use the fastest indexes). */
  experimentIds?: string[];
  filter?: string;
  orderBy?: string[];
  /** 1..1000, default 100. */
  maxResults?: number;
  /** Opaque token from the previous page's `nextPageToken`. */
  pageToken?: string;
  includeDeleted?: boolean;
}

/**
 * How part of a search page was read (the plans of `src/store/search/run-search.ts`):
 * - `equality-walk`: ordered by start time within one experiment, walking a param/tag equality's index;
 * - `newest-prefix`: ordered by start time, the page was found among the newest (or oldest) W runs;
 * - `metric-walk`: ordered by one metric with other filters, walking that metric's index in result order;
 * - `key-order`: the runs having the first order key (metric, param or tag), by a plain query joined on it;
 * - `missing-key`: the runs lacking the first order key (they sort last), by a plain query;
 * - `plain`: one query over runs, ordered by attributes, left to the database's planner.
 */
export type RunSearchStrategy = 'equality-walk' | 'newest-prefix' | 'metric-walk' | 'key-order' | 'missing-key' | 'plain';

/** The plan that produced one search page, as reported to `OpenStoreOptions.onSearchPlan`. */
export interface RunSearchPlan {
  /** The search was first restricted to the run ids of one selective metric/param/tag test (≤ 1,500 rows). */
  readonly selective: boolean;
  /** The strategies that read the page's rows, in order (a page may end one phase and begin the next). */
  readonly strategies: readonly RunSearchStrategy[];
}
