import { DriftMethodUnsuitableError } from '../../../core/index.js';
import { zTestProportions } from '../../stats/index.js';
import { defineDriftMethod } from '../drift-method.js';

/**
 * Two-proportion Z-test (pooled, two-sided) for a column with two levels: the share of the first level in the
 * reference against the current. Effect size: Cohen's h = |2·asin√p₁ − 2·asin√p₂|.
 */
export const zTestMethod = defineDriftMethod({
  id: 'z-test',
  title: 'Z-test for proportions',
  description:
    "Two-sided pooled Z-test of the share of one level, for columns with two levels; p-value, with Cohen's h as the effect size.",
  kind: 'p-value',
  defaultThreshold: 0.05,
  columnTypes: ['boolean', 'categorical', 'numeric'],
  symmetric: true,
  maxDistinct: 2,
  onSample(reference, current, ctx) {
    if (ctx.support.kind !== 'levels' || ctx.support.labels.length > 2) {
      throw DriftMethodUnsuitableError({
        method: 'z-test',
        column: ctx.column,
        problem: `it has ${ctx.support.kind === 'levels' ? ctx.support.labels.length : 'many'} distinct values and the Z-test compares the shares of two`,
        supported: ['boolean', 'categorical', 'numeric'],
      });
    }
    const refN = sum(reference.counts);
    const curN = sum(current.counts);
    const refSuccesses = reference.counts[0] ?? 0;
    const curSuccesses = current.counts[0] ?? 0;
    const result = zTestProportions(refSuccesses, refN, curSuccesses, curN);
    const h = Math.abs(2 * Math.asin(Math.sqrt(refSuccesses / refN)) - 2 * Math.asin(Math.sqrt(curSuccesses / curN)));
    return {
      score: result.pValue,
      effectSize: { name: 'cohens-h', value: h },
      details: { statistic: result.statistic, level: ctx.support.labels[0] ?? null },
    };
  },
});

function sum(counts: Float64Array): number {
  let s = 0;
  for (let i = 0; i < counts.length; i++) s += counts[i] as number;
  return s;
}
