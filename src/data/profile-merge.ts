import { ProfileMismatchError } from '../core/index.js';
import type { ColumnProfile, Profile } from './profile-types.js';
import { booleanProfile, numericColumnProfile } from './profile.js';
import { categoricalParts, categoricalSummary, mergeCategorical, mergeText, textParts, textSummary } from './profile-text.js';
import { Histogram, sameEdges } from './sketch/histogram.js';
import { NumericSketch } from './sketch/numeric-sketch.js';

/**
 * Merges two profiles of the same columns (replicas, or windows: hours → day) into the profile of their
 * concatenated rows, without the rows. Associative and commutative: counts, histograms, frequent-item and
 * distinct-count sketches exactly; moments up to rounding (~1e-15 relative); quantiles within the KLL bound
 * (merging is deterministic, but different orders give different, equally accurate, sketches). Neither input
 * is changed. Columns keep `a`'s order.
 * @throws MLP_DATA_PROFILE_MISMATCH naming the column when one profile lacks it, its type differs, its
 *         histogram edges differ, or a profile was stored without sketches (format 1);
 *         MLP_DATA_SKETCH_INVALID when a sketch state is malformed.
 */
export function mergeProfiles(a: Profile, b: Profile): Profile {
  const byName = new Map(b.columns.map((column) => [column.name, column]));
  for (const column of b.columns)
    if (!a.columns.some((c) => c.name === column.name))
      throw ProfileMismatchError({ column: column.name, problem: 'only the second profile has it' });
  const columns = a.columns.map((left, index) => {
    const right = byName.get(left.name);
    if (right === undefined) throw ProfileMismatchError({ column: left.name, problem: 'only the first profile has it' });
    return mergeColumn(left, right, `columns.${index}`);
  });
  return { rowCount: a.rowCount + b.rowCount, columns };
}

function mergeColumn(a: ColumnProfile, b: ColumnProfile, field: string): ColumnProfile {
  const column = a.name;
  if (a.type !== b.type) throw ProfileMismatchError({ column, problem: `its type is ${a.type} in one and ${b.type} in the other` });
  if (a.sketch === null || b.sketch === null)
    throw ProfileMismatchError({ column, problem: 'a profile stored before profiles carried sketches (format 1) cannot be merged' });
  const base = { name: a.name, type: a.type };
  switch (a.type) {
    case 'numeric':
    case 'datetime': {
      const left = numericSketch(a, field);
      left.merge(numericSketch(b, field));
      return numericColumnProfile(base, left, mergeHistograms(a, b));
    }
    case 'categorical':
      return categoricalSummary(base, mergeCategorical(categoricalParts(a, field), categoricalParts(b, field)));
    case 'boolean': {
      const t = (p: ColumnProfile): number => p.boolean?.trueCount ?? 0;
      const f = (p: ColumnProfile): number => p.boolean?.falseCount ?? 0;
      return booleanProfile(base, t(a) + t(b), f(a) + f(b), a.missing + b.missing);
    }
    case 'text':
      return textSummary(base, mergeText(textParts(a, field), textParts(b, field)));
  }
}

function numericSketch(profile: ColumnProfile, field: string): NumericSketch {
  const state = profile.sketch?.numeric;
  if (state === undefined) throw ProfileMismatchError({ column: profile.name, problem: `${field}.sketch.numeric is missing` });
  return NumericSketch.fromState(state, `${field}.sketch.numeric`);
}

function mergeHistograms(a: ColumnProfile, b: ColumnProfile): Histogram | null {
  const left = a.numeric?.histogram ?? null;
  const right = b.numeric?.histogram ?? null;
  if (left === null && right === null) return null;
  // A window without finite values has no histogram of its own: the other's stands (its infinities were counted).
  if (left === null || right === null) {
    const only = Histogram.fromState((left ?? right) as NonNullable<typeof left>, a.name);
    const empty = left === null ? a : b;
    const sketch = empty.sketch?.numeric;
    if (sketch !== undefined && sketch.moments.count > 0)
      throw ProfileMismatchError({ column: a.name, problem: 'one profile has a histogram and the other, with values, has none' });
    only.below += sketch?.negativeInfinity ?? 0;
    only.above += sketch?.positiveInfinity ?? 0;
    return only;
  }
  if (!sameEdges(left.edges, right.edges))
    throw ProfileMismatchError({
      column: a.name,
      problem: `histogram edges differ ([${left.edges.join(', ')}] vs [${right.edges.join(', ')}])`,
    });
  const merged = Histogram.fromState(left, a.name);
  merged.merge(Histogram.fromState(right, a.name));
  return merged;
}
