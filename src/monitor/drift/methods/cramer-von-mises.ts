import { cramerVonMises2Samp } from '../../stats/index.js';
import { defineDriftMethod } from '../drift-method.js';
import { normedWasserstein, numericPair } from './samples.js';

/** Two-sample Cramér–von Mises test (SciPy's `cramervonmises_2samp`); effect size: the normed Wasserstein distance. */
export const cramerVonMisesMethod = defineDriftMethod({
  id: 'cramer-von-mises',
  title: 'Cramér–von Mises',
  description: 'Two-sample Cramér–von Mises test on the raw values; p-value, with the normed Wasserstein distance as the effect size.',
  kind: 'p-value',
  defaultThreshold: 0.05,
  columnTypes: ['numeric'],
  symmetric: true,
  minSamples: 2,
  onSample(reference, current, ctx) {
    const [ref, cur] = numericPair(reference, current, 'cramer-von-mises', ctx);
    const result = cramerVonMises2Samp(ref, cur);
    return {
      score: result.pValue,
      effectSize: { name: 'wasserstein-normed', value: normedWasserstein(ref, cur) },
      details: { statistic: result.statistic, mode: result.mode },
    };
  },
});
