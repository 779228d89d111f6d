/**
 * The profile as stored with each dataset version (and each monitoring window): `{ formatVersion: 2, rowCount,
 * columns }`, written by {@link profileDocument} and parsed on read by {@link readProfileDocument} (never cast).
 *
 * Format 2 (this build) carries each column's sketch state and `distinctExact`; histograms have `below` and
 * `above`. Format 1 (and documents without `formatVersion`) had exact statistics and no sketches: they are
 * still read, converted to format 2's layout with `sketch: null` (shown and diffed, not merged):
 * `distinctExact = !distinctCapped`, histograms get `below = above = 0` (they spanned min..max), categorical
 * `topErrorBound = 0` (its counts were exact).
 */
import { z } from 'zod';

import { toJsonObject } from '../core/index.js';
import type { JsonObject } from '../core/index.js';
import type { ColumnType } from './column.js';
import { COLUMN_TYPES } from './column.js';
import { readVersioned } from './document-version.js';
import type { VersionedShape } from './document-version.js';
import type { ColumnProfile, ColumnSketch, NumericProfile, Profile } from './profile-types.js';
import { categoricalParts, textParts } from './profile-text.js';
import { Histogram } from './sketch/histogram.js';
import { NumericSketch } from './sketch/numeric-sketch.js';

/** The profile layout this build writes. */
export const PROFILE_FORMAT_VERSION = 2;

const count = z.number().int().nonnegative();
const nullableNumber = z.number().nullable();

const quantiles = z.strictObject({
  p1: nullableNumber,
  p5: nullableNumber,
  p25: nullableNumber,
  p50: nullableNumber,
  p75: nullableNumber,
  p95: nullableNumber,
  p99: nullableNumber,
});

const categoricalV1 = z.strictObject({
  top: z.array(z.strictObject({ value: z.string(), count })),
  levels: z.array(z.string()),
  levelsCapped: z.boolean(),
});
const booleanPart = z.strictObject({ trueCount: count, falseCount: count });
const datetimePart = z.strictObject({ min: z.string().nullable(), max: z.string().nullable() });
const textPart = z.strictObject({ minLength: nullableNumber, maxLength: nullableNumber, meanLength: nullableNumber });
const COLUMN_TYPE = z.enum(COLUMN_TYPES as [ColumnType, ...ColumnType[]]);

// Format 1. An edge may be null in a profile stored then: a range wider than the largest double made the bin
// width infinite, and JSON.stringify wrote the infinite edges as null. Such a histogram is no histogram.
const histogramV1 = z
  .strictObject({ edges: z.array(nullableNumber), counts: z.array(count) })
  .transform(({ edges, counts }): NumericProfile['histogram'] =>
    edges.every((edge): edge is number => edge !== null) ? { edges, counts, below: 0, above: 0 } : null,
  );

const columnV1 = z
  .strictObject({
    name: z.string(),
    type: COLUMN_TYPE,
    count,
    missing: count,
    distinct: count,
    distinctCapped: z.boolean(),
    numeric: z
      .strictObject({
        min: nullableNumber,
        max: nullableNumber,
        mean: nullableNumber,
        std: nullableNumber,
        quantiles: quantiles.nullable(),
        histogram: histogramV1.nullable(),
      })
      .optional(),
    categorical: categoricalV1.optional(),
    boolean: booleanPart.optional(),
    datetime: datetimePart.optional(),
    text: textPart.optional(),
  })
  .transform(({ distinctCapped, categorical, ...rest }): ColumnProfile => ({
    ...rest,
    distinctExact: !distinctCapped,
    ...(categorical === undefined ? {} : { categorical: { ...categorical, topErrorBound: 0 } }),
    sketch: null,
  }));

// Format 2.
const moments = z.strictObject({ count, mean: nullableNumber, m2: nullableNumber, min: nullableNumber, max: nullableNumber });
const hll = z.strictObject({ precision: z.number().int(), registers: z.string().max(400_000) });
const sketch: z.ZodType<ColumnSketch> = z.strictObject({
  numeric: z
    .strictObject({
      missing: count,
      negativeInfinity: count,
      positiveInfinity: count,
      moments,
      kll: z.strictObject({
        k: z.number().int(),
        n: count,
        samplerLevel: count,
        rng: count,
        levels: z.array(z.array(z.number()).max(200_000)).max(64),
      }),
      hll,
    })
    .optional(),
  frequent: z
    .strictObject({
      capacity: z.number().int(),
      total: count,
      items: z.array(z.strictObject({ value: z.string(), count: z.number().positive() })).max(10_000),
    })
    .optional(),
  hll: hll.optional(),
  lengths: moments.optional(),
});
const histogram = z.strictObject({
  edges: z.array(z.number()).min(2).max(1001),
  counts: z.array(count).max(1000),
  below: count,
  above: count,
});

const columnV2: z.ZodType<ColumnProfile> = z.strictObject({
  name: z.string(),
  type: COLUMN_TYPE,
  count,
  missing: count,
  distinct: count,
  distinctExact: z.boolean(),
  numeric: z
    .strictObject({
      min: nullableNumber,
      max: nullableNumber,
      mean: nullableNumber,
      std: nullableNumber,
      quantiles: quantiles.nullable(),
      histogram: histogram.nullable(),
    })
    .optional(),
  categorical: z
    .strictObject({
      top: z.array(z.strictObject({ value: z.string(), count: z.number().nonnegative() })),
      topErrorBound: z.number().nonnegative(),
      levels: z.array(z.string()),
      levelsCapped: z.boolean(),
    })
    .optional(),
  boolean: booleanPart.optional(),
  datetime: datetimePart.optional(),
  text: textPart.optional(),
  sketch: sketch.nullable(),
});

const PROFILE_V1: VersionedShape<Profile> = {
  document: 'dataset profile',
  version: 1,
  shape: z.strictObject({ rowCount: count, columns: z.array(columnV1) }),
};

const PROFILE_V2: VersionedShape<Profile> = {
  document: 'dataset profile',
  version: PROFILE_FORMAT_VERSION,
  shape: z.strictObject({ rowCount: count, columns: z.array(columnV2) }),
};

/** The stored form of a profile (non-finite numbers, which profiles never hold, would become null). */
export function profileDocument(profile: Profile): JsonObject {
  return toJsonObject({ formatVersion: PROFILE_FORMAT_VERSION, ...profile }, 'profile');
}

/**
 * Parses a stored profile: format 2, or format 1 / no `formatVersion` (converted, `sketch: null`).
 * @throws MLP_DATA_DOCUMENT_TOO_NEW for a newer format; MLP_DATA_DOCUMENT_INVALID naming the first bad field
 *         (under `field`, e.g. `b.profile.columns.0.type`).
 */
export function readProfileDocument(json: unknown, field = 'profile'): Profile {
  const version =
    typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as { formatVersion?: unknown }).formatVersion : undefined;
  return readVersioned(json, version === undefined || version === 1 ? PROFILE_V1 : PROFILE_V2, field);
}

/**
 * Parses a stored profile for merging (monitoring): {@link readProfileDocument}, then every sketch state is
 * checked the way merging reads it (weights, register ranges, counts that agree with the summary).
 * @throws as {@link readProfileDocument}; MLP_DATA_SKETCH_INVALID / MLP_DATA_HISTOGRAM_EDGES_INVALID naming the field.
 */
export function profileFromDocument(json: unknown, field = 'profile'): Profile {
  const profile = readProfileDocument(json, field);
  profile.columns.forEach((column, index) => {
    if (column.sketch === null) return;
    const where = `${field}.columns.${index}`;
    if (column.type === 'numeric' || column.type === 'datetime') {
      if (column.sketch.numeric !== undefined) NumericSketch.fromState(column.sketch.numeric, `${where}.sketch.numeric`);
      if (column.numeric?.histogram != null) Histogram.fromState(column.numeric.histogram, column.name);
    } else if (column.type === 'categorical') categoricalParts(column, where);
    else if (column.type === 'text') textParts(column, where);
  });
  return profile;
}
