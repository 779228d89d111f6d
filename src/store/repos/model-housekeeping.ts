/**
 * Registry housekeeping: describing a model version, deleting a version or a whole model. A delete removes the
 * registry rows (the bundle stays in the artifact store until garbage collection finds nothing else refers to it)
 * and is refused while an alias points at what it would remove: an alias is what serving and deployments follow.
 */
import type { Kysely } from 'kysely';

import { ConflictError } from '../../core/index.js';
import type { ModelRepo } from '../contract.js';
import type { Database } from '../db-schema.js';
import type { StoreContext } from '../store-context.js';
import { assertName, checkContext, checkValue, checkVersionNumber } from '../validate.js';
import { loadModelRow, loadModelVersion } from './model-loader.js';

/**
 * Runs the deletes of `remove`, turning a foreign-key violation (a store extension's row that refers to what is
 * deleted, e.g. a deployment of the version) into MLP_STORE_CONFLICT.
 */
async function deleteReferenced(s: StoreContext, entity: string, key: string, remove: () => Promise<void>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if (!s.dialect.isForeignKeyViolation(error)) throw error;
    throw ConflictError({ entity, key, reason: 'rows of a store extension (e.g. a deployment) refer to it; remove those first' }, error);
  }
}

async function touch(s: StoreContext, trx: Kysely<Database>, modelId: string): Promise<void> {
  await trx.updateTable('models').set({ updated_at: s.clock.now() }).where('id', '=', modelId).execute();
}

/** The housekeeping part of the model repository. */
export function modelHousekeeping(s: StoreContext): Pick<ModelRepo, 'updateVersion' | 'deleteVersion' | 'delete'> {
  return {
    async updateVersion(name, version, changes, ctx) {
      checkContext(ctx);
      assertName(name, 'model name');
      checkVersionNumber(version);
      if (changes.description !== undefined && changes.description !== null) checkValue(changes.description, 'description');
      return s.write('models.updateVersion', async (trx) => {
        const mv = await loadModelVersion(trx, name, version);
        if (changes.description === undefined || changes.description === mv.description) return mv;
        await trx.updateTable('model_versions').set({ description: changes.description }).where('id', '=', mv.id).execute();
        await touch(s, trx, mv.modelId);
        await s.appendEvent(trx, ctx, {
          type: 'model.version_updated',
          subjectKind: 'model',
          subjectId: mv.modelId,
          payload: { name, version, modelVersionId: mv.id, description: { from: mv.description, to: changes.description } },
        });
        return { ...mv, description: changes.description };
      });
    },

    async deleteVersion(name, version, ctx) {
      checkContext(ctx);
      assertName(name, 'model name');
      checkVersionNumber(version);
      await s.write('models.deleteVersion', async (trx) => {
        const mv = await loadModelVersion(trx, name, version);
        const key = `${name}@${version}`;
        const [alias] = mv.aliases;
        if (alias !== undefined) {
          throw ConflictError({
            entity: 'model version',
            key,
            reason:
              `alias "${alias}" points at it; point it at another version (mlpilot models alias ${name} ${alias} VERSION) ` +
              `or remove it (mlpilot models unalias ${name} ${alias}) first`,
          });
        }
        await deleteReferenced(s, 'model version', key, async () => {
          await trx.deleteFrom('model_version_tags').where('model_version_id', '=', mv.id).execute();
          await trx.deleteFrom('model_versions').where('id', '=', mv.id).execute();
        });
        await touch(s, trx, mv.modelId);
        await s.appendEvent(trx, ctx, {
          type: 'model.version_deleted',
          subjectKind: 'model',
          subjectId: mv.modelId,
          payload: { name, version, modelVersionId: mv.id, runId: mv.runId, bundleDigest: mv.bundleDigest },
        });
      });
    },

    async delete(name, ctx) {
      checkContext(ctx);
      assertName(name, 'model name');
      await s.write('models.delete', async (trx) => {
        const model = await loadModelRow(trx, name);
        const aliases = await trx
          .selectFrom('model_aliases')
          .select(['alias', 'version'])
          .where('model_id', '=', model.id)
          .orderBy('alias')
          .execute();
        if (aliases.length > 0) {
          const list = aliases.map((a) => `"${a.alias}" (version ${Number(a.version)})`).join(', ');
          throw ConflictError({
            entity: 'model',
            key: name,
            reason: `alias${aliases.length === 1 ? '' : 'es'} ${list} still point${aliases.length === 1 ? 's' : ''} at its versions; remove them first (mlpilot models unalias ${name} ALIAS)`,
          });
        }
        const versions = await trx
          .selectFrom('model_versions')
          .select(['id', 'version'])
          .where('model_id', '=', model.id)
          .orderBy('version')
          .execute();
        await deleteReferenced(s, 'model', name, async () => {
          if (versions.length > 0) {
            await trx
              .deleteFrom('model_version_tags')
              .where(
                'model_version_id',
                'in',
                versions.map((v) => v.id),
              )
              .execute();
          }
          await trx.deleteFrom('model_versions').where('model_id', '=', model.id).execute();
          await trx.deleteFrom('model_tags').where('model_id', '=', model.id).execute();
          await trx.deleteFrom('models').where('id', '=', model.id).execute();
        });
        await s.appendEvent(trx, ctx, {
          type: 'model.deleted',
          subjectKind: 'model',
          subjectId: model.id,
          payload: { name, versions: versions.map((v) => Number(v.version)) },
        });
      });
    },
  };
}
