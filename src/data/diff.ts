import type { ColumnType } from './column.js';
import type { ColumnProfile, Profile } from './profile.js';
import type { Schema } from './schema.js';

/** The stored facts of a dataset version that {@link diffDatasets} compares. */
export interface DatasetSummary {
  schema: Schema;
  profile: Profile;
}

/** Profile statistics compared per column. */
export type ProfileStat = 'missingRate' | 'distinct' | 'mean' | 'std' | 'min' | 'max' | 'meanLength';

/** One difference between two dataset versions (`before` = A, `after` = B). */
export type DatasetChange =
  | { kind: 'row-count-changed'; before: number; after: number }
  | { kind: 'column-added'; column: string; type: ColumnType }
  | { kind: 'column-removed'; column: string; type: ColumnType }
  | { kind: 'type-changed'; column: string; before: ColumnType; after: ColumnType }
  | { kind: 'nullability-changed'; column: string; before: boolean; after: boolean }
  | {
      kind: 'stat-changed';
      column: string;
      stat: ProfileStat;
      before: number | string | null;
      after: number | string | null;
      /** (after − before) / |before| for numbers when before ≠ 0; null otherwise. */
      relativeChange: number | null;
    }
  | { kind: 'levels-added'; column: string; levels: string[]; partial: boolean }
  | { kind: 'levels-removed'; column: string; levels: string[]; partial: boolean };

/**
 * Compares two dataset versions from their stored schema and profile (pure; works on JSON read back from the
 * store — validate it with `parseSchema` first if it comes from outside). Returns every change, in this order:
 * row count, then per column of B's order (added, type, nullability, statistics, levels), then columns removed
 * in A's order. Statistics are compared exactly (a profile is deterministic, so equal data gives no change);
 * they are compared only for columns whose type did not change. Level changes use the observed level names
 * of the profiles (`partial` when either profile capped them).
 */
export function diffDatasets(a: DatasetSummary, b: DatasetSummary): DatasetChange[] {
  const changes: DatasetChange[] = [];
  if (a.profile.rowCount !== b.profile.rowCount)
    changes.push({ kind: 'row-count-changed', before: a.profile.rowCount, after: b.profile.rowCount });
  const schemaA = new Map(a.schema.columns.map((c) => [c.name, c]));
  const schemaB = new Set(b.schema.columns.map((c) => c.name));
  const profileA = new Map(a.profile.columns.map((c) => [c.name, c]));
  const profileB = new Map(b.profile.columns.map((c) => [c.name, c]));
  for (const after of b.schema.columns) {
    const before = schemaA.get(after.name);
    if (before === undefined) {
      changes.push({ kind: 'column-added', column: after.name, type: after.type });
      continue;
    }
    if (before.type !== after.type) changes.push({ kind: 'type-changed', column: after.name, before: before.type, after: after.type });
    if (before.nullable !== after.nullable)
      changes.push({ kind: 'nullability-changed', column: after.name, before: before.nullable, after: after.nullable });
    const pa = profileA.get(after.name);
    const pb = profileB.get(after.name);
    if (before.type === after.type && pa !== undefined && pb !== undefined)
      compareProfiles(after.name, pa, a.profile.rowCount, pb, b.profile.rowCount, changes);
  }
  for (const before of a.schema.columns) {
    if (!schemaB.has(before.name)) changes.push({ kind: 'column-removed', column: before.name, type: before.type });
  }
  return changes;
}

function compareProfiles(column: string, a: ColumnProfile, rowsA: number, b: ColumnProfile, rowsB: number, out: DatasetChange[]): void {
  const stat = (name: ProfileStat, before: number | string | null | undefined, after: number | string | null | undefined): void => {
    const x = before ?? null;
    const y = after ?? null;
    if (x === y) return;
    const relativeChange = typeof x === 'number' && typeof y === 'number' && x !== 0 ? (y - x) / Math.abs(x) : null;
    out.push({ kind: 'stat-changed', column, stat: name, before: x, after: y, relativeChange });
  };
  stat('missingRate', rowsA > 0 ? a.missing / rowsA : 0, rowsB > 0 ? b.missing / rowsB : 0);
  stat('distinct', a.distinct, b.distinct);
  if (a.numeric !== undefined && b.numeric !== undefined) {
    stat('mean', a.numeric.mean, b.numeric.mean);
    stat('std', a.numeric.std, b.numeric.std);
    stat('min', a.numeric.min, b.numeric.min);
    stat('max', a.numeric.max, b.numeric.max);
  }
  if (a.datetime !== undefined && b.datetime !== undefined) {
    stat('min', a.datetime.min, b.datetime.min);
    stat('max', a.datetime.max, b.datetime.max);
  }
  if (a.text !== undefined && b.text !== undefined) stat('meanLength', a.text.meanLength, b.text.meanLength);
  if (a.categorical !== undefined && b.categorical !== undefined) {
    const partial = a.categorical.levelsCapped || b.categorical.levelsCapped;
    const levelsA = new Set(a.categorical.levels);
    const levelsB = new Set(b.categorical.levels);
    const added = b.categorical.levels.filter((level) => !levelsA.has(level));
    const removed = a.categorical.levels.filter((level) => !levelsB.has(level));
    if (added.length > 0) out.push({ kind: 'levels-added', column, levels: added, partial });
    if (removed.length > 0) out.push({ kind: 'levels-removed', column, levels: removed, partial });
  }
}
