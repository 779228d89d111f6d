/**
 * Pure statistics for drift detection, equal to SciPy 1.10 within 1e-9 relative on the fixture cases
 * (test/fixtures/monitor/scipy-stats.json, made by scripts/monitor-fixtures/scipy_stats.py).
 */
export type { TestResult } from './test-result.js';
export { ks2Samp, ks2SampSorted, ksStatisticSorted } from './ks.js';
export type { KsResult } from './ks.js';
export { chi2Homogeneity } from './chi2.js';
export { zTestProportions } from './z-test.js';
export { andersonKSamp } from './anderson.js';
export { cramerVonMises2Samp } from './cramer-von-mises.js';
export { wassersteinDistance, wassersteinSorted, jensenShannon, hellinger } from './distances.js';
export { psi, quantileEdges, binCounts, binCountsSorted } from './psi.js';
export { mmd } from './mmd.js';
export { sortSample } from './sort.js';
export { erf, erfc, ndtr, normalSf } from './special/normal.js';
export { lgamma, gammaP, gammaQ, chi2Sf } from './special/gamma.js';
export { kolmogorov, smirnov, kstwoSf } from './special/kolmogorov.js';
export { besselK, besselKScaled } from './special/bessel-k.js';
export { cdfCvmInf } from './special/cramer-von-mises.js';
