import { ks2SampSorted } from '../../stats/index.js';
import { defineDriftMethod } from '../drift-method.js';
import { numericPair } from './samples.js';

/** Two-sample Kolmogorov–Smirnov test (SciPy's `ks_2samp`, exact or asymptotic as SciPy picks); effect size D. */
export const ksMethod = defineDriftMethod({
  id: 'ks',
  title: 'Kolmogorov–Smirnov',
  description: 'Two-sample Kolmogorov–Smirnov test on the raw values; p-value, with the statistic D as the effect size.',
  kind: 'p-value',
  defaultThreshold: 0.05,
  columnTypes: ['numeric'],
  symmetric: true,
  onSample(reference, current, ctx) {
    const [ref, cur] = numericPair(reference, current, 'ks', ctx);
    const result = ks2SampSorted(ref, cur);
    return {
      score: result.pValue,
      effectSize: { name: 'ks-d', value: result.statistic },
      details: { statistic: result.statistic, mode: result.mode },
    };
  },
});
