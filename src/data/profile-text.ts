/** Profiles of categorical and text columns: built from a column, read back from a stored profile, merged. */
import { MISSING_CODE } from './column.js';
import type { ColumnProfile } from './profile-types.js';
import { LEVEL_NAMES_BUDGET, LEVEL_NAMES_CAP, TOP_LEVELS } from './profile-types.js';
import { FrequentItems } from './sketch/frequent-items.js';
import { hashString } from './sketch/hash.js';
import { HyperLogLog } from './sketch/hll.js';
import { Moments } from './sketch/moments.js';
import { SketchInvalidError } from '../core/index.js';

type Base = Pick<ColumnProfile, 'name' | 'type'>;

/** The mergeable parts of a categorical column. */
export interface CategoricalParts {
  count: number;
  missing: number;
  frequent: FrequentItems;
  hll: HyperLogLog;
  levels: string[];
  levelsCapped: boolean;
}

/** The mergeable parts of a text column. */
export interface TextParts {
  count: number;
  missing: number;
  hll: HyperLogLog;
  lengths: Moments;
}

/** Appends level names to `into` within {@link LEVEL_NAMES_CAP} names and {@link LEVEL_NAMES_BUDGET} JSON characters. */
function addLevelNames(into: string[], names: Iterable<string>, capped: boolean): boolean {
  const seen = new Set(into);
  let chars = into.reduce((total, name) => total + JSON.stringify(name).length + 1, 0);
  for (const name of names) {
    if (seen.has(name)) continue;
    const size = JSON.stringify(name).length + 1;
    if (capped || into.length >= LEVEL_NAMES_CAP || chars + size > LEVEL_NAMES_BUDGET) {
      capped = true;
      continue;
    }
    into.push(name);
    seen.add(name);
    chars += size;
  }
  return capped;
}

/** Counts a categorical column exactly per level, then summarises: frequent items, distinct-count sketch, level names. */
export function buildCategorical(codes: Int32Array, levels: readonly string[]): CategoricalParts {
  const levelCounts = new Float64Array(levels.length);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code === MISSING_CODE) missing++;
    else levelCounts[code] = (levelCounts[code] as number) + 1;
  }
  const frequent = new FrequentItems();
  const hll = new HyperLogLog();
  const observed: string[] = [];
  // Most frequent first, so an exact column's top levels are exact and ties keep level order.
  const order = Array.from({ length: levels.length }, (_, code) => code)
    .filter((code) => (levelCounts[code] as number) > 0)
    .sort((a, b) => (levelCounts[b] as number) - (levelCounts[a] as number) || a - b);
  for (const code of order) frequent.add(levels[code] as string, levelCounts[code] as number);
  for (let code = 0; code < levels.length; code++) {
    if ((levelCounts[code] as number) === 0) continue;
    const level = levels[code] as string;
    hll.addHash(hashString(level));
    observed.push(level);
  }
  const names: string[] = [];
  const levelsCapped = addLevelNames(names, observed, false);
  return { count: codes.length - missing, missing, frequent, hll, levels: names, levelsCapped };
}

/** Folds two categorical columns' parts into a new one. */
export function mergeCategorical(a: CategoricalParts, b: CategoricalParts): CategoricalParts {
  const frequent = a.frequent.clone();
  frequent.merge(b.frequent);
  const hll = a.hll.clone();
  hll.merge(b.hll);
  const levels = [...a.levels];
  const levelsCapped = addLevelNames(levels, b.levels, a.levelsCapped || b.levelsCapped);
  return { count: a.count + b.count, missing: a.missing + b.missing, frequent, hll, levels, levelsCapped };
}

/** The column profile of categorical parts: distinct is exact while every level name is kept, else estimated. */
export function categoricalSummary(base: Base, parts: CategoricalParts): ColumnProfile {
  const exact = !parts.levelsCapped;
  const estimate = Math.round(parts.hll.estimate());
  return {
    ...base,
    count: parts.count,
    missing: parts.missing,
    distinct: exact ? parts.levels.length : Math.min(parts.count, Math.max(parts.levels.length, estimate)),
    distinctExact: exact,
    categorical: {
      top: parts.frequent.top(TOP_LEVELS),
      topErrorBound: parts.frequent.errorBound(),
      levels: parts.levels,
      levelsCapped: parts.levelsCapped,
    },
    sketch: { frequent: parts.frequent.toState(), hll: parts.hll.toState() },
  };
}

/** The parts of a stored categorical column profile. @throws MLP_DATA_SKETCH_INVALID naming the field. */
export function categoricalParts(profile: ColumnProfile, field: string): CategoricalParts {
  const sketch = profile.sketch;
  if (sketch?.frequent === undefined || sketch.hll === undefined || profile.categorical === undefined)
    throw SketchInvalidError({ field: `${field}.sketch`, problem: 'a categorical column needs frequent and hll' });
  const frequent = FrequentItems.fromState(sketch.frequent, `${field}.sketch.frequent`);
  if (frequent.total !== profile.count)
    throw SketchInvalidError({ field: `${field}.sketch.frequent.total`, problem: `must equal count (${profile.count})` });
  return {
    count: profile.count,
    missing: profile.missing,
    frequent,
    hll: HyperLogLog.fromState(sketch.hll, `${field}.sketch.hll`),
    levels: [...profile.categorical.levels],
    levelsCapped: profile.categorical.levelsCapped,
  };
}

/** Summarises a text column: distinct-count sketch of the values, moments of their lengths. */
export function buildText(values: ReadonlyArray<string | null>): TextParts {
  const hll = new HyperLogLog();
  const lengths = new Float64Array(values.length);
  let count = 0;
  for (const v of values) {
    if (v === null) continue;
    lengths[count++] = v.length;
    hll.addHash(hashString(v));
  }
  const moments = new Moments();
  moments.addBatch(lengths, 0, count);
  return { count, missing: values.length - count, hll, lengths: moments };
}

/** Folds two text columns' parts into a new one. */
export function mergeText(a: TextParts, b: TextParts): TextParts {
  const hll = a.hll.clone();
  hll.merge(b.hll);
  const lengths = a.lengths.clone();
  lengths.merge(b.lengths);
  return { count: a.count + b.count, missing: a.missing + b.missing, hll, lengths };
}

/** The column profile of text parts (distinct is always the HyperLogLog estimate). */
export function textSummary(base: Base, parts: TextParts): ColumnProfile {
  const some = parts.count > 0;
  const estimate = Math.round(parts.hll.estimate());
  return {
    ...base,
    count: parts.count,
    missing: parts.missing,
    distinct: some ? Math.min(parts.count, Math.max(1, estimate)) : 0,
    distinctExact: !some,
    text: some
      ? { minLength: parts.lengths.min, maxLength: parts.lengths.max, meanLength: parts.lengths.mean }
      : { minLength: null, maxLength: null, meanLength: null },
    sketch: { hll: parts.hll.toState(), lengths: parts.lengths.toState() },
  };
}

/** The parts of a stored text column profile. @throws MLP_DATA_SKETCH_INVALID naming the field. */
export function textParts(profile: ColumnProfile, field: string): TextParts {
  const sketch = profile.sketch;
  if (sketch?.hll === undefined || sketch.lengths === undefined)
    throw SketchInvalidError({ field: `${field}.sketch`, problem: 'a text column needs hll and lengths' });
  if (sketch.lengths.count !== profile.count)
    throw SketchInvalidError({ field: `${field}.sketch.lengths.count`, problem: `must equal count (${profile.count})` });
  return {
    count: profile.count,
    missing: profile.missing,
    hll: HyperLogLog.fromState(sketch.hll, `${field}.sketch.hll`),
    lengths: Moments.fromState(sketch.lengths),
  };
}
