/**
 * Executes a run search. Paging is by offset inside an opaque token. When the first order key is a metric,
 * param or tag, the search runs in two phases so that the planner can walk the `(key, value)` index instead
 * of sorting every run: phase 0 returns runs that have a (non-NaN) value for the key, in index order; phase 1
 * the runs without one (nulls last), ordered by the remaining keys. A filter that already tests the key skips
 * phase 1.
 *
 * Plans are chosen here rather than left to the planners (neither weighs LIMIT reliably), all with the same
 * results and order: (1) a range-shaped metric/param/tag test matching ≤ SELECTIVE_CAP rows restricts the
 * query to its run ids; (2) newest first within one experiment with a param/tag equality walks that
 * equality's `(experiment_id, key, value, start_time, run_id)` index backwards and stops after the page (the
 * equality sparsest near the walk's start drives; on PostgreSQL the other equalities' ranges are merge-joined
 * in the same order); (3) otherwise newest first tries growing newest-W-runs prefixes before the full query;
 * (4) order by one metric with other filters walks the metric's index in order (CROSS JOIN on SQLite,
 * `orderedWalk` on PostgreSQL). Which of them produced each page is reported to `OpenStoreOptions.onSearchPlan`
 * (a {@link RunSearchPlan}), so tests can check that the plan meant for a query is the one that ran.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

import { ValidationError } from '../../core/index.js';
import type { RunPage, RunSearch, RunSearchStrategy } from '../contract.js';
import type { RunsTable } from '../db-schema.js';
import { hydrateRuns } from '../repos/run-loader.js';
import type { StoreContext } from '../store-context.js';
import { checkId } from '../validate.js';
import { attributeColumn, compileFilter, entityTable, experimentScope, filterImpliesKey, test } from './compile.js';
import { idIn, orderedWalk, selectiveRunIds } from './ordered-walk.js';
import { decodePageToken, encodePageToken, queryDigest } from './page-token.js';
import type { PagePosition } from './page-token.js';
import { parseFilter, parseOrderKey } from './parser.js';
import type { Comparison, OrderKey } from './parser.js';

const DEFAULT_ORDER: OrderKey[] = [{ entity: 'attribute', key: 'start_time', direction: 'desc' }];
/** A metric/param/tag test matching at most this many rows drives the search (see ordered-walk.ts). */
const SELECTIVE_CAP = 1500;
/** The most candidates an ordered walk reads before it gives way to the plain query. */
const WALK_BUDGET = 60_000;

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
function plan(
  s: StoreContext,
  comparisons: readonly Comparison[],
  experimentIds: readonly string[],
  order: readonly OrderKey[],
  base: RawBuilder<unknown>[],
  phase: 0 | 1 | null,
  driveFromOrder = false,
): Plan {
  // In phase 0 the tests on the first order key are folded into its join: one index range, read in order.
  const first = order[0] as OrderKey;
  const folded =
    phase === 0 && first.entity !== 'attribute' ? comparisons.filter((c) => c.entity === first.entity && c.key === first.key) : [];
  const filter = compileFilter(
    s.dialect,
    comparisons.filter((c) => !folded.includes(c)),
    experimentIds,
  );
  const joins: RawBuilder<unknown>[] = [...filter.joins];
  const where = [...base, ...filter.where];
  const orderBy: RawBuilder<unknown>[] = [];
  let from: RawBuilder<unknown> = sql`runs r`;
  let tieBreak: RawBuilder<unknown> = sql`r.id ${direction(order[order.length - 1] as OrderKey)}`;
  order.forEach((key, i) => {
    if (key.entity === 'attribute') {
      orderBy.push(
        sql`${attributeColumn(key.key)} ${direction(key)}${sql.raw(key.key === 'end_time' || key.key === 'name' || key.key === 'run_name' ? ' nulls last' : '')}`,
      );
      return;
    }
    const alias = sql.table(`o${i}`);
    const table = entityTable(key.entity);
    if (i === 0 && phase === 0) {
      const scope = key.entity === 'metric' ? experimentScope(alias, experimentIds) : sql``;
      const tests = folded.map((c) => sql` and ${test(s.dialect, sql.ref(`o0.value`), c)}`);
      const on = sql`${alias}.run_id = r.id and ${alias}.key = ${key.key}${scope} and ${alias}.value is not null${sql.join(tests, sql``)}`;
      if (key.entity === 'metric' && !driveFromOrder) joins.push(sql`join ${table} ${alias} on ${on}`);
      else {
        // Params and tags have no per-experiment index: walk (key, value, run_id) in order. CROSS JOIN fixes
        // this loop order on SQLite (its planner does not weigh LIMIT); PostgreSQL plans it freely. Metrics
        // get the same when `driveFromOrder` (SQLite misjudges a param equality as very selective otherwise).
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

/** How many rows of each candidate's range `pickDriver` reads (the walk's cost is its density near the start). */
const DRIVER_PROBE = 1000;

/**
 * The param/tag equality test to drive a start_time-ordered search within one experiment, or `null` when the
 * filter has none: the one that is sparsest where the walk starts, i.e. whose DRIVER_PROBE-th row in walk order
 * lies furthest from the start; a test with fewer rows than that wins outright (the fewest first). Reads at
 * most DRIVER_PROBE index entries per candidate.
 */
async function pickDriver(
  s: StoreContext,
  comparisons: readonly Comparison[],
  experimentId: string,
  order: OrderKey,
): Promise<Comparison | null> {
  const candidates = comparisons.filter((c) => (c.entity === 'param' || c.entity === 'tag') && c.op === '=' && typeof c.value === 'string');
  if (candidates.length <= 1) return candidates[0] ?? null;
  const dir = direction(order);
  // Each range's first DRIVER_PROBE rows in walk order: how many, and how far the last of them lies (one round trip).
  const heads = candidates.map((c, i) => {
    const head = sql`select t.start_time from ${entityTable(c.entity as 'param' | 'tag')} t
      where t.experiment_id = ${experimentId} and t.key = ${c.key} and t.value = ${c.value}
      order by t.start_time ${dir}, t.run_id ${dir} limit ${DRIVER_PROBE}`;
    const last = order.direction === 'desc' ? sql`min(h.start_time)` : sql`max(h.start_time)`;
    return sql`(select count(*) as n, ${last} as last from (${head}) h) ${sql.table(`c${i}`)}`;
  });
  const columns = candidates.map(
    (_, i) => sql`${sql.ref(`c${i}.n`)} as ${sql.ref(`n${i}`)}, ${sql.ref(`c${i}.last`)} as ${sql.ref(`last${i}`)}`,
  );
  const row =
    (
      await sql<Record<string, number | string | null>>`select ${sql.join(columns)} from ${sql.join(heads, sql` cross join `)}`.execute(
        s.db,
      )
    ).rows[0] ?? {};
  let best: Comparison | null = null;
  let bestRank: [number, number] = [Infinity, Infinity];
  candidates.forEach((c, i) => {
    const n = Number(row[`n${i}`] ?? 0);
    // [0, rows] for a short range; else [1, x] where a smaller x means the DRIVER_PROBE-th row lies further on.
    const rank: [number, number] = n < DRIVER_PROBE ? [0, n] : [1, (order.direction === 'desc' ? 1 : -1) * Number(row[`last${i}`])];
    if (rank[0] < bestRank[0] || (rank[0] === bestRank[0] && rank[1] < bestRank[1])) [best, bestRank] = [c, rank];
  });
  return best;
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
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000)
    throw ValidationError({ field: 'maxResults', problem: 'must be an integer from 1 to 1000' });
  const experimentIds = (query.experimentIds ?? []).map((id, i) => checkId(id, `experimentIds[${i}]`));
  const comparisons = parseFilter(query.filter ?? '');
  if ((query.orderBy ?? []).length > 3) throw ValidationError({ field: 'orderBy', problem: 'at most 3 order-by keys are supported' });
  const order = (query.orderBy ?? []).length > 0 ? (query.orderBy ?? []).map(parseOrderKey) : DEFAULT_ORDER;
  const digest = queryDigest([experimentIds, query.filter ?? '', order, query.includeDeleted === true]);
  const position: PagePosition = query.pageToken ? decodePageToken(query.pageToken, digest) : { phase: 0, offset: 0 };

  const base: RawBuilder<unknown>[] = [];
  const inExperiments = sql`r.experiment_id in (${sql.join(experimentIds)})`;
  if (experimentIds.length > 0) base.push(inExperiments);
  if (!query.includeDeleted) {
    base.push(sql`r.deleted = 0`);
    base.push(sql`r.experiment_id not in (select x.id from experiments x where x.deleted = 1)`);
  }

  const first = order[0] as OrderKey;
  const twoPhase = first.entity !== 'attribute';
  const needsPhase1 = twoPhase && !filterImpliesKey(comparisons, first);
  // One very selective test: restrict everything to its runs, a small set the planners sort cheaply.
  const selective = await selectiveRunIds(s, comparisons, experimentIds, SELECTIVE_CAP);
  if (selective !== null) base.push(idIn(s, 'r.id', selective));
  const dir = direction(first);
  /** What read this page, in order (reported to onSearchPlan). */
  const strategies: RunSearchStrategy[] = [];

  /** Phase-0 rows; an order by one metric with other filters walks that metric's index in result order. */
  const phase0 = async (limit: number, offset: number): Promise<RunsTable[]> => {
    const sqliteWalk = s.dialect.kind === 'sqlite' && selective === null && first.entity === 'metric' && experimentIds.length <= 1;
    const p = plan(s, comparisons, experimentIds, order, base, 0, sqliteWalk);
    const others = comparisons.filter((c) => c.entity !== first.entity || c.key !== first.key);
    if (
      s.dialect.kind === 'postgres' &&
      selective === null &&
      others.length > 0 &&
      order.length === 1 &&
      first.entity === 'metric' &&
      experimentIds.length <= 1
    ) {
      const scope = experimentIds.length === 1 ? sql` and l.experiment_id = ${experimentIds[0]}` : sql``;
      const folded = comparisons
        .filter((c) => c.entity === first.entity && c.key === first.key)
        .map((c) => sql` and ${test(s.dialect, sql.ref('l.value'), c)}`);
      const walked = await orderedWalk(
        s,
        {
          driver: (n, skip) => sql<{
            id: string;
          }>`select l.run_id as id from latest_metrics l where l.key = ${first.key}${scope} and l.value is not null${sql.join(folded, sql``)}
          order by l.value ${dir}, l.run_id ${dir} limit ${n} offset ${skip}`,
          // The driver lists exactly the runs whose row for the key passes the tests folded into it, so the check
          // needs only the other tests (joining that row again cost ~40% of the check at 1M runs).
          verify: (candidates) => {
            const check = compileFilter(s.dialect, others, experimentIds);
            return sql<{
              id: string;
            }>`select r.id from runs r ${sql.join(check.joins, sql` `)} where ${sql.join([...base, ...check.where, candidates], sql` and `)}`;
          },
        },
        offset + limit,
        WALK_BUDGET,
      );
      if (walked !== null) {
        strategies.push('metric-walk');
        return walked.slice(offset);
      }
    }
    strategies.push(sqliteWalk ? 'metric-walk' : 'key-order');
    return fetch(s, p, limit, offset);
  };

  let rows: RunsTable[];
  let next: PagePosition | null = null;
  if (!twoPhase) {
    const p = plan(s, comparisons, experimentIds, order, base, null);
    let found: RunsTable[] | null = null;
    if (selective === null && order.length === 1 && first.key === 'start_time' && comparisons.some((c) => c.entity !== 'attribute')) {
      const driver = experimentIds.length === 1 ? await pickDriver(s, comparisons, experimentIds[0] as string, first) : null;
      if (driver !== null) {
        // Walk the driver's (experiment_id, key, value, start_time, run_id) range in result order, probing the
        // other tests per run, the run itself last; the walk stops after the page. d.start_time/d.run_id equal
        // r.start_time/r.id. Probe order: other param/tag equalities (covering-index probes), then the rest.
        // On SQLite CROSS JOIN fixes that order; PostgreSQL plans the same joins freely, and there the other
        // param/tag equalities join d on (experiment_id, start_time, run_id): their own index ranges are in
        // the same order as d's, so PostgreSQL merge-joins them, reading each range once in order up to the
        // page, instead of hashing the metric range and probing a misestimated equality per candidate.
        const sqlite = s.dialect.kind === 'sqlite';
        const others = comparisons.filter((c) => c !== driver);
        const rank = (c: Comparison): number => (c.entity === 'metric' ? 2 : c.op === '=' ? 0 : 1);
        const probes = others.filter((c) => c.entity !== 'attribute').sort((a, b) => rank(a) - rank(b));
        const rest = plan(
          s,
          others.filter((c) => c.entity === 'attribute'),
          experimentIds,
          order,
          base,
          null,
        );
        const from: RawBuilder<unknown>[] = [sql`${entityTable(driver.entity as 'param' | 'tag')} d`];
        const where: RawBuilder<unknown>[] = [
          sql`d.experiment_id = ${experimentIds[0]} and d.key = ${driver.key} and d.value = ${driver.value}`,
        ];
        let probeJoins: RawBuilder<unknown>[] | undefined;
        probes.forEach((c, i) => {
          const alias = sql.table(`p${i}`);
          const scope = c.entity === 'metric' ? experimentScope(alias, experimentIds) : sql``;
          // PostgreSQL: other probes keyed on r.id (keyed on d.run_id it picked a slower hash join at 1M runs).
          const keyed = sqlite
            ? sql`${alias}.run_id = d.run_id`
            : rank(c) === 0
              ? sql`${alias}.experiment_id = d.experiment_id and ${alias}.start_time = d.start_time and ${alias}.run_id = d.run_id`
              : sql`${alias}.run_id = r.id`;
          const on = sql`${keyed} and ${alias}.key = ${c.key}${scope} and ${test(s.dialect, sql.ref(`p${i}.value`), c)}`;
          const table = entityTable(c.entity as 'metric' | 'param' | 'tag');
          if (sqlite) {
            from.push(sql`cross join ${table} ${alias}`);
            where.push(on);
          } else (probeJoins ??= []).push(sql`join ${table} ${alias} on ${on}`);
        });
        from.push(sql`cross join runs r`, ...(probeJoins ?? []));
        where.push(sql`r.id = d.run_id`);
        // The experiment test stays on d (same value by construction): on r it would make PostgreSQL count the
        // experiment's selectivity twice and sort instead of walking.
        where.push(...rest.where.filter((w) => w !== inExperiments));
        found = await fetch(
          s,
          { from: sql.join(from, sql` `), joins: rest.joins, where, order: [sql`d.start_time ${dir}`, sql`d.run_id ${dir}`] },
          maxResults + 1,
          position.offset,
        );
        strategies.push('equality-walk');
      } else {
        // Planners do not weigh LIMIT: for a broad filter they sort every matching run. First look only at the
        // newest W runs (a prefix of the result order); if that prefix already holds the page, it is the page.
        // W starts at 4× the rows needed (enough for a filter passing a third of the runs); a prefix that falls
        // short sizes the next from its hit rate, up to max(2,000, 20× the rows needed), then the full query.
        const need = position.offset + maxResults + 1;
        const cap = Math.max(2000, 20 * need);
        const scope = experimentIds.length > 0 ? sql`where w.experiment_id in (${sql.join(experimentIds)})` : sql``;
        for (let window = 4 * need; found === null;) {
          const prefix = sql`r.id in (select w.id from runs w ${scope} order by w.start_time ${dir}, w.id ${dir} limit ${window})`;
          const rows = await fetch(s, { ...p, where: [...p.where, prefix] }, maxResults + 1, position.offset);
          if (rows.length > maxResults) {
            found = rows;
            strategies.push('newest-prefix');
          } else if (window >= cap) break;
          else window = Math.min(cap, Math.max(2 * window, Math.ceil((1.5 * window * need) / Math.max(1, position.offset + rows.length))));
        }
      }
    }
    if (found === null) strategies.push('plain');
    rows = found ?? (await fetch(s, p, maxResults + 1, position.offset));
    if (rows.length > maxResults) next = { phase: 0, offset: position.offset + maxResults };
  } else if (position.phase === 0) {
    rows = await phase0(maxResults + 1, position.offset);
    if (rows.length > maxResults) next = { phase: 0, offset: position.offset + maxResults };
    else if (needsPhase1) {
      const need = maxResults - rows.length;
      strategies.push('missing-key');
      const rest = await fetch(s, plan(s, comparisons, experimentIds, order, base, 1), need + 1, 0);
      rows = rows.concat(rest.slice(0, need));
      if (rest.length > need) next = { phase: 1, offset: need };
    }
  } else {
    if (!needsPhase1) rows = [];
    else {
      strategies.push('missing-key');
      rows = await fetch(s, plan(s, comparisons, experimentIds, order, base, 1), maxResults + 1, position.offset);
      if (rows.length > maxResults) next = { phase: 1, offset: position.offset + maxResults };
    }
  }
  s.onSearchPlan?.({ selective: selective !== null, strategies });
  const runs = await hydrateRuns(s.db, rows.slice(0, maxResults));
  return { runs, nextPageToken: next === null ? null : encodePageToken(digest, next) };
}
