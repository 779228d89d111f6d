import { wassersteinSorted } from '../../stats/index.js';
import { defineDriftMethod } from '../drift-method.js';
import { normedWasserstein, numericPair, populationStd, WASSERSTEIN_MIN_NORM } from './samples.js';

/**
 * Wasserstein-1 distance divided by the reference's standard deviation (Evidently's normed Wasserstein): 0.1
 * means the current distribution moved a tenth of the reference's spread. Not symmetric (the reference sets the unit).
 */
export const wassersteinMethod = defineDriftMethod({
  id: 'wasserstein',
  title: 'Wasserstein distance (normed)',
  description: "Wasserstein-1 distance in units of the reference's standard deviation (at least 0.001); distance.",
  kind: 'distance',
  defaultThreshold: 0.1,
  columnTypes: ['numeric'],
  symmetric: false,
  onSample(reference, current, ctx) {
    const [ref, cur] = numericPair(reference, current, 'wasserstein', ctx);
    const score = normedWasserstein(ref, cur);
    return {
      score,
      details: { distance: wassersteinSorted(ref, cur), norm: Math.max(populationStd(ref), WASSERSTEIN_MIN_NORM) },
    };
  },
});
