/**
 * The portfolio: configurations that did well across many datasets, tried right after each learner's defaults so
 * a short budget starts from proven points (auto-sklearn 2's greedy portfolio). Built offline by
 * `scripts/automl-portfolio.ts` from cross-validation on training data only and saved as data in
 * `portfolio-data.ts`.
 */
import type { Task } from '../core/index.js';
import type { ParamValue } from '../ml/index.js';
import { PORTFOLIO } from './portfolio-data.js';
import type { Configuration } from './space.js';

/** The saved portfolio: per task, configurations in the order the greedy construction chose them. */
export interface PortfolioData {
  /** How it was built (script, datasets, candidates, folds). */
  readonly provenance: string;
  readonly entries: Readonly<Record<Task, readonly { readonly learner: string; readonly params: Readonly<Record<string, ParamValue>> }[]>>;
}

/** The portfolio's configurations for a task, best first. */
export function portfolioFor(task: Task, data: PortfolioData = PORTFOLIO): Configuration[] {
  return data.entries[task].map((e) => ({ learner: e.learner, params: { ...e.params } }));
}
