import { jensenShannon } from '../../stats/index.js';
import { defineDriftMethod } from '../drift-method.js';

/** Jensen–Shannon distance (SciPy's `jensenshannon`, natural log) between the two shares on the shared support. */
export const jensenShannonMethod = defineDriftMethod({
  id: 'jensen-shannon',
  title: 'Jensen–Shannon distance',
  description:
    "Jensen–Shannon distance (natural log, in [0, √ln 2]) between the shares of each level, or of the reference's quantile bins for numeric columns; distance.",
  kind: 'distance',
  defaultThreshold: 0.1,
  columnTypes: ['numeric', 'categorical', 'boolean'],
  symmetric: true,
  onSample(reference, current) {
    return { score: jensenShannon(reference.counts, current.counts) };
  },
  onProfile(reference, current) {
    return { score: jensenShannon(reference.counts, current.counts) };
  },
});
