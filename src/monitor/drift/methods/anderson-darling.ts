import { andersonKSamp } from '../../stats/index.js';
import { defineDriftMethod } from '../drift-method.js';
import { normedWasserstein, numericPair } from './samples.js';

/**
 * Anderson–Darling k-sample test with k = 2 (SciPy's `anderson_ksamp`, midrank). Its p-value is interpolated
 * and capped to [0.001, 0.25] as SciPy does (`details.pValueCapped`); effect size: the normed Wasserstein distance.
 */
export const andersonDarlingMethod = defineDriftMethod({
  id: 'anderson-darling',
  title: 'Anderson–Darling k-sample',
  description:
    'Anderson–Darling k-sample test (more weight on the tails than KS); p-value capped to [0.001, 0.25] as SciPy does, with the normed Wasserstein distance as the effect size.',
  kind: 'p-value',
  defaultThreshold: 0.05,
  columnTypes: ['numeric'],
  symmetric: true,
  minSamples: 2,
  onSample(reference, current, ctx) {
    const [ref, cur] = numericPair(reference, current, 'anderson-darling', ctx);
    const result = andersonKSamp([ref, cur]);
    return {
      score: result.pValue,
      effectSize: { name: 'wasserstein-normed', value: normedWasserstein(ref, cur) },
      details: { statistic: result.statistic, pValueCapped: result.pValueCapped, criticalValues: result.criticalValues },
    };
  },
});
