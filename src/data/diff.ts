import type { ColumnType } from './column.js';
import type { ColumnProfile, Profile } from './profile-types.js';
import { readProfileDocument } from './profile-document.js';
import type { Schema } from './schema.js';
import { readSchemaDocument } from './schema-document.js';

/**
 * The stored facts of a dataset version that {@link diffDatasets} compares: its schema and profile documents
 * (see schema-document.ts, profile-document.ts), typically read back from the store as JSON (hence `unknown`:
 * they are parsed), and optionally the version's row count (defaults to `profile.rowCount`).
 */
export interface DatasetSummary {
  schema: unknown;
  profile: unknown;
  rowCount?: number;
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

/** Result of {@link diffDatasets}: JSON-serialisable. */
export interface DatasetDiff {
  /** True when there is no change at all. */
  identical: boolean;
  rowCount: { before: number; after: number };
  changes: DatasetChange[];
}

/**
 * Compares two dataset versions from their stored schema and profile (pure; works on the JSON read back from
 * the store, which it validates first). Lists every change, in this order:
 * row count, then per column of B's order (added, type, nullability, statistics, levels), then columns removed
 * in A's order. Statistics are compared exactly (a profile is deterministic, so equal data gives no change);
 * they are compared only for columns whose type did not change. Level changes use the observed level names
 * of the profiles (`partial` when either profile capped them).
 * @throws MLP_DATA_DOCUMENT_INVALID when a schema or profile is malformed (naming the field, e.g.
 *         `b.schema.columns.0.type`); MLP_DATA_DOCUMENT_TOO_NEW when one was written by a newer format.
 */
export function diffDatasets(a: DatasetSummary, b: DatasetSummary): DatasetDiff {
  const schemaA = readSchemaDocument(a.schema, 'a.schema');
  const schemaB = readSchemaDocument(b.schema, 'b.schema');
  const profileA = readProfileDocument(a.profile, 'a.profile');
  const profileB = readProfileDocument(b.profile, 'b.profile');
  const rowsA = a.rowCount ?? profileA.rowCount;
  const rowsB = b.rowCount ?? profileB.rowCount;
  const changes = diffParsed(schemaA, profileA, rowsA, schemaB, profileB, rowsB);
  return { identical: changes.length === 0, rowCount: { before: rowsA, after: rowsB }, changes };
}

function diffParsed(sa: Schema, pa: Profile, rowsA: number, sb: Schema, pb: Profile, rowsB: number): DatasetChange[] {
  const changes: DatasetChange[] = [];
  if (rowsA !== rowsB) changes.push({ kind: 'row-count-changed', before: rowsA, after: rowsB });
  const columnsA = new Map(sa.columns.map((c) => [c.name, c]));
  const namesB = new Set(sb.columns.map((c) => c.name));
  const profilesA = new Map(pa.columns.map((c) => [c.name, c]));
  const profilesB = new Map(pb.columns.map((c) => [c.name, c]));
  for (const after of sb.columns) {
    const before = columnsA.get(after.name);
    if (before === undefined) {
      changes.push({ kind: 'column-added', column: after.name, type: after.type });
      continue;
    }
    if (before.type !== after.type) changes.push({ kind: 'type-changed', column: after.name, before: before.type, after: after.type });
    if (before.nullable !== after.nullable)
      changes.push({ kind: 'nullability-changed', column: after.name, before: before.nullable, after: after.nullable });
    const profileBefore = profilesA.get(after.name);
    const profileAfter = profilesB.get(after.name);
    if (before.type === after.type && profileBefore !== undefined && profileAfter !== undefined)
      compareProfiles(after.name, profileBefore, rowsA, profileAfter, rowsB, changes);
  }
  for (const before of sa.columns) {
    if (!namesB.has(before.name)) changes.push({ kind: 'column-removed', column: before.name, type: before.type });
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
