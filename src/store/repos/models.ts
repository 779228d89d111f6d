/** Model registry: models, numbered versions, aliases (moving one is an event), tags, descriptions. */
import type { Kysely } from 'kysely';

import { ConflictError, NotFoundError, ValidationError, newId } from '../../core/index.js';
import type { Model, ModelRepo, WriteContext } from '../contract.js';
import type { Database, ModelsTable } from '../db-schema.js';
import { modelVersionFromRow, toRecord } from '../rows.js';
import type { StoreContext } from '../store-context.js';
import {
  assertKey,
  assertName,
  checkContext,
  checkDigest,
  checkId,
  checkKeyValues,
  checkNumberMap,
  checkValue,
  checkVersionNumber,
  toJson,
} from '../validate.js';
import { loadModelRow, loadModels, loadModelVersion } from './model-loader.js';
import { modelHousekeeping } from './model-housekeeping.js';
import { loadWritableRunRow } from './run-loader.js';

/** Checks an alias name: a name that is neither a number nor `latest` (those are version references). */
function checkAlias(alias: string): string {
  assertName(alias, 'alias');
  if (/^[0-9]+$/.test(alias) || alias === 'latest')
    throw ValidationError({ field: 'alias', problem: `"${alias}" would be read as a version reference; choose a name such as champion` });
  return alias;
}

/** The model registry repository over the shared store context. */
export function modelRepo(s: StoreContext): ModelRepo {
  const createModel = async (
    trx: Kysely<Database>,
    input: { name: string; description?: string; tags?: Record<string, string> },
    ctx: WriteContext,
  ): Promise<ModelsTable> => {
    const now = s.clock.now();
    const row: ModelsTable = {
      id: newId(s.clock),
      name: input.name,
      description: input.description ?? null,
      created_at: now,
      updated_at: now,
      last_version: 0,
    };
    await trx.insertInto('models').values(row).execute();
    const tags = checkKeyValues(input.tags, 'tags');
    if (tags.length > 0)
      await trx
        .insertInto('model_tags')
        .values(tags.map(([key, value]) => ({ model_id: row.id, key, value })))
        .execute();
    await s.appendEvent(trx, ctx, { type: 'model.created', subjectKind: 'model', subjectId: row.id, payload: { name: input.name } });
    return row;
  };

  return {
    ...modelHousekeeping(s),

    async create(input, ctx) {
      checkContext(ctx);
      assertName(input.name, 'model name');
      if (input.description !== undefined) checkValue(input.description, 'description');
      checkKeyValues(input.tags, 'tags');
      return s.write('models.create', async (trx) => {
        const existing = await trx.selectFrom('models').select('id').where('name', '=', input.name).executeTakeFirst();
        if (existing !== undefined) throw ConflictError({ entity: 'model', key: input.name, reason: 'a model with this name exists' });
        const row = await createModel(trx, input, ctx);
        return (await loadModels(trx, [row]))[0] as Model;
      });
    },

    async get(name) {
      assertName(name, 'model name');
      return (await loadModels(s.db, [await loadModelRow(s.db, name)]))[0] as Model;
    },

    async list() {
      return loadModels(s.db, await s.db.selectFrom('models').selectAll().orderBy('name').execute());
    },

    async counts() {
      const row = await s.db
        .selectNoFrom((eb) => [
          eb
            .selectFrom('models')
            .select((c) => c.fn.countAll().as('n'))
            .as('models'),
          eb
            .selectFrom('model_versions')
            .select((c) => c.fn.countAll().as('n'))
            .as('versions'),
        ])
        .executeTakeFirstOrThrow();
      return { models: Number(row.models), versions: Number(row.versions) };
    },

    async update(name, changes, ctx) {
      checkContext(ctx);
      assertName(name, 'model name');
      if (changes.description !== undefined && changes.description !== null) checkValue(changes.description, 'description');
      return s.write('models.update', async (trx) => {
        const row = await loadModelRow(trx, name);
        if (changes.description !== undefined && changes.description !== row.description) {
          await trx
            .updateTable('models')
            .set({ description: changes.description, updated_at: s.clock.now() })
            .where('id', '=', row.id)
            .execute();
          await s.appendEvent(trx, ctx, {
            type: 'model.updated',
            subjectKind: 'model',
            subjectId: row.id,
            payload: { name, description: { from: row.description, to: changes.description } },
          });
        }
        return (await loadModels(trx, [await loadModelRow(trx, name)]))[0] as Model;
      });
    },

    async setTag(name, key, value, ctx) {
      checkContext(ctx);
      assertName(name, 'model name');
      assertKey(key, 'tag key');
      checkValue(value, `tags.${key}`);
      await s.write('models.setTag', async (trx) => {
        const row = await loadModelRow(trx, name);
        await trx
          .insertInto('model_tags')
          .values({ model_id: row.id, key, value })
          .onConflict((oc) => oc.columns(['model_id', 'key']).doUpdateSet({ value }))
          .execute();
        await trx.updateTable('models').set({ updated_at: s.clock.now() }).where('id', '=', row.id).execute();
        await s.appendEvent(trx, ctx, { type: 'model.tagged', subjectKind: 'model', subjectId: row.id, payload: { name, key, value } });
      });
    },

    async createVersion(input, ctx) {
      checkContext(ctx);
      assertName(input.modelName, 'model name');
      const runId = input.runId === undefined || input.runId === null ? null : checkId(input.runId, 'runId');
      const bundleDigest = checkDigest(input.bundleDigest, 'bundleDigest');
      const signatureJson = toJson(input.signature, 'signature');
      const metrics = checkNumberMap(input.metrics, 'metrics');
      if (input.description !== undefined) checkValue(input.description, 'description');
      const tags = checkKeyValues(input.tags, 'tags');
      return s.write(
        'models.createVersion',
        async (trx) => {
          const run = runId === null ? undefined : await loadWritableRunRow(trx, runId, 'registering it as a model version');
          const model =
            (await trx.selectFrom('models').selectAll().where('name', '=', input.modelName).executeTakeFirst()) ??
            (await createModel(trx, { name: input.modelName }, ctx));
          const max = await trx
            .selectFrom('model_versions')
            .select((eb) => eb.fn.max('version').as('max'))
            .where('model_id', '=', model.id)
            .executeTakeFirst();
          // Numbers of deleted versions are never given again (last_version remembers the highest).
          const version = Math.max(Number(model.last_version), Number(max?.max ?? 0)) + 1;
          const now = s.clock.now();
          const row = {
            id: newId(s.clock),
            model_id: model.id,
            version,
            run_id: runId,
            bundle_digest: bundleDigest,
            signature_json: signatureJson,
            metrics_json: JSON.stringify(metrics),
            description: input.description ?? null,
            created_at: now,
          };
          await trx.insertInto('model_versions').values(row).execute();
          if (tags.length > 0)
            await trx
              .insertInto('model_version_tags')
              .values(tags.map(([key, value]) => ({ model_version_id: row.id, key, value })))
              .execute();
          await trx.updateTable('models').set({ updated_at: now, last_version: version }).where('id', '=', model.id).execute();
          await s.appendEvent(trx, ctx, {
            type: 'model.version_created',
            subjectKind: 'model',
            subjectId: model.id,
            payload: {
              name: input.modelName,
              version,
              modelVersionId: row.id,
              runId,
              experimentId: run?.experiment_id ?? null,
              bundleDigest,
              gitCommit: run?.git_commit ?? null,
              gitDirty: run === undefined || run.git_dirty === null ? null : run.git_dirty === 1,
            },
          });
          return modelVersionFromRow({ ...row, model_name: input.modelName }, Object.fromEntries(tags), []);
        },
        { retryOnUnique: true },
      );
    },

    async getVersion(name, ref) {
      assertName(name, 'model name');
      return loadModelVersion(s.db, name, ref);
    },

    async listVersions(name) {
      assertName(name, 'model name');
      const model = await loadModelRow(s.db, name);
      const [rows, tags, aliases] = await Promise.all([
        s.db.selectFrom('model_versions').selectAll().where('model_id', '=', model.id).orderBy('version').execute(),
        s.db
          .selectFrom('model_version_tags as t')
          .innerJoin('model_versions as v', 'v.id', 't.model_version_id')
          .select(['t.model_version_id', 't.key', 't.value'])
          .where('v.model_id', '=', model.id)
          .execute(),
        s.db.selectFrom('model_aliases').selectAll().where('model_id', '=', model.id).execute(),
      ]);
      return rows.map((row) =>
        modelVersionFromRow(
          { ...row, model_name: model.name },
          toRecord(tags.filter((t) => t.model_version_id === row.id)),
          aliases.filter((a) => Number(a.version) === Number(row.version)).map((a) => a.alias),
        ),
      );
    },

    async setVersionTag(name, version, key, value, ctx) {
      checkContext(ctx);
      assertName(name, 'model name');
      assertKey(key, 'tag key');
      checkValue(value, `tags.${key}`);
      await s.write('models.setVersionTag', async (trx) => {
        const mv = await loadModelVersion(trx, name, version);
        await trx
          .insertInto('model_version_tags')
          .values({ model_version_id: mv.id, key, value })
          .onConflict((oc) => oc.columns(['model_version_id', 'key']).doUpdateSet({ value }))
          .execute();
        await s.appendEvent(trx, ctx, {
          type: 'model.version_tagged',
          subjectKind: 'model',
          subjectId: mv.modelId,
          payload: { name, version: mv.version, key, value },
        });
      });
    },

    async setAlias(name, alias, version, ctx) {
      checkContext(ctx);
      assertName(name, 'model name');
      checkAlias(alias);
      checkVersionNumber(version);
      await s.write('models.setAlias', async (trx) => {
        const model = await loadModelRow(trx, name);
        const target = await trx
          .selectFrom('model_versions')
          .select('id')
          .where('model_id', '=', model.id)
          .where('version', '=', version)
          .executeTakeFirst();
        if (target === undefined) throw NotFoundError({ entity: 'model version', key: `${name}@${version}` });
        const current = await trx
          .selectFrom('model_aliases')
          .select('version')
          .where('model_id', '=', model.id)
          .where('alias', '=', alias)
          .executeTakeFirst();
        const from = current === undefined ? null : Number(current.version);
        if (from === version) return;
        await trx
          .insertInto('model_aliases')
          .values({ model_id: model.id, alias, version })
          .onConflict((oc) => oc.columns(['model_id', 'alias']).doUpdateSet({ version }))
          .execute();
        await trx.updateTable('models').set({ updated_at: s.clock.now() }).where('id', '=', model.id).execute();
        await s.appendEvent(trx, ctx, {
          type: 'model.alias_set',
          subjectKind: 'model',
          subjectId: model.id,
          payload: { name, alias, from, to: version, modelVersionId: target.id },
        });
      });
    },

    async deleteAlias(name, alias, ctx) {
      checkContext(ctx);
      assertName(name, 'model name');
      checkAlias(alias);
      await s.write('models.deleteAlias', async (trx) => {
        const model = await loadModelRow(trx, name);
        const current = await trx
          .selectFrom('model_aliases')
          .select('version')
          .where('model_id', '=', model.id)
          .where('alias', '=', alias)
          .executeTakeFirst();
        if (current === undefined) throw NotFoundError({ entity: 'model alias', key: `${name}@${alias}` });
        await trx.deleteFrom('model_aliases').where('model_id', '=', model.id).where('alias', '=', alias).execute();
        await trx.updateTable('models').set({ updated_at: s.clock.now() }).where('id', '=', model.id).execute();
        await s.appendEvent(trx, ctx, {
          type: 'model.alias_deleted',
          subjectKind: 'model',
          subjectId: model.id,
          payload: { name, alias, from: Number(current.version), to: null },
        });
      });
    },
  };
}
