/**
 * Chi-squared test of homogeneity on a 2 × k table of counts, as `scipy.stats.chi2_contingency([reference,
 * current])` (Pearson statistic, Yates' continuity correction when dof = 1). Categories that are zero in both
 * rows are dropped first (SciPy would refuse the table); with fewer than two categories left the rows cannot
 * differ: statistic 0, p-value 1, dof 0.
 */
import { chi2Sf } from './special/gamma.js';
import type { TestResult } from './test-result.js';
import { checkCounts, invalid } from './validate.js';
import { StatsEmptySampleError } from '../../core/index.js';

/** `scipy.stats.chi2_contingency([reference, current])` on counts per category (same length, finite, >= 0). */
export function chi2Homogeneity(reference: ArrayLike<number>, current: ArrayLike<number>): TestResult & { dof: number } {
  if (reference.length !== current.length) {
    invalid('chi-squared', 'current', `has ${current.length} categories but reference has ${reference.length}`);
  }
  const totalRef = checkCounts('chi-squared', 'reference', reference);
  const totalCur = checkCounts('chi-squared', 'current', current);
  if (totalRef <= 0) throw StatsEmptySampleError({ statistic: 'chi-squared', argument: 'reference', size: 0, minimum: 1 });
  if (totalCur <= 0) throw StatsEmptySampleError({ statistic: 'chi-squared', argument: 'current', size: 0, minimum: 1 });
  const keep: number[] = [];
  for (let j = 0; j < reference.length; j++) if ((reference[j] as number) > 0 || (current[j] as number) > 0) keep.push(j);
  const k = keep.length;
  const dof = k - 1;
  if (dof <= 0) return { statistic: 0, pValue: 1, dof: 0 };
  const total = totalRef + totalCur;
  const rows = [reference, current];
  const rowSums = [totalRef, totalCur];
  let stat = 0;
  for (let r = 0; r < 2; r++) {
    const row = rows[r] as ArrayLike<number>;
    for (const j of keep) {
      const colSum = (reference[j] as number) + (current[j] as number);
      const expected = ((rowSums[r] as number) * colSum) / total;
      let observed = row[j] as number;
      if (dof === 1) {
        // Yates: move each observed count half a unit towards its expectation (never past it)
        const diff = expected - observed;
        observed += Math.min(0.5, Math.abs(diff)) * Math.sign(diff);
      }
      stat += (observed - expected) ** 2 / expected;
    }
  }
  return { statistic: stat, pValue: chi2Sf(stat, dof), dof };
}
