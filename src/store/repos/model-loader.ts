/** Loading models and model versions by name and reference, inside any query context. */
import type { Kysely } from 'kysely';

import { NotFoundError } from '../../core/index.js';
import type { Model, ModelVersion, VersionRef } from '../contract.js';
import type { Database, ModelsTable } from '../db-schema.js';
import { modelVersionFromRow, toRecord } from '../rows.js';
import { assertName, checkVersionNumber } from '../validate.js';

/** Loads one model row by name. @throws MLP_STORE_NOT_FOUND */
export async function loadModelRow(q: Kysely<Database>, name: string): Promise<ModelsTable> {
  const row = await q.selectFrom('models').selectAll().where('name', '=', name).executeTakeFirst();
  if (row === undefined) throw NotFoundError({ entity: 'model', key: name, hint: 'list models with `mlpilot models list`' });
  return row;
}

/** Models with their tags, aliases and latest version number, in the order of `rows`. */
export async function loadModels(q: Kysely<Database>, rows: readonly ModelsTable[]): Promise<Model[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [tags, aliases, latest] = await Promise.all([
    q.selectFrom('model_tags').selectAll().where('model_id', 'in', ids).execute(),
    q.selectFrom('model_aliases').selectAll().where('model_id', 'in', ids).execute(),
    q
      .selectFrom('model_versions')
      .select(['model_id'])
      .select((eb) => eb.fn.max('version').as('latest'))
      .where('model_id', 'in', ids)
      .groupBy('model_id')
      .execute(),
  ]);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    tags: toRecord(tags.filter((t) => t.model_id === row.id)),
    aliases: Object.fromEntries(aliases.filter((a) => a.model_id === row.id).map((a) => [a.alias, Number(a.version)])),
    latestVersion: ((v) => (v === undefined || v === null ? null : Number(v)))(latest.find((l) => l.model_id === row.id)?.latest),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }));
}

/** Resolves a version reference (`3`, `"3"`, `"latest"`, alias) to a number. @throws MLP_STORE_NOT_FOUND */
async function resolveVersion(q: Kysely<Database>, model: ModelsTable, ref: VersionRef): Promise<number> {
  if (typeof ref === 'number' || /^[0-9]{1,9}$/.test(ref)) return checkVersionNumber(Number(ref));
  if (ref === 'latest') {
    const row = await q
      .selectFrom('model_versions')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('model_id', '=', model.id)
      .executeTakeFirst();
    if (row?.v === null || row?.v === undefined)
      throw NotFoundError({ entity: 'model version', key: `${model.name}@latest`, hint: 'the model has no versions yet' });
    return Number(row.v);
  }
  assertName(ref, 'version reference');
  const alias = await q
    .selectFrom('model_aliases')
    .select('version')
    .where('model_id', '=', model.id)
    .where('alias', '=', ref)
    .executeTakeFirst();
  if (alias === undefined) throw NotFoundError({ entity: 'model alias', key: `${model.name}@${ref}` });
  return Number(alias.version);
}

/** Loads one model version by name and reference. @throws MLP_STORE_NOT_FOUND */
export async function loadModelVersion(q: Kysely<Database>, name: string, ref: VersionRef): Promise<ModelVersion> {
  const model = await loadModelRow(q, name);
  const version = await resolveVersion(q, model, ref);
  const row = await q
    .selectFrom('model_versions')
    .selectAll()
    .where('model_id', '=', model.id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (row === undefined) throw NotFoundError({ entity: 'model version', key: `${name}@${ref}` });
  const [tags, aliases] = await Promise.all([
    q.selectFrom('model_version_tags').select(['key', 'value']).where('model_version_id', '=', row.id).execute(),
    q.selectFrom('model_aliases').select('alias').where('model_id', '=', model.id).where('version', '=', version).execute(),
  ]);
  return modelVersionFromRow(
    { ...row, model_name: model.name },
    toRecord(tags),
    aliases.map((a) => a.alias),
  );
}
