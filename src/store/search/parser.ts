/**
 * Recursive-descent parser of run filters and order-by clauses. Grammar:
 *
 *   filter     := comparison ( AND comparison )*      -- at most MAX_FILTER_COMPARISONS comparisons
 *   comparison := ident op literal | ident [NOT] IN '(' literal ( ',' literal )* ')'
 *   op         := = | != | < | <= | > | >= | LIKE | ILIKE
 *   literal    := string | number
 *   orderBy    := ident [ ASC | DESC ]
 *
 * The result is an AST checked against what each entity supports; it is compiled with bound parameters
 * (compile.ts), never spliced into SQL.
 */
import { SearchSyntaxError } from '../../core/index.js';
import { tokenize } from './tokenizer.js';
import type { Entity, Token } from './tokenizer.js';

export type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like' | 'ilike' | 'in' | 'not in';

/** One `entity.key op value` test. */
export interface Comparison {
  entity: Entity;
  key: string;
  op: Operator;
  /** A list for `in` / `not in`. */
  value: string | number | Array<string | number>;
  pos: number;
}

/** One order-by key. */
export interface OrderKey {
  entity: Entity;
  key: string;
  direction: 'asc' | 'desc';
}

/** Attribute columns and whether they compare as numbers. */
export const ATTRIBUTES: Readonly<Record<string, 'string' | 'number'>> = {
  status: 'string',
  name: 'string',
  run_name: 'string',
  run_id: 'string',
  id: 'string',
  experiment_id: 'string',
  start_time: 'number',
  end_time: 'number',
};

/**
 * Most comparisons in one filter. Each metric/param/tag comparison joins one table, and SQLite refuses a query
 * over more than 64 tables; 50 leaves room for the runs table, the order-by joins (up to 3) and the rest.
 */
export const MAX_FILTER_COMPARISONS = 50;

const NUMERIC_OPS: ReadonlySet<Operator> = new Set(['=', '!=', '<', '<=', '>', '>=', 'in', 'not in']);
const STRING_OPS: ReadonlySet<Operator> = new Set(['=', '!=', 'like', 'ilike', 'in', 'not in']);

function valueType(entity: Entity, key: string): 'string' | 'number' {
  if (entity === 'metric') return 'number';
  if (entity === 'attribute') return ATTRIBUTES[key] ?? 'string';
  return 'string';
}

class Parser {
  #i = 0;
  constructor(
    readonly text: string,
    readonly tokens: Token[],
  ) {}

  fail(pos: number, problem: string): never {
    throw SearchSyntaxError({ filter: this.text, position: pos, problem });
  }
  peek(): Token {
    return this.tokens[this.#i] as Token;
  }
  next(): Token {
    return this.tokens[this.#i++] as Token;
  }
  describe(t: Token): string {
    if (t.kind === 'end') return 'the end of the filter';
    if (t.kind === 'ident') return `${t.entity}.${t.key}`;
    return JSON.stringify(String(t.value));
  }

  ident(): Extract<Token, { kind: 'ident' }> {
    const t = this.next();
    if (t.kind !== 'ident') this.fail(t.pos, `expected metrics.KEY, params.KEY, tags.KEY or attributes.NAME, found ${this.describe(t)}`);
    if (t.entity === 'attribute' && ATTRIBUTES[t.key] === undefined)
      this.fail(t.pos, `unknown attribute "${t.key}"; known: ${Object.keys(ATTRIBUTES).join(', ')}`);
    return t;
  }

  literal(): string | number {
    const t = this.next();
    if (t.kind === 'string' || t.kind === 'number') return t.value;
    return this.fail(t.pos, `expected a quoted string or a number, found ${this.describe(t)}`);
  }

  comparison(): Comparison {
    const id = this.ident();
    const t = this.next();
    let op: Operator;
    if (t.kind === 'op') op = t.value;
    else if (t.kind === 'word' && (t.value === 'like' || t.value === 'ilike' || t.value === 'in')) op = t.value;
    else if (t.kind === 'word' && t.value === 'not') {
      const inWord = this.next();
      if (inWord.kind !== 'word' || inWord.value !== 'in')
        this.fail(inWord.pos, `expected "in" after "not", found ${this.describe(inWord)}`);
      op = 'not in';
    } else return this.fail(t.pos, `expected an operator (= != < <= > >= like ilike in, not in), found ${this.describe(t)}`);

    const type = valueType(id.entity, id.key);
    const allowed = type === 'number' ? NUMERIC_OPS : STRING_OPS;
    if (!allowed.has(op))
      this.fail(t.pos, `operator "${op}" does not apply to ${id.entity}.${id.key} (${type} values); use ${[...allowed].join(' ')}`);

    let value: Comparison['value'];
    if (op === 'in' || op === 'not in') {
      const open = this.next();
      if (open.kind !== 'punct' || open.value !== '(') this.fail(open.pos, `expected "(" after ${op}`);
      const list: Array<string | number> = [];
      for (;;) {
        const pos = this.peek().pos;
        const item = this.literal();
        this.checkType(item, type, pos, id);
        list.push(item);
        const sep = this.next();
        if (sep.kind === 'punct' && sep.value === ')') break;
        if (sep.kind !== 'punct' || sep.value !== ',')
          this.fail(sep.pos, `expected "," or ")" in the ${op} list, found ${this.describe(sep)}`);
      }
      value = list;
    } else {
      const pos = this.peek().pos;
      value = this.literal();
      this.checkType(value, type, pos, id);
    }
    return { entity: id.entity, key: id.key, op, value, pos: id.pos };
  }

  checkType(value: string | number, type: 'string' | 'number', pos: number, id: { entity: Entity; key: string }): void {
    if (type === 'number' && typeof value !== 'number')
      this.fail(pos, `${id.entity}.${id.key} compares numbers; write the value without quotes`);
    // Attribute times are whole milliseconds in 64-bit integer columns; PostgreSQL refuses anything else.
    if (type === 'number' && id.entity === 'attribute' && !Number.isSafeInteger(value))
      this.fail(
        pos,
        `${id.entity}.${id.key} holds whole milliseconds; ${value} is not an integer from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`,
      );
    if (type === 'string' && typeof value !== 'string')
      this.fail(pos, `${id.entity}.${id.key} compares strings; quote the value, e.g. '${value}'`);
  }

  filter(): Comparison[] {
    if (this.peek().kind === 'end') return [];
    const out = [this.comparison()];
    for (;;) {
      const t = this.next();
      if (t.kind === 'end') return out;
      if (t.kind === 'word' && t.value === 'and') {
        if (out.length >= MAX_FILTER_COMPARISONS)
          this.fail(t.pos, `a filter holds at most ${MAX_FILTER_COMPARISONS} comparisons; split the search or use "in (…)"`);
        out.push(this.comparison());
      } else if (t.kind === 'word' && t.value === 'or')
        this.fail(t.pos, '"or" is not supported; run one search per alternative or use "in (…)"');
      else this.fail(t.pos, `expected "and" or the end of the filter, found ${this.describe(t)}`);
    }
  }

  orderKey(): OrderKey {
    const id = this.ident();
    const t = this.next();
    let direction: 'asc' | 'desc' = 'asc';
    if (t.kind === 'word' && (t.value === 'asc' || t.value === 'desc')) {
      direction = t.value;
      const end = this.next();
      if (end.kind !== 'end') this.fail(end.pos, `expected the end of the order-by entry, found ${this.describe(end)}`);
    } else if (t.kind !== 'end') this.fail(t.pos, `expected asc, desc or the end of the order-by entry, found ${this.describe(t)}`);
    return { entity: id.entity, key: id.key, direction };
  }
}

/** Parses a filter into a list of comparisons joined by AND. @throws MLP_STORE_SEARCH_SYNTAX */
export function parseFilter(text: string): Comparison[] {
  return new Parser(text, tokenize(text)).filter();
}

/** Parses one order-by entry such as `metrics.auc desc`. @throws MLP_STORE_SEARCH_SYNTAX */
export function parseOrderKey(text: string): OrderKey {
  return new Parser(text, tokenize(text)).orderKey();
}
