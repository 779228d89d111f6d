/**
 * The dataset profile as stored with each dataset version: `{ formatVersion: 1, rowCount, columns }`, written
 * by {@link profileDocument} and parsed on read by {@link readProfileDocument} (never cast).
 */
import { z } from 'zod';

import { toJsonObject } from '../core/index.js';
import type { JsonObject } from '../core/index.js';
import type { ColumnType } from './column.js';
import { COLUMN_TYPES } from './column.js';
import { readVersioned } from './document-version.js';
import type { VersionedShape } from './document-version.js';
import type { NumericProfile, Profile } from './profile.js';

/** The profile layout this build writes. */
export const PROFILE_FORMAT_VERSION = 1;

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

// An edge may be null in a profile stored before this module: a range wider than the largest double made the
// bin width infinite, and JSON.stringify wrote the infinite edges as null. Such a histogram is no histogram.
const histogram = z
  .strictObject({ edges: z.array(nullableNumber), counts: z.array(count) })
  .transform(({ edges, counts }): NumericProfile['histogram'] =>
    edges.every((edge): edge is number => edge !== null) ? { edges, counts } : null,
  );

const columnProfile = z.strictObject({
  name: z.string(),
  type: z.enum(COLUMN_TYPES as [ColumnType, ...ColumnType[]]),
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
      histogram: histogram.nullable(),
    })
    .optional(),
  categorical: z
    .strictObject({ top: z.array(z.strictObject({ value: z.string(), count })), levels: z.array(z.string()), levelsCapped: z.boolean() })
    .optional(),
  boolean: z.strictObject({ trueCount: count, falseCount: count }).optional(),
  datetime: z.strictObject({ min: z.string().nullable(), max: z.string().nullable() }).optional(),
  text: z.strictObject({ minLength: nullableNumber, maxLength: nullableNumber, meanLength: nullableNumber }).optional(),
});

const PROFILE: VersionedShape<Profile> = {
  document: 'dataset profile',
  version: PROFILE_FORMAT_VERSION,
  shape: z.strictObject({ rowCount: count, columns: z.array(columnProfile) }),
};

/** The stored form of a profile (non-finite numbers, which profiles never hold, would become null). */
export function profileDocument(profile: Profile): JsonObject {
  return toJsonObject({ formatVersion: PROFILE_FORMAT_VERSION, ...profile }, 'profile');
}

/**
 * Parses a stored profile: the current format, or one stored before profiles carried `formatVersion`.
 * @throws MLP_DATA_DOCUMENT_TOO_NEW for a newer format; MLP_DATA_DOCUMENT_INVALID naming the first bad field
 *         (under `field`, e.g. `b.profile.columns.0.type`).
 */
export function readProfileDocument(json: unknown, field = 'profile'): Profile {
  return readVersioned(json, PROFILE, field);
}
