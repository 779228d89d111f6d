/**
 * The shape of the saved portfolio, in its own file so the generated `portfolio-data.ts` and `portfolio.ts`, which
 * reads it, do not import each other.
 */
import type { Task } from '../core/index.js';
import type { ParamValue } from '../ml/index.js';

/** The saved portfolio: per task, configurations in the order the greedy construction chose them. */
export interface PortfolioData {
  /** How it was built (script, datasets, candidates, folds). */
  readonly provenance: string;
  readonly entries: Readonly<Record<Task, readonly { readonly learner: string; readonly params: Readonly<Record<string, ParamValue>> }[]>>;
}
