/** Experiments: named groups of runs. */
import type { Kysely } from 'kysely';

import { ConflictError, NotFoundError, newId } from '../../core/index.js';
import type { Experiment, ExperimentRepo, WriteContext } from '../contract.js';
import type { Database } from '../db-schema.js';
import { experimentFromRow, toRecord } from '../rows.js';
import type { StoreContext } from '../store-context.js';
import { assertKey, assertName, checkContext, checkKeyValues, checkValue } from '../validate.js';

/** Loads one experiment by id or name inside any query context. @throws MLP_STORE_NOT_FOUND */
export async function loadExperiment(q: Kysely<Database>, idOrName: string): Promise<Experiment> {
  const row = await q
    .selectFrom('experiments')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .orderBy('id')
    .executeTakeFirst();
  if (row === undefined)
    throw NotFoundError({ entity: 'experiment', key: idOrName, hint: 'list experiments with `mlpilot experiments list`' });
  const tags = await q.selectFrom('experiment_tags').select(['key', 'value']).where('experiment_id', '=', row.id).execute();
  return experimentFromRow(row, toRecord(tags));
}

/** The experiment repository over the shared store context. */
export function experimentRepo(s: StoreContext): ExperimentRepo {
  const create = async (
    trx: Kysely<Database>,
    input: { name: string; description?: string; tags?: Record<string, string> },
    ctx: WriteContext,
  ): Promise<Experiment> => {
    const existing = await trx.selectFrom('experiments').select('id').where('name', '=', input.name).executeTakeFirst();
    if (existing !== undefined)
      throw ConflictError({ entity: 'experiment', key: input.name, reason: 'an experiment with this name exists' });
    const id = newId(s.clock);
    const createdAt = s.clock.now();
    const tags = checkKeyValues(input.tags, 'tags');
    await trx
      .insertInto('experiments')
      .values({ id, name: input.name, description: input.description ?? null, created_at: createdAt, deleted: 0 })
      .execute();
    if (tags.length > 0)
      await trx
        .insertInto('experiment_tags')
        .values(tags.map(([key, value]) => ({ experiment_id: id, key, value })))
        .execute();
    await s.appendEvent(trx, ctx, { type: 'experiment.created', subjectKind: 'experiment', subjectId: id, payload: { name: input.name } });
    return { id, name: input.name, description: input.description ?? null, tags: Object.fromEntries(tags), createdAt, deleted: false };
  };

  return {
    async create(input, ctx) {
      checkContext(ctx);
      assertName(input.name, 'experiment name');
      if (input.description !== undefined) checkValue(input.description, 'description');
      checkKeyValues(input.tags, 'tags');
      return s.write('experiments.create', (trx) => create(trx, input, ctx), { retryOnUnique: true });
    },
    get: (idOrName) => loadExperiment(s.db, idOrName),
    async ensure(name, ctx) {
      checkContext(ctx);
      assertName(name, 'experiment name');
      return s.write(
        'experiments.ensure',
        async (trx) => {
          const row = await trx.selectFrom('experiments').select('id').where('name', '=', name).executeTakeFirst();
          return row === undefined ? create(trx, { name }, ctx) : loadExperiment(trx, row.id);
        },
        { retryOnUnique: true },
      );
    },
    async list(options = {}) {
      let query = s.db.selectFrom('experiments').selectAll().orderBy('created_at').orderBy('id');
      if (!options.includeDeleted) query = query.where('deleted', '=', 0);
      const rows = await query.execute();
      const tags = await s.db.selectFrom('experiment_tags').selectAll().execute();
      const byExperiment = new Map<string, Array<{ key: string; value: string }>>();
      for (const tag of tags) byExperiment.set(tag.experiment_id, [...(byExperiment.get(tag.experiment_id) ?? []), tag]);
      return rows.map((row) => experimentFromRow(row, toRecord(byExperiment.get(row.id) ?? [])));
    },
    async count(options = {}) {
      let query = s.db.selectFrom('experiments').select((eb) => eb.fn.countAll().as('n'));
      if (!options.includeDeleted) query = query.where('deleted', '=', 0);
      return Number((await query.executeTakeFirstOrThrow()).n);
    },
    async setTag(id, key, value, ctx) {
      checkContext(ctx);
      assertKey(key, 'tag key');
      checkValue(value, `tags.${key}`);
      await s.write('experiments.setTag', async (trx) => {
        const experiment = await loadExperiment(trx, id);
        await trx
          .insertInto('experiment_tags')
          .values({ experiment_id: experiment.id, key, value })
          .onConflict((oc) => oc.columns(['experiment_id', 'key']).doUpdateSet({ value }))
          .execute();
        await s.appendEvent(trx, ctx, {
          type: 'experiment.tagged',
          subjectKind: 'experiment',
          subjectId: experiment.id,
          payload: { key, value, previous: experiment.tags[key] ?? null },
        });
      });
    },
    async delete(id, ctx) {
      checkContext(ctx);
      await s.write('experiments.delete', async (trx) => {
        const experiment = await loadExperiment(trx, id);
        if (experiment.deleted) return;
        await trx.updateTable('experiments').set({ deleted: 1 }).where('id', '=', experiment.id).execute();
        await s.appendEvent(trx, ctx, {
          type: 'experiment.deleted',
          subjectKind: 'experiment',
          subjectId: experiment.id,
          payload: { name: experiment.name },
        });
      });
    },
  };
}
