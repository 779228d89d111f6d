import { benjaminiHochberg } from './benjamini-hochberg.js';
import { isDrift } from './drift-method.js';
import type { ColumnDrift, DriftReport, MultivariateDrift } from './drift-result.js';

/* What every drift comparison (on rows or on profiles) does once the columns are scored. */

/** How far past its threshold a column is (≥ 1 drifted), for sorting: p-values on a log scale. */
function severity(c: ColumnDrift): number {
  if (c.status === 'type-changed') return Number.POSITIVE_INFINITY;
  if (c.status !== 'ok' || c.score === null || c.threshold === null) return -1;
  if (c.kind === 'p-value') {
    const p = Math.max(c.adjustedPValue ?? c.score, 1e-300);
    return Math.log(p) / Math.log(c.threshold);
  }
  return c.threshold > 0 ? c.score / c.threshold : c.score > 0 ? Number.MAX_VALUE : 0;
}

/** Most drifted first: type changes, drifted columns by severity, the rest, then those without a verdict. */
export function sortColumns(columns: readonly ColumnDrift[]): ColumnDrift[] {
  return columns
    .map((c, i) => ({ c, i, s: severity(c) }))
    .sort((a, b) => Number(b.c.drift) - Number(a.c.drift) || b.s - a.s || a.i - b.i)
    .map((x) => x.c);
}

/** The dataset's verdict: the share of drifted columns among those with a verdict, or a multivariate drift. */
export function datasetVerdict(
  columns: readonly ColumnDrift[],
  multivariate: readonly MultivariateDrift[],
  driftShare: number,
): DriftReport['dataset'] {
  const compared = columns.filter((c) => c.status !== 'insufficient-data').length;
  const drifted = columns.filter((c) => c.drift).length;
  const share = compared === 0 ? 0 : drifted / compared;
  return { compared, drifted, share, driftShare, drift: (compared > 0 && share >= driftShare) || multivariate.some((m) => m.drift) };
}

/** Benjamini–Hochberg across the compared p-value columns: the adjusted p-value decides their drift. */
export function adjustColumns(results: readonly ColumnDrift[]): ColumnDrift[] {
  const indices = results.flatMap((c, i) => (c.status === 'ok' && c.kind === 'p-value' && c.score !== null ? [i] : []));
  const adjusted = benjaminiHochberg(indices.map((i) => results[i]?.score as number));
  const out = [...results];
  indices.forEach((index, k) => {
    const c = results[index] as ColumnDrift;
    const p = adjusted[k] as number;
    out[index] = { ...c, adjustedPValue: p, drift: isDrift('p-value', p, c.threshold as number) };
  });
  return out;
}
