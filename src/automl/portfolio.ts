/**
 * The portfolio: configurations that did well across many datasets, tried right after each learner's defaults so
 * a short budget starts from proven points (auto-sklearn 2's greedy portfolio). Built offline by
 * `scripts/automl-portfolio.ts` from cross-validation on training data only and saved as data in
 * `portfolio-data.ts`.
 */
import type { Task } from '../core/index.js';
import { PORTFOLIO } from './portfolio-data.js';
import type { PortfolioData } from './portfolio-types.js';
import type { Configuration } from './space.js';

export type { PortfolioData } from './portfolio-types.js';

/** The portfolio's configurations for a task, best first. */
export function portfolioFor(task: Task, data: PortfolioData = PORTFOLIO): Configuration[] {
  return data.entries[task].map((e) => ({ learner: e.learner, params: { ...e.params } }));
}

/**
 * Each dataset's losses scaled to [0, 1]: the lowest finite loss of the row → 0, the highest → 1, linearly between;
 * a missing or non-finite loss (a failed candidate) → 1; a row whose finite losses are all equal → 0 for each.
 * `losses[d][c]` is candidate `c`'s loss on dataset `d` (lower is better).
 */
export function normalisedLosses(losses: readonly (readonly (number | null)[])[]): number[][] {
  return losses.map((row) => {
    const finite = row.filter((v): v is number => v !== null && Number.isFinite(v));
    const low = finite.length === 0 ? 0 : Math.min(...finite);
    const high = finite.length === 0 ? 0 : Math.max(...finite);
    return row.map((v) => (v === null || !Number.isFinite(v) ? 1 : high > low ? (v - low) / (high - low) : 0));
  });
}

/**
 * Auto-sklearn 2's greedy portfolio construction: candidates (columns of `losses`, see {@link normalisedLosses})
 * are added one at a time, each time the one that most lowers the mean over datasets of the best normalised loss
 * among the chosen ones (ties: the lower index). Stops at `maxEntries` or when no candidate lowers it any more.
 * @returns The chosen candidate indices, in the order chosen.
 */
export function greedyPortfolio(losses: readonly (readonly (number | null)[])[], maxEntries: number): number[] {
  const scaled = normalisedLosses(losses);
  const candidates = scaled[0]?.length ?? 0;
  // Best normalised loss so far per dataset; an empty portfolio scores 1 (as bad as the worst candidate).
  const best = scaled.map(() => 1);
  let current = scaled.length;
  const chosen: number[] = [];
  while (chosen.length < maxEntries) {
    let pick = -1;
    let pickTotal = current;
    for (let c = 0; c < candidates; c++) {
      if (chosen.includes(c)) continue;
      let total = 0;
      for (let d = 0; d < scaled.length; d++) total += Math.min(best[d] as number, (scaled[d] as number[])[c] as number);
      if (total < pickTotal - 1e-12) {
        pick = c;
        pickTotal = total;
      }
    }
    if (pick < 0) break;
    chosen.push(pick);
    for (let d = 0; d < scaled.length; d++) best[d] = Math.min(best[d] as number, (scaled[d] as number[])[pick] as number);
    current = pickTotal;
  }
  return chosen;
}
