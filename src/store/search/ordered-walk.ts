/**
 * Planner-independent execution strategies for run searches. Neither SQLite (which does not weigh LIMIT) nor
 * PostgreSQL (whose cost model misjudges early-stop plans over several joins) reliably picks "walk one index
 * in result order and stop after the page" or "start from the one very selective condition". Both are
 * therefore driven from here, with plain indexed queries whose plans are unambiguous:
 *
 * - `selectiveRunIds`: when one metric/param/tag test matches at most `cap` rows, its run ids (a superset of
 *   the result) are fetched first and the full query is restricted to them.
 * - `orderedWalk`: a driver query lists candidate run ids in exact result order, in growing chunks; a
 *   verification query keeps the candidates that pass every filter; the walk stops once it holds the page.
 *
 * Neither changes results or order: the full query's semantics still decide membership, and the driver's
 * order is the result order by construction (see the callers in run-search.ts).
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

import type { RunsTable } from '../db-schema.js';
import type { StoreContext } from '../store-context.js';
import { entityTable, experimentScope, test } from './compile.js';
import type { Comparison } from './parser.js';

const RANGE_OPS: ReadonlySet<string> = new Set(['=', 'in', '<', '<=', '>', '>=']);

/** `<column> in (<ids>)`, the ids bound as a single parameter (JSON on SQLite, an array on PostgreSQL). */
export function idIn(s: StoreContext, column: string, ids: readonly string[]): RawBuilder<unknown> {
  return s.dialect.kind === 'sqlite'
    ? sql`${sql.ref(column)} in (select j.value from json_each(${JSON.stringify(ids)}) j)`
    : sql`${sql.ref(column)} = any(${[...ids]}::text[])`;
}

/**
 * The run ids matching the most selective metric/param/tag comparison, when one matches at most `cap` rows;
 * `null` otherwise. Only range-shaped tests (=, in, <, <=, >, >=) are probed, each reading at most `cap + 1`
 * index entries, all counted in one round trip; only the winner's ids are then fetched.
 */
export async function selectiveRunIds(
  s: StoreContext,
  comparisons: readonly Comparison[],
  experimentIds: readonly string[],
  cap: number,
): Promise<string[] | null> {
  // Only tests that are one index range (or a few) are probed: a like/ilike/!= probe could read every row.
  const probes = comparisons
    .filter((c) => c.entity !== 'attribute' && RANGE_OPS.has(c.op))
    .map((c) => {
      const entity = c.entity as Exclude<Comparison['entity'], 'attribute'>;
      const scope = entity === 'metric' ? experimentScope(sql.table('t'), experimentIds) : sql``;
      return sql`select t.run_id from ${entityTable(entity)} t where t.key = ${c.key}${scope} and ${test(s.dialect, sql.ref('t.value'), c)} limit ${cap + 1}`;
    });
  if (probes.length === 0) return null;
  const counts = probes.map((probe, i) => sql`(select count(*) from (${probe}) ${sql.table(`p${i}`)}) as ${sql.ref(`n${i}`)}`);
  const row = (await sql<Record<string, number | string>>`select ${sql.join(counts)}`.execute(s.db)).rows[0] ?? {};
  let best = -1;
  let bestCount = cap + 1;
  probes.forEach((_, i) => {
    const n = Number(row[`n${i}`]);
    if (n < bestCount) [best, bestCount] = [i, n];
  });
  if (best < 0) return null;
  const ids = (await sql<{ run_id: string }>`${probes[best] as RawBuilder<unknown>}`.execute(s.db)).rows.map((r) => r.run_id);
  // Rows written between the two reads may have pushed the test past the cap: then it restricts nothing.
  return ids.length <= cap ? ids : null;
}

/** How an ordered walk finds and checks candidates. */
export interface WalkSpec {
  /** Candidate run ids (`id` column) in result order: `limit` of them after skipping `offset`. */
  driver(limit: number, offset: number): RawBuilder<{ id: string }>;
  /** The candidates (given as an `r.id in (…)` condition) that pass every filter, in any order. */
  verify(candidates: RawBuilder<unknown>): RawBuilder<{ id: string }>;
}

/**
 * Walks the driver in chunks of 1,000, 2,000, 4,000 … candidates until `want` matches are found or the driver
 * runs dry. Returns the matching runs in driver order (at most `want`), or `null` once the walk would read
 * more than `budget` candidates (the caller then runs the plain query).
 */
export async function orderedWalk(s: StoreContext, spec: WalkSpec, want: number, budget: number): Promise<RunsTable[] | null> {
  const matched: string[] = [];
  let walked = 0;
  let chunk = 1000;
  for (;;) {
    const candidates = (await spec.driver(chunk, walked).execute(s.db)).rows.map((r) => r.id);
    if (candidates.length > 0) {
      const passed = new Set((await spec.verify(idIn(s, 'r.id', candidates)).execute(s.db)).rows.map((r) => r.id));
      for (const id of candidates) {
        if (passed.has(id)) matched.push(id);
        if (matched.length >= want) break;
      }
    }
    walked += candidates.length;
    if (matched.length >= want || candidates.length < chunk) break;
    // Projected candidates still needed at the hit rate so far; give up early when it exceeds the budget.
    const projected = matched.length === 0 ? Infinity : ((want - matched.length) * walked) / matched.length;
    if (walked + Math.min(projected, chunk * 2) > budget || (matched.length > 0 && walked + projected > budget * 2)) return null;
    if (matched.length === 0 && walked >= budget / 4) return null;
    chunk = Math.min(chunk * 2, 16_000);
  }
  if (matched.length === 0) return [];
  const rows = (await sql<RunsTable>`select r.* from runs r where ${idIn(s, 'r.id', matched)}`.execute(s.db)).rows;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return matched.map((id) => byId.get(id)).filter((r): r is RunsTable => r !== undefined);
}
