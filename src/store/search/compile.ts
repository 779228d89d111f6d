/**
 * Compiles a parsed filter and order into SQL fragments with bound parameters. Keys and values only ever
 * travel as parameters; the only raw SQL is chosen from fixed tables (operators, table and column names).
 * Entity tests use `r.id in (select run_id from <table> where key = ? and value <op> ?)`, which both planners
 * can drive from the `(key, value)` indexes.
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

function test(dialect: StoreDialect, column: RawBuilder<unknown>, c: Comparison): RawBuilder<unknown> {
  if (c.op === 'in' || c.op === 'not in') {
    const list = sql.join((c.value as Array<string | number>).map((v) => sql`${v}`));
    return c.op === 'in' ? sql`${column} in (${list})` : sql`${column} not in (${list})`;
  }
  if (c.op === 'ilike') return dialect.ilike(column, c.value as string);
  return sql`${column} ${sql.raw(SQL_OPS[c.op] as string)} ${c.value}`;
}

/** One comparison as a boolean SQL expression over `runs r`. */
export function compileComparison(dialect: StoreDialect, c: Comparison): RawBuilder<unknown> {
  if (c.entity === 'attribute') {
    const column = attributeColumn(c.key);
    // end_time / name may be NULL: a comparison with NULL is false, which is what a filter means.
    return test(dialect, column, c);
  }
  const table = entityTable(c.entity);
  return sql`r.id in (select e.run_id from ${table} e where e.key = ${c.key} and ${test(dialect, sql.ref('e.value'), c)})`;
}

/** AND of every comparison (or `1 = 1`). */
export function compileFilter(dialect: StoreDialect, comparisons: readonly Comparison[]): RawBuilder<unknown> {
  if (comparisons.length === 0) return sql`1 = 1`;
  return sql.join(
    comparisons.map((c) => sql`(${compileComparison(dialect, c)})`),
    sql` and `,
  );
}

/** True when the filter only matches runs that have `key` (any comparison on the same entity and key). */
export function filterImpliesKey(comparisons: readonly Comparison[], key: OrderKey): boolean {
  return comparisons.some((c) => c.entity === key.entity && c.key === key.key);
}
