/**
 * Executes a run search. Paging is by offset inside an opaque token. When the first order key is a metric,
 * param or tag, the search runs in two phases so that the planner can walk the `(key, value)` index instead
 * of sorting every run: phase 0 returns runs that have a (non-NaN) value for the key, in index order; phase 1
 * the runs without one (nulls last), ordered by the remaining keys. A filter that already tests the key skips
 * phase 1.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

import { ValidationError } from '../../core/index.js';
import type { RunPage, RunSearch } from '../contract.js';
import type { RunsTable } from '../db-schema.js';
import { hydrateRuns } from '../repos/run-loader.js';
import type { StoreContext } from '../store-context.js';
import { checkId } from '../validate.js';
import { attributeColumn, compileFilter, entityTable, experimentScope, filterImpliesKey, test } from './compile.js';
import { decodePageToken, encodePageToken, queryDigest } from './page-token.js';
import type { PagePosition } from './page-token.js';
import { parseFilter, parseOrderKey } from './parser.js';
import type { Comparison, OrderKey } from './parser.js';

const DEFAULT_ORDER: OrderKey[] = [{ entity: 'attribute', key: 'start_time', direction: 'desc' }];

interface Plan {
  /** The FROM clause; `runs r` unless phase 0 drives from the order key's index. */
  from: RawBuilder<unknown>;
  joins: RawBuilder<unknown>[];
  where: RawBuilder<unknown>[];
  order: RawBuilder<unknown>[];
}

function direction(key: OrderKey): RawBuilder<unknown> {
  return sql.raw(key.direction === 'desc' ? 'desc' : 'asc');
}

/** Builds joins/conditions/order for one phase. `first` is the indexed first key in phase 0. */
function plan(s: StoreContext, comparisons: readonly Comparison[], experimentIds: readonly string[], order: readonly OrderKey[], base: RawBuilder<unknown>[], phase: 0 | 1 | null): Plan {
  // In phase 0 the tests on the first order key are folded into its join: one index range, read in order.
  const first = order[0] as OrderKey;
  const folded = phase === 0 && first.entity !== 'attribute' ? comparisons.filter((c) => c.entity === first.entity && c.key === first.key) : [];
  const filter = compileFilter(s.dialect, comparisons.filter((c) => !folded.includes(c)), experimentIds);
  const joins: RawBuilder<unknown>[] = [...filter.joins];
  const where = [...base, ...filter.where];
  const orderBy: RawBuilder<unknown>[] = [];
  let from: RawBuilder<unknown> = sql`runs r`;
  let tieBreak: RawBuilder<unknown> = sql`r.id ${direction(order[order.length - 1] as OrderKey)}`;
  order.forEach((key, i) => {
    if (key.entity === 'attribute') {
      orderBy.push(sql`${attributeColumn(key.key)} ${direction(key)}${sql.raw(key.key === 'end_time' || key.key === 'name' || key.key === 'run_name' ? ' nulls last' : '')}`);
      return;
    }
    const alias = sql.table(`o${i}`);
    const table = entityTable(key.entity);
    if (i === 0 && phase === 0) {
      const scope = key.entity === 'metric' ? experimentScope(alias, experimentIds) : sql``;
      const tests = folded.map((c) => sql` and ${test(s.dialect, sql.ref(`o0.value`), c)}`);
      const on = sql`${alias}.run_id = r.id and ${alias}.key = ${key.key}${scope} and ${alias}.value is not null${sql.join(tests, sql``)}`;
      if (key.entity === 'metric') joins.push(sql`join ${table} ${alias} on ${on}`);
      else {
        // Params and tags have no per-experiment index: walk (key, value, run_id) in order. CROSS JOIN fixes
        // this loop order on SQLite (its planner does not weigh LIMIT); PostgreSQL plans it freely.
        from = sql`${table} ${alias} cross join runs r`;
        where.push(on);
      }
      orderBy.push(sql`${alias}.value ${direction(key)}`);
      tieBreak = sql`${alias}.run_id ${direction(key)}`;
    } else if (i === 0 && phase === 1) {
      where.push(sql`r.id not in (select n.run_id from ${table} n where n.key = ${key.key} and n.value is not null)`);
    } else {
      joins.push(sql`left join ${table} ${alias} on ${alias}.run_id = r.id and ${alias}.key = ${key.key}`);
      orderBy.push(sql`${alias}.value ${direction(key)} nulls last`);
    }
  });
  orderBy.push(tieBreak);
  return { from, joins, where, order: orderBy };
}

async function fetch(s: StoreContext, p: Plan, limit: number, offset: number): Promise<RunsTable[]> {
  const query = sql<RunsTable>`select r.* from ${p.from} ${sql.join(p.joins, sql` `)} where ${p.where.length > 0 ? sql.join(p.where, sql` and `) : sql`1 = 1`}
    order by ${sql.join(p.order)} limit ${limit} offset ${offset}`;
  const result = await query.execute(s.db);
  return result.rows;
}

/**
 * Runs one search page.
 * @throws MLP_STORE_SEARCH_SYNTAX, MLP_STORE_INVALID_PAGE_TOKEN, MLP_CORE_VALIDATION (maxResults, ids).
 */
export async function searchRuns(s: StoreContext, query: RunSearch = {}): Promise<RunPage> {
  const maxResults = query.maxResults ?? 100;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) throw ValidationError({ field: 'maxResults', problem: 'must be an integer from 1 to 1000' });
  const experimentIds = (query.experimentIds ?? []).map((id, i) => checkId(id, `experimentIds[${i}]`));
  const comparisons = parseFilter(query.filter ?? '');
  if ((query.orderBy ?? []).length > 3) throw ValidationError({ field: 'orderBy', problem: 'at most 3 order-by keys are supported' });
  const order = (query.orderBy ?? []).length > 0 ? (query.orderBy ?? []).map(parseOrderKey) : DEFAULT_ORDER;
  const digest = queryDigest([experimentIds, query.filter ?? '', order, query.includeDeleted === true]);
  const position: PagePosition = query.pageToken ? decodePageToken(query.pageToken, digest) : { phase: 0, offset: 0 };

  const base: RawBuilder<unknown>[] = [];
  if (experimentIds.length > 0) base.push(sql`r.experiment_id in (${sql.join(experimentIds)})`);
  if (!query.includeDeleted) {
    base.push(sql`r.deleted = 0`);
    base.push(sql`r.experiment_id not in (select x.id from experiments x where x.deleted = 1)`);
  }

  const first = order[0] as OrderKey;
  const twoPhase = first.entity !== 'attribute';
  const needsPhase1 = twoPhase && !filterImpliesKey(comparisons, first);
  let rows: RunsTable[];
  let next: PagePosition | null = null;
  if (!twoPhase) {
    const p = plan(s, comparisons, experimentIds, order, base, null);
    rows = [];
    if (order.length === 1 && first.key === 'start_time' && comparisons.some((c) => c.entity !== 'attribute')) {
      // Planners do not weigh LIMIT: for a broad filter they sort every matching run. First look only at the
      // newest W runs (a prefix of the result order); if that prefix already holds the page, it is the page.
      const window = Math.max(2000, 20 * (position.offset + maxResults + 1));
      const dir = direction(first);
      const scope = experimentIds.length > 0 ? sql`where w.experiment_id in (${sql.join(experimentIds)})` : sql``;
      const prefix = sql`r.id in (select w.id from runs w ${scope} order by w.start_time ${dir}, w.id ${dir} limit ${window})`;
      rows = await fetch(s, { ...p, where: [...p.where, prefix] }, maxResults + 1, position.offset);
    }
    if (rows.length <= maxResults) rows = await fetch(s, p, maxResults + 1, position.offset);
    if (rows.length > maxResults) next = { phase: 0, offset: position.offset + maxResults };
  } else if (position.phase === 0) {
    rows = await fetch(s, plan(s, comparisons, experimentIds, order, base, 0), maxResults + 1, position.offset);
    if (rows.length > maxResults) next = { phase: 0, offset: position.offset + maxResults };
    else if (needsPhase1) {
      const need = maxResults - rows.length;
      const rest = await fetch(s, plan(s, comparisons, experimentIds, order, base, 1), need + 1, 0);
      rows = rows.concat(rest.slice(0, need));
      if (rest.length > need) next = { phase: 1, offset: need };
    }
  } else {
    if (!needsPhase1) rows = [];
    else {
      rows = await fetch(s, plan(s, comparisons, experimentIds, order, base, 1), maxResults + 1, position.offset);
      if (rows.length > maxResults) next = { phase: 1, offset: position.offset + maxResults };
    }
  }
  const runs = await hydrateRuns(s.db, rows.slice(0, maxResults));
  return { runs, nextPageToken: next === null ? null : encodePageToken(digest, next) };
}
