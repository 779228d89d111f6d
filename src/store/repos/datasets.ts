/** Datasets and their content-addressed versions (1, 2, 3… per name; idempotent by content hash). */
import type { Kysely } from 'kysely';

import { ConflictError, NotFoundError, ValidationError, newId } from '../../core/index.js';
import type { Dataset, DatasetRepo, DatasetVersion, VersionRef } from '../contract.js';
import type { Database } from '../db-schema.js';
import { datasetVersionFromRow } from '../rows.js';
import type { StoreContext } from '../store-context.js';
import { assertName, checkContext, checkCount, checkDigest, checkValue, checkVersionNumber, toJson } from '../validate.js';

const FORMATS: ReadonlySet<string> = new Set(['csv', 'tsv', 'jsonl', 'parquet', 'json']);

/** How a dataset version reference narrows the query. */
export type DatasetRef = { kind: 'number'; version: number } | { kind: 'latest' } | { kind: 'hash'; prefix: string };

/** Interprets `3`, `"3"`, `"latest"` or a content-hash prefix (≥ 8 hex). @throws MLP_CORE_VALIDATION */
export function datasetRef(ref: VersionRef | undefined): DatasetRef {
  if (ref === undefined || ref === 'latest') return { kind: 'latest' };
  if (typeof ref === 'number' || /^[0-9]{1,7}$/.test(ref)) {
    return { kind: 'number', version: checkVersionNumber(Number(ref)) };
  }
  if (/^[0-9a-f]{8,64}$/.test(ref)) return { kind: 'hash', prefix: ref };
  throw ValidationError({
    field: 'version',
    problem: `${JSON.stringify(ref)} is not a version number, "latest" or a content-hash prefix of at least 8 hex characters`,
  });
}

function versionQuery(q: Kysely<Database>) {
  return q
    .selectFrom('dataset_versions as v')
    .innerJoin('datasets as d', 'd.id', 'v.dataset_id')
    .selectAll('v')
    .select('d.name as dataset_name');
}

/** Resolves one dataset version by name and reference. @throws MLP_STORE_NOT_FOUND, MLP_STORE_CONFLICT (ambiguous prefix) */
export async function loadDatasetVersion(q: Kysely<Database>, name: string, ref: VersionRef | undefined): Promise<DatasetVersion> {
  const r = datasetRef(ref);
  let query = versionQuery(q).where('d.name', '=', name);
  if (r.kind === 'number') query = query.where('v.version', '=', r.version);
  if (r.kind === 'hash') query = query.where('v.content_hash', 'like', `${r.prefix}%`);
  // Up to 10 candidates of an ambiguous hash prefix are named in the error.
  const rows = await query.orderBy('v.version', 'desc').limit(11).execute();
  if (rows.length === 0)
    throw NotFoundError({
      entity: 'dataset version',
      key: `${name}@${ref ?? 'latest'}`,
      hint: `list its versions with \`mlpilot data show ${name} --versions\` (every dataset: \`mlpilot data list\`)`,
    });
  if (r.kind === 'hash' && rows.length > 1)
    throw ConflictError({
      entity: 'dataset version',
      key: `${name}@${r.prefix}`,
      reason: `the hash prefix matches several versions: ${rows
        .slice(0, 10)
        .map((row) => `${name}@${Number(row.version)} (${row.content_hash.slice(0, 16)}…)`)
        .join(', ')}${rows.length > 10 ? ', …' : ''}; give more characters`,
    });
  return datasetVersionFromRow(rows[0] as Parameters<typeof datasetVersionFromRow>[0]);
}

/** The dataset repository over the shared store context. */
export function datasetRepo(s: StoreContext): DatasetRepo {
  return {
    async addVersion(input, ctx) {
      checkContext(ctx);
      assertName(input.name, 'dataset name');
      if (input.description !== undefined) checkValue(input.description, 'description');
      const contentHash = checkDigest(input.contentHash, 'contentHash');
      if (!FORMATS.has(input.format)) throw ValidationError({ field: 'format', problem: `must be one of ${[...FORMATS].join(', ')}` });
      checkValue(input.source, 'source', 4096);
      checkCount(input.rowCount, 'rowCount');
      checkCount(input.byteSize, 'byteSize');
      const schemaJson = toJson(input.schema, 'schema');
      const profileJson = toJson(input.profile, 'profile');
      const artifactDigest = input.artifactDigest === null ? null : checkDigest(input.artifactDigest, 'artifactDigest');
      return s.write(
        'datasets.addVersion',
        async (trx) => {
          const now = s.clock.now();
          let dataset = await trx.selectFrom('datasets').select('id').where('name', '=', input.name).executeTakeFirst();
          if (dataset === undefined) {
            dataset = { id: newId(s.clock) };
            await trx
              .insertInto('datasets')
              .values({ id: dataset.id, name: input.name, description: input.description ?? null, created_at: now })
              .execute();
          }
          const existing = await versionQuery(trx)
            .where('v.dataset_id', '=', dataset.id)
            .where('v.content_hash', '=', contentHash)
            .executeTakeFirst();
          if (existing !== undefined) return { version: datasetVersionFromRow(existing), created: false };
          const max = await trx
            .selectFrom('dataset_versions')
            .select((eb) => eb.fn.max('version').as('max'))
            .where('dataset_id', '=', dataset.id)
            .executeTakeFirst();
          const version = Number(max?.max ?? 0) + 1;
          const row = {
            id: newId(s.clock),
            dataset_id: dataset.id,
            version,
            content_hash: contentHash,
            format: input.format,
            source: input.source,
            row_count: input.rowCount,
            byte_size: input.byteSize,
            schema_json: schemaJson,
            profile_json: profileJson,
            artifact_digest: artifactDigest,
            created_at: now,
          };
          await trx.insertInto('dataset_versions').values(row).execute();
          await s.appendEvent(trx, ctx, {
            type: 'dataset.version_added',
            subjectKind: 'dataset',
            subjectId: dataset.id,
            payload: {
              name: input.name,
              datasetVersionId: row.id,
              version,
              contentHash,
              format: input.format,
              rowCount: input.rowCount,
              byteSize: input.byteSize,
              source: input.source,
            },
          });
          return { version: datasetVersionFromRow({ ...row, dataset_name: input.name }), created: true };
        },
        { retryOnUnique: true },
      );
    },

    async getVersion(name, ref) {
      assertName(name, 'dataset name');
      return loadDatasetVersion(s.db, name, ref);
    },

    async getVersionById(id) {
      const row = await versionQuery(s.db).where('v.id', '=', id).executeTakeFirst();
      if (row === undefined) throw NotFoundError({ entity: 'dataset version', key: id });
      return datasetVersionFromRow(row);
    },

    async list() {
      const rows = await s.db
        .selectFrom('datasets as d')
        .leftJoin('dataset_versions as v', 'v.dataset_id', 'd.id')
        .select(['d.id', 'd.name', 'd.description', 'd.created_at'])
        .select((eb) => [eb.fn.max('v.version').as('latest'), eb.fn.count('v.id').as('count')])
        .groupBy(['d.id', 'd.name', 'd.description', 'd.created_at'])
        .orderBy('d.name')
        .execute();
      return rows.map((r): Dataset => ({
        id: r.id,
        name: r.name,
        description: r.description,
        createdAt: Number(r.created_at),
        latestVersion: Number(r.latest ?? 0),
        versionCount: Number(r.count),
      }));
    },

    async counts() {
      const row = await s.db
        .selectNoFrom((eb) => [
          eb
            .selectFrom('datasets')
            .select((c) => c.fn.countAll().as('n'))
            .as('datasets'),
          eb
            .selectFrom('dataset_versions')
            .select((c) => c.fn.countAll().as('n'))
            .as('versions'),
        ])
        .executeTakeFirstOrThrow();
      return { datasets: Number(row.datasets), versions: Number(row.versions) };
    },

    async listVersions(name) {
      assertName(name, 'dataset name');
      const dataset = await s.db.selectFrom('datasets').select('id').where('name', '=', name).executeTakeFirst();
      if (dataset === undefined) throw NotFoundError({ entity: 'dataset', key: name });
      const rows = await versionQuery(s.db).where('v.dataset_id', '=', dataset.id).orderBy('v.version').execute();
      return rows.map(datasetVersionFromRow);
    },
  };
}
