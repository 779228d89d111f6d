import { seededRandom } from '../../../core/index.js';
import { mmd } from '../../stats/index.js';
import { defineDriftMethod } from '../drift-method.js';
import { numericPair } from './samples.js';

/** Values per side the kernel test uses at most (a seeded sample beyond it): the kernel matrix grows as n². */
export const MMD_MAX_VALUES = 300;
/** Permutations of the test: the smallest p-value it can give is 1 / (permutations + 1). */
export const MMD_PERMUTATIONS = 200;

/**
 * Seeded sample of at most `limit` values without replacement (partial Fisher–Yates on a copy), as 1-d rows.
 * The values come sorted; the sample keeps their order, which the kernel test does not depend on.
 */
function sampleRows(values: Float64Array, limit: number, next: () => number): Float64Array[] {
  if (values.length <= limit) return Array.from(values, (v) => Float64Array.of(v));
  const copy = Float64Array.from(values);
  for (let i = 0; i < limit; i++) {
    const j = i + Math.floor(next() * (copy.length - i));
    const t = copy[i] as number;
    copy[i] = copy[j] as number;
    copy[j] = t;
  }
  return Array.from(copy.subarray(0, limit), (v) => Float64Array.of(v));
}

/**
 * Maximum mean discrepancy with an RBF kernel (median-heuristic bandwidth), as Evidently's empirical MMD: a
 * permutation test on at most {@link MMD_MAX_VALUES} values per side; effect size: the unbiased MMD² itself.
 */
export const mmdMethod = defineDriftMethod({
  id: 'mmd',
  title: 'Maximum mean discrepancy',
  description: `Kernel two-sample test (RBF, median-heuristic bandwidth, ${MMD_PERMUTATIONS} seeded permutations on at most ${MMD_MAX_VALUES} values per side); p-value, with MMD² as the effect size.`,
  kind: 'p-value',
  defaultThreshold: 0.05,
  columnTypes: ['numeric'],
  // The statistic is symmetric; the permutation p-value is a seeded estimate that may differ after a swap.
  symmetric: false,
  minSamples: 2,
  onSample(reference, current, ctx) {
    const [ref, cur] = numericPair(reference, current, 'mmd', ctx);
    const next = seededRandom(ctx.seed);
    const a = sampleRows(ref, MMD_MAX_VALUES, next);
    const b = sampleRows(cur, MMD_MAX_VALUES, next);
    const result = mmd(a, b, { permutations: MMD_PERMUTATIONS, seed: ctx.seed });
    return {
      score: result.pValue,
      effectSize: { name: 'mmd2', value: result.statistic },
      details: {
        statistic: result.statistic,
        bandwidth: result.bandwidth,
        permutations: MMD_PERMUTATIONS,
        valuesUsed: [a.length, b.length],
      },
    };
  },
});
