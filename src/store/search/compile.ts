/**
 * Compiles a parsed filter and order into SQL fragments with bound parameters. Keys and values only ever
 * travel as parameters; the only raw SQL is chosen from fixed tables (operators, table and column names).
 * Entity tests join their table on its (run_id, key) primary key.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

import type { StoreDialect } from '../dialect.js';
import type { Comparison, OrderKey } from './parser.js';
import type { Entity } from './tokenizer.js';

const ENTITY_TABLE: Readonly<Record<Exclude<Entity, 'attribute'>, string>> = {
  metric: 'latest_metrics',
  param: 'run_params',
  tag: 'run_tags',
};

const ATTRIBUTE_COLUMN: Readonly<Record<string, string>> = {
  status: 'status',
  name: 'name',
  run_name: 'name',
  run_id: 'id',
  id: 'id',
  experiment_id: 'experiment_id',
  start_time: 'start_time',
  end_time: 'end_time',
};

const SQL_OPS: Readonly<Record<string, string>> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=', like: 'like' };

/** The table behind a metric/param/tag key. */
export function entityTable(entity: Exclude<Entity, 'attribute'>): RawBuilder<unknown> {
  return sql.table(ENTITY_TABLE[entity]);
}

/** The runs column behind an attribute (qualified with alias `r`). */
export function attributeColumn(key: string): RawBuilder<unknown> {
  return sql.ref(`r.${ATTRIBUTE_COLUMN[key] ?? 'id'}`);
}

/** `column <op> value` for one comparison, values bound as parameters. */
export function test(dialect: StoreDialect, column: RawBuilder<unknown>, c: Comparison): RawBuilder<unknown> {
  if (c.op === 'in' || c.op === 'not in') {
    const list = sql.join((c.value as Array<string | number>).map((v) => sql`${v}`));
    return c.op === 'in' ? sql`${column} in (${list})` : sql`${column} not in (${list})`;
  }
  if (c.op === 'ilike') return dialect.ilike(column, c.value as string);
  return sql`${column} ${sql.raw(SQL_OPS[c.op] as string)} ${c.value}`;
}

/**
 * The filter as joins and WHERE terms over `runs r`. A metric/param/tag test becomes an inner join on the
 * (run_id, key) primary key — each run has at most one row per key, so it never multiplies rows — which lets
 * the planner start from whichever side its statistics say is smaller (the `(key, value)` index for a
 * selective test, the runs index for a broad one).
 */
export function compileFilter(
  dialect: StoreDialect,
  comparisons: readonly Comparison[],
  experimentIds: readonly string[],
): { joins: RawBuilder<unknown>[]; where: RawBuilder<unknown>[] } {
  const joins: RawBuilder<unknown>[] = [];
  const where: RawBuilder<unknown>[] = [];
  comparisons.forEach((c, i) => {
    if (c.entity === 'attribute') {
      // end_time / name may be NULL: a comparison with NULL is false, which is what a filter means.
      where.push(test(dialect, attributeColumn(c.key), c));
      return;
    }
    const alias = sql.table(`f${i}`);
    // latest_metrics carries experiment_id: restrict the join so the (experiment_id, key, value) index applies.
    const scope = c.entity === 'metric' ? experimentScope(alias, experimentIds) : sql``;
    joins.push(
      sql`join ${entityTable(c.entity)} ${alias} on ${alias}.run_id = r.id and ${alias}.key = ${c.key}${scope} and ${test(dialect, sql.ref(`f${i}.value`), c)}`,
    );
  });
  return { joins, where };
}

/** ` and <alias>.experiment_id in (…)` for latest_metrics joins when the search names experiments. */
export function experimentScope(alias: RawBuilder<unknown>, experimentIds: readonly string[]): RawBuilder<unknown> {
  return experimentIds.length === 0 ? sql`` : sql` and ${alias}.experiment_id in (${sql.join([...experimentIds])})`;
}

/** True when the filter only matches runs that have `key` (any comparison on the same entity and key). */
export function filterImpliesKey(comparisons: readonly Comparison[], key: OrderKey): boolean {
  return comparisons.some((c) => c.entity === key.entity && c.key === key.key);
}
