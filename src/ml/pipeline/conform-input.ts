import { InputTypeError, MissingInputColumnsError } from '../../core/index.js';
import { Frame, MISSING_BOOLEAN, MISSING_CODE, parseDatetimeString, parseNumberString } from '../../data/index.js';
import type { Column, ColumnSchema } from '../../data/index.js';

/** Row values of a column as strings (null = missing), for string-based coercions. */
function asStrings(column: Column): Array<string | null> {
  const out: Array<string | null> = [];
  switch (column.type) {
    case 'text':
      return [...column.values];
    case 'categorical':
      for (let i = 0; i < column.codes.length; i++) {
        const c = column.codes[i] as number;
        out.push(c === MISSING_CODE ? null : (column.levels[c] as string));
      }
      return out;
    case 'boolean':
      for (let i = 0; i < column.values.length; i++)
        out.push(column.values[i] === MISSING_BOOLEAN ? null : column.values[i] === 1 ? 'true' : 'false');
      return out;
    case 'numeric':
      for (let i = 0; i < column.values.length; i++) out.push(Number.isNaN(column.values[i]) ? null : String(column.values[i]));
      return out;
    case 'datetime':
      for (let i = 0; i < column.values.length; i++)
        out.push(Number.isNaN(column.values[i]) ? null : new Date(column.values[i] as number).toISOString());
      return out;
  }
}

function refuse(column: Column, expected: string, problem: string): never {
  throw InputTypeError({ column: column.name, expected, actual: column.type, problem });
}

/** Parses every present string with `parse` (NaN = failure), refusing the column at the first failure. */
function parseAll(column: Column, expected: string, parse: (s: string) => number): Float64Array {
  const strings = asStrings(column);
  const out = new Float64Array(strings.length);
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i];
    if (s === null || s === undefined) out[i] = Number.NaN;
    else {
      const v = parse(s);
      if (Number.isNaN(v))
        refuse(column, expected, `row ${i} holds ${JSON.stringify(s)}, which is not a ${expected} value; send ${expected} values`);
      out[i] = v;
    }
  }
  return out;
}

/**
 * The column converted to `expected` when that loses nothing: boolean → numeric 0/1; numeric-looking
 * strings (categorical/text) → numeric; text/boolean/numeric → categorical (labels as strings); categorical/
 * numeric/boolean → text; 0/1 numbers or "true"/"false" → boolean; ISO 8601 strings → datetime.
 * @throws MLP_ML_INPUT_TYPE naming the column and the first value that does not convert.
 */
export function coerceColumn(column: Column, expected: ColumnSchema['type']): Column {
  if (column.type === expected) return column;
  const name = column.name;
  switch (expected) {
    case 'numeric': {
      if (column.type === 'boolean') {
        const out = new Float64Array(column.values.length);
        for (let i = 0; i < out.length; i++) out[i] = column.values[i] === MISSING_BOOLEAN ? Number.NaN : (column.values[i] as number);
        return { name, type: 'numeric', values: out };
      }
      if (column.type === 'datetime') refuse(column, expected, 'instants are not converted to numbers implicitly; send the numeric value');
      return { name, type: 'numeric', values: parseAll(column, 'numeric', parseNumberString) };
    }
    case 'datetime': {
      if (column.type === 'numeric' || column.type === 'boolean') refuse(column, expected, 'send instants as ISO 8601 strings');
      return { name, type: 'datetime', values: parseAll(column, 'datetime', parseDatetimeString) };
    }
    case 'boolean': {
      if (column.type === 'datetime') refuse(column, expected, 'send true/false');
      const flags = parseAll(column, 'boolean', (s) => {
        const t = s.toLowerCase();
        return t === 'true' || t === '1' ? 1 : t === 'false' || t === '0' ? 0 : Number.NaN;
      });
      const out = new Uint8Array(flags.length);
      for (let i = 0; i < out.length; i++) out[i] = Number.isNaN(flags[i]) ? MISSING_BOOLEAN : (flags[i] as number);
      return { name, type: 'boolean', values: out };
    }
    case 'categorical': {
      if (column.type === 'datetime') refuse(column, expected, 'send the category labels');
      const strings = asStrings(column);
      const levels: string[] = [];
      const index = new Map<string, number>();
      const codes = new Int32Array(strings.length);
      for (let i = 0; i < strings.length; i++) {
        const s = strings[i];
        if (s === null || s === undefined) {
          codes[i] = MISSING_CODE;
          continue;
        }
        let code = index.get(s);
        if (code === undefined) {
          code = levels.length;
          levels.push(s);
          index.set(s, code);
        }
        codes[i] = code;
      }
      return { name, type: 'categorical', codes, levels };
    }
    case 'text':
      return { name, type: 'text', values: asStrings(column) };
  }
}

/**
 * The input frame reduced to the model's input columns, in schema order, each coerced to its schema type
 * where lossless. Extra columns are ignored.
 * @throws MLP_ML_MISSING_INPUT listing every absent column; MLP_ML_INPUT_TYPE for a column that does not convert.
 */
export function conformInput(frame: Frame, schema: readonly ColumnSchema[]): Frame {
  const missing = schema.filter((c) => !frame.has(c.name)).map((c) => c.name);
  if (missing.length > 0) throw MissingInputColumnsError({ missing, expected: schema.map((c) => c.name) });
  return new Frame(
    schema.map((c) => coerceColumn(frame.column(c.name), c.type)),
    frame.rowCount,
  );
}
