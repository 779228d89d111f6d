/** Reading the append-only event log (appends happen inside each mutation's transaction). */
import { ValidationError } from '../../core/index.js';
import type { EventRepo } from '../contract.js';
import { eventFromRow } from '../rows.js';
import type { StoreContext } from '../store-context.js';

/** The event repository over the shared store context. */
export function eventRepo(s: StoreContext): EventRepo {
  return {
    catalog: s.catalog,
    async list(query = {}) {
      s.catalog.checkQuery(query);
      const limit = query.limit ?? 100;
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
        throw ValidationError({ field: 'limit', problem: 'must be an integer from 1 to 10000' });
      let q = s.db.selectFrom('events').selectAll();
      if (query.since !== undefined) q = q.where('timestamp', '>=', query.since);
      if (query.until !== undefined) q = q.where('timestamp', '<', query.until);
      if (query.types !== undefined && query.types.length > 0) q = q.where('type', 'in', query.types);
      if (query.subjectKind !== undefined) q = q.where('subject_kind', '=', query.subjectKind);
      if (query.subjectId !== undefined) q = q.where('subject_id', '=', query.subjectId);
      if (query.actor !== undefined) q = q.where('actor', '=', query.actor);
      if (query.afterSeq !== undefined) q = q.where('seq', '>', query.afterSeq);
      const rows = await q
        .orderBy('seq', query.order === 'desc' ? 'desc' : 'asc')
        .limit(limit)
        .execute();
      return rows.map(eventFromRow);
    },
  };
}
