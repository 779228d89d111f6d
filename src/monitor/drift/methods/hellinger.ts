import { hellinger } from '../../stats/index.js';
import { defineDriftMethod } from '../drift-method.js';

/** Hellinger distance √(1 − Σ √(pᵢ qᵢ)) between the two shares on the shared support, in [0, 1]. */
export const hellingerMethod = defineDriftMethod({
  id: 'hellinger',
  title: 'Hellinger distance',
  description:
    "Hellinger distance (in [0, 1]) between the shares of each level, or of the reference's quantile bins for numeric columns; distance.",
  kind: 'distance',
  defaultThreshold: 0.1,
  columnTypes: ['numeric', 'categorical', 'boolean'],
  symmetric: true,
  onSample(reference, current) {
    return { score: hellinger(reference.counts, current.counts) };
  },
  onProfile(reference, current) {
    return { score: hellinger(reference.counts, current.counts) };
  },
});
