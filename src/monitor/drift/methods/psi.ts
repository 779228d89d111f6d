import { psi } from '../../stats/index.js';
import { defineDriftMethod } from '../drift-method.js';

/** Population stability index on the shared support's counts (shares floored at 1e-6 so empty bins stay finite). */
export const psiMethod = defineDriftMethod({
  id: 'psi',
  title: 'Population stability index',
  description:
    "PSI = Σ (current share − reference share) · ln(current share / reference share) over the levels, or the reference's quantile bins for numeric columns; distance.",
  kind: 'distance',
  defaultThreshold: 0.1,
  columnTypes: ['numeric', 'categorical', 'boolean'],
  symmetric: true,
  onSample(reference, current) {
    return { score: psi(reference.counts, current.counts) };
  },
  onProfile(reference, current) {
    return { score: psi(reference.counts, current.counts) };
  },
});
