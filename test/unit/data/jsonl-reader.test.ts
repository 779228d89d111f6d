import { describe, expect, it } from 'vitest';
import { DataParseError } from '../../../src/core/index.js';
import { inferSchema, readJsonLines } from '../../../src/data/index.js';

const encoder = new TextEncoder();
const jsonl = (text: string, types?: Record<string, 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text'>) =>
  readJsonLines(encoder.encode(text), { file: 'in.jsonl', types });

function errorOf(run: () => unknown): { line?: number; field?: string; message: string } {
  try {
    run();
  } catch (error) {
    if (DataParseError.is(error)) return { ...(error.details as { line?: number; field?: string }), message: error.message };
    throw error;
  }
  return expect.fail('expected MLP_DATA_PARSE');
}

describe('readJsonLines', () => {
  it('builds columns from the union of keys in order of first appearance; absent and null are missing', () => {
    const frame = jsonl('{"a":1,"b":"x"}\n{"b":"y","c":true}\r\n\n   \n{"a":2.5,"c":false,"b":null}\n');
    expect(frame.columnNames).toEqual(['a', 'b', 'c']);
    expect(frame.toRows()).toEqual([
      { a: 1, b: 'x', c: null },
      { a: null, b: 'y', c: true },
      { a: 2.5, b: null, c: false },
    ]);
    expect(inferSchema(frame).columns).toEqual([
      { name: 'a', type: 'numeric', nullable: true },
      { name: 'b', type: 'categorical', nullable: true },
      { name: 'c', type: 'boolean', nullable: true },
    ]);
  });

  it('infers datetime from ISO strings, keeps numeric strings as strings and nested values as JSON text', () => {
    const frame = jsonl('{"t":"2024-01-01T10:00:00Z","s":"12","o":{"k":[1,2]}}\n{"t":"2024-01-02","s":"13","o":[true]}\n');
    expect(inferSchema(frame).columns.map((c) => c.type)).toEqual(['datetime', 'categorical', 'text']);
    expect(frame.toRows()[0]).toEqual({ t: '2024-01-01T10:00:00.000Z', s: '12', o: '{"k":[1,2]}' });
  });

  it('turns a key with mixed JSON types into strings', () => {
    const frame = jsonl('{"m":1}\n{"m":"one"}\n{"m":true}\n');
    const column = frame.column('m');
    expect(column.type === 'categorical' && column.levels).toEqual(['1', 'one', 'true']);
  });

  it('skips a leading BOM and reads a last line without newline', () => {
    expect(jsonl('\ufeff{"a":1}\n{"a":2}').toRows()).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it.each([
    ['invalid JSON', '{"a":1}\n{"a":2}\n{"a":\n', 3, /invalid JSON/],
    ['a trailing comma', '{"a":1,}\n', 1, /invalid JSON/],
    ['an array line', '{"a":1}\n[1,2]\n', 2, /expected a JSON object, found an array/],
    ['a scalar line', '{"a":1}\n\n42\n', 3, /found number/],
    ['null line', 'null\n', 1, /found null/],
  ])('rejects %s with its line', (_name, text, line, problem) => {
    const error = errorOf(() => jsonl(text));
    expect(error.line).toBe(line);
    expect(error.message).toMatch(new RegExp(`^in\\.jsonl:${line}: `));
    expect(error.message).toMatch(problem);
  });

  it('rejects invalid UTF-8 naming the line', () => {
    const bytes = Uint8Array.from([...encoder.encode('{"a":"ok"}\n{"a":"'), 0xc3, 0x28, ...encoder.encode('"}\n')]);
    const error = errorOf(() => readJsonLines(bytes, { file: 'in.jsonl' }));
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/UTF-8/);
  });

  it('applies forced types and names the line of a value that does not fit', () => {
    const frame = jsonl('{"n":"1.5","c":1}\n{"n":2,"c":2}\n', { n: 'numeric', c: 'categorical' });
    expect(frame.toRows()).toEqual([
      { n: 1.5, c: '1' },
      { n: 2, c: '2' },
    ]);
    const error = errorOf(() => jsonl('{"n":1}\n\n{"n":"x"}\n', { n: 'numeric' }));
    expect(error).toMatchObject({ line: 3, field: 'n' });
  });
});
