import { chi2Homogeneity } from '../../stats/index.js';
import { type CountsSample, defineDriftMethod, type MethodScore } from '../drift-method.js';

function chiSquared(reference: CountsSample, current: CountsSample): MethodScore {
  const result = chi2Homogeneity(reference.counts, current.counts);
  let n = 0;
  for (let i = 0; i < reference.counts.length; i++) n += (reference.counts[i] as number) + (current.counts[i] as number);
  const v = n > 0 ? Math.sqrt(result.statistic / n) : 0;
  return {
    score: result.pValue,
    effectSize: { name: 'cramers-v', value: Math.min(1, v) },
    details: { statistic: result.statistic, dof: result.dof },
  };
}

/**
 * Chi-squared test of homogeneity on the 2×k table of counts (SciPy's `chi2_contingency`, Yates-corrected when
 * dof = 1); levels new in the current data are part of the table. Effect size: Cramér's V = √(χ² / n), n the
 * table's total (for two rows min(r, c) − 1 = 1).
 */
export const chiSquaredMethod = defineDriftMethod({
  id: 'chi-squared',
  title: 'Chi-squared',
  description:
    "Chi-squared test of homogeneity on the counts of each level (numeric columns: each value, or the reference's quantile bins); p-value, with Cramér's V as the effect size.",
  kind: 'p-value',
  defaultThreshold: 0.05,
  columnTypes: ['categorical', 'boolean', 'numeric'],
  symmetric: true,
  onSample: (reference, current) => chiSquared(reference, current),
  onProfile: (reference, current) => chiSquared(reference, current),
});
