/** API tokens: the secret is `mlp_` + base64url(32 random bytes), shown once; only its sha256 is stored. */
import { createHash, randomBytes } from 'node:crypto';

import { NotFoundError, ValidationError, newId } from '../../core/index.js';
import { ROLES } from '../contract.js';
import type { TokenRepo } from '../contract.js';
import { tokenFromRow } from '../rows.js';
import type { StoreContext } from '../store-context.js';
import { assertName, checkContext, checkValue } from '../validate.js';

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * How stale `last_used_at` may get (ms). Recording every use would make each authenticated request — even one with
 * an unknown token — a write transaction; once a minute per token is enough to tell live tokens from dead ones.
 */
export const TOKEN_LAST_USED_INTERVAL_MS = 60_000;

/** The token repository over the shared store context. */
export function tokenRepo(s: StoreContext): TokenRepo {
  /** When this process last recorded a use of each token, so concurrent requests record it once. */
  const recorded = new Map<string, number>();
  return {
    async issue(input, ctx) {
      checkContext(ctx);
      assertName(input.name, 'token name');
      if (!ROLES.includes(input.role)) throw ValidationError({ field: 'role', problem: `must be one of ${ROLES.join(', ')}` });
      checkValue(input.owner, 'owner', 256);
      if (input.owner.length === 0) throw ValidationError({ field: 'owner', problem: 'must not be empty' });
      const secret = `mlp_${randomBytes(32).toString('base64url')}`;
      const row = {
        id: newId(s.clock),
        name: input.name,
        role: input.role,
        owner: input.owner,
        secret_hash: hashSecret(secret),
        created_at: s.clock.now(),
        last_used_at: null,
        revoked_at: null,
      };
      await s.write('tokens.issue', async (trx) => {
        await trx.insertInto('api_tokens').values(row).execute();
        await s.appendEvent(trx, ctx, {
          type: 'token.created',
          subjectKind: 'token',
          subjectId: row.id,
          payload: { name: row.name, role: row.role, owner: row.owner },
        });
      });
      return { token: tokenFromRow(row), secret };
    },

    async verify(secret) {
      if (typeof secret !== 'string' || !secret.startsWith('mlp_') || secret.length > 200) return undefined;
      const hash = hashSecret(secret);
      // A read decides; only a live token whose last use is older than the interval costs a write.
      const row = await s.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('secret_hash', '=', hash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const now = s.clock.now();
      const stale = now - TOKEN_LAST_USED_INTERVAL_MS;
      const lastUsed = Math.max(row.last_used_at === null ? -Infinity : Number(row.last_used_at), recorded.get(row.id) ?? -Infinity);
      if (lastUsed > stale) return tokenFromRow(row);
      recorded.set(row.id, now);
      if (recorded.size > 10_000) recorded.clear();
      await s.write(
        'tokens.touch',
        async (trx) => {
          // Conditional, so another process that recorded a use meanwhile is not overwritten with an older time.
          await trx
            .updateTable('api_tokens')
            .set({ last_used_at: now })
            .where('id', '=', row.id)
            .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', stale)]))
            .execute();
        },
        { noEvents: true },
      );
      return tokenFromRow({ ...row, last_used_at: now });
    },

    async list() {
      const rows = await s.db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(tokenFromRow);
    },

    async revoke(id, ctx) {
      checkContext(ctx);
      await s.write('tokens.revoke', async (trx) => {
        const row = await trx.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
        if (row === undefined) throw NotFoundError({ entity: 'token', key: id, hint: 'list tokens with `mlpilot tokens list`' });
        if (row.revoked_at !== null) return;
        await trx.updateTable('api_tokens').set({ revoked_at: s.clock.now() }).where('id', '=', id).execute();
        await s.appendEvent(trx, ctx, {
          type: 'token.revoked',
          subjectKind: 'token',
          subjectId: id,
          payload: { name: row.name, role: row.role, owner: row.owner },
        });
      });
    },

    async any() {
      const row = await s.db.selectFrom('api_tokens').select('id').where('revoked_at', 'is', null).limit(1).executeTakeFirst();
      return row !== undefined;
    },
  };
}
