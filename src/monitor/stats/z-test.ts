/**
 * Two-sided pooled two-proportion z test (Evidently's `z_stat_test`): z = (p_ref - p_cur) / sqrt(p (1 - p)
 * (1/n_ref + 1/n_cur)) with the pooled proportion p (Evidently's sign: positive when the reference rate is
 * higher); p-value 2 · Φ(-|z|) from the normal survival function.
 * When both proportions are equal (including all 0 or all 1) z = 0 and the p-value is 1.
 */
import { normalSf } from './special/normal.js';
import type { TestResult } from './test-result.js';
import { invalid } from './validate.js';
import { StatsEmptySampleError } from '../../core/index.js';

function checkCount(argument: string, value: number, max?: number): void {
  if (!Number.isInteger(value) || value < 0) invalid('z-test', argument, `must be a non-negative integer, not ${String(value)}`);
  if (max !== undefined && value > max) invalid('z-test', argument, `${value} successes exceed the ${max} trials`);
}

/** Two-sided pooled z test that the reference and current success proportions are equal. */
export function zTestProportions(refSuccesses: number, refN: number, curSuccesses: number, curN: number): TestResult {
  checkCount('refN', refN);
  checkCount('curN', curN);
  if (refN === 0) throw StatsEmptySampleError({ statistic: 'z-test', argument: 'reference', size: 0, minimum: 1 });
  if (curN === 0) throw StatsEmptySampleError({ statistic: 'z-test', argument: 'current', size: 0, minimum: 1 });
  checkCount('refSuccesses', refSuccesses, refN);
  checkCount('curSuccesses', curSuccesses, curN);
  const pRef = refSuccesses / refN;
  const pCur = curSuccesses / curN;
  const p = (pRef * refN + pCur * curN) / (refN + curN);
  const se = Math.sqrt(p * (1 - p) * (1 / refN + 1 / curN));
  if (pRef === pCur || se === 0) return { statistic: 0, pValue: 1 };
  const z = (pRef - pCur) / se;
  return { statistic: z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))) };
}
