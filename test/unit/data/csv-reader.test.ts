import { describe, expect, it } from 'vitest';
import { DataParseError, isMlpError } from '../../../src/core/index.js';
import type { Frame } from '../../../src/data/index.js';
import { readCsv } from '../../../src/data/index.js';

const encoder = new TextEncoder();
const csv = (text: string, options: Parameters<typeof readCsv>[1] = {}): Frame =>
  readCsv(encoder.encode(text), { file: 'in.csv', ...options });

/** The rows of a frame as plain values, for comparison with hand-written expectations. */
const rows = (frame: Frame): unknown[][] => frame.toRows().map((row) => Object.values(row));

function parseError(run: () => unknown): { line?: number; column?: number; field?: string; problem: string; message: string } {
  try {
    run();
  } catch (error) {
    if (DataParseError.is(error)) return { ...(error.details as { problem: string }), message: error.message };
    throw error;
  }
  return expect.fail('expected MLP_DATA_PARSE');
}

describe('readCsv: valid input', () => {
  const cases: Array<{ name: string; text: string; names: string[]; rows: unknown[][] }> = [
    {
      name: 'plain LF with final newline',
      text: 'a,b\nx,1\ny,2\n',
      names: ['a', 'b'],
      rows: [
        ['x', 1],
        ['y', 2],
      ],
    },
    {
      name: 'no final newline',
      text: 'a,b\nx,1\ny,2',
      names: ['a', 'b'],
      rows: [
        ['x', 1],
        ['y', 2],
      ],
    },
    {
      name: 'CRLF line ends',
      text: 'a,b\r\nx,1\r\ny,2\r\n',
      names: ['a', 'b'],
      rows: [
        ['x', 1],
        ['y', 2],
      ],
    },
    { name: 'UTF-8 BOM is stripped from the first name', text: '\ufeffa,b\nx,1\n', names: ['a', 'b'], rows: [['x', 1]] },
    { name: 'quoted delimiter', text: 'a,b\n"x,y",1\n', names: ['a', 'b'], rows: [['x,y', 1]] },
    { name: 'escaped quotes', text: 'a,b\n"say ""hi""",1\n', names: ['a', 'b'], rows: [['say "hi"', 1]] },
    {
      name: 'embedded LF and CRLF',
      text: 'a,b\n"l1\nl2",1\n"m1\r\nm2",2\n',
      names: ['a', 'b'],
      rows: [
        ['l1\nl2', 1],
        ['m1\r\nm2', 2],
      ],
    },
    { name: 'quoted number is a number', text: 'a\n"12.5"\n"-3"\n', names: ['a'], rows: [[12.5], [-3]] },
    {
      name: 'empty fields are missing',
      text: 'a,b,c\n,1,\nx,,true\n',
      names: ['a', 'b', 'c'],
      rows: [
        [null, 1, null],
        ['x', null, true],
      ],
    },
    {
      name: 'quoted empty field is missing',
      text: 'a,b\n"",1\nx,2\n',
      names: ['a', 'b'],
      rows: [
        [null, 1],
        ['x', 2],
      ],
    },
    { name: 'quoted header names', text: '"first name","a ""b"""\nx,1\n', names: ['first name', 'a "b"'], rows: [['x', 1]] },
    {
      name: 'blank lines are skipped with several columns',
      text: 'a,b\n\nx,1\n\r\n\ny,2\n\n',
      names: ['a', 'b'],
      rows: [
        ['x', 1],
        ['y', 2],
      ],
    },
    { name: 'a blank line is a missing value with one column', text: 'a\n1\n\n3\n', names: ['a'], rows: [[1], [null], [3]] },
    { name: 'header only', text: 'a,b\n', names: ['a', 'b'], rows: [] },
    { name: 'unicode values', text: 'city\nZürich\n東京\n', names: ['city'], rows: [['Zürich'], ['東京']] },
    { name: 'quoted field at end of file without newline', text: 'a,b\n1,"x"', names: ['a', 'b'], rows: [[1, 'x']] },
  ];
  it.each(cases)('$name', ({ text, names, rows: expected }) => {
    const frame = csv(text);
    expect(frame.columnNames).toEqual(names);
    expect(frame.rowCount).toBe(expected.length);
    expect(rows(frame)).toEqual(expected);
  });

  it('reads TSV with the tab delimiter, commas and quotes inside fields included', () => {
    const frame = csv('a\tb\n1,5\t"x\ty"\n', { delimiter: '\t' });
    expect(rows(frame)).toEqual([['1,5', 'x\ty']]);
  });

  it('treats a quote inside an unquoted TSV field as data, but still honours quoted TSV fields', () => {
    const frame = csv('item\tnote\n5" screen\t"a\tb"\n', { delimiter: '\t' });
    expect(rows(frame)).toEqual([['5" screen', 'a\tb']]);
    expect(() => csv('a\tb\n1\t5" x\n', { delimiter: '\t', strictQuotes: true })).toThrow(/in\.csv:2:4: a quote inside an unquoted field/);
  });

  it('keeps quoted values with "" escapes exact in a column that changes type', () => {
    // The first rows look numeric, then a string appears: earlier rows are re-read, including an escaped one.
    const frame = csv('a,b\n1,"x"\n"2",y\n"a ""q""",z\n');
    expect(frame.column('a').type).toBe('categorical');
    expect(rows(frame).map((r) => r[0])).toEqual(['1', '2', 'a "q"']);
  });
});

describe('readCsv: invalid input names the line', () => {
  const cases: Array<{ name: string; text: string; line: number; column?: number; field?: string; problem: RegExp }> = [
    { name: 'empty file', text: '', line: 1, problem: /empty/ },
    { name: 'BOM only', text: '\ufeff', line: 1, problem: /empty/ },
    { name: 'empty header name', text: 'a,,c\n1,2,3\n', line: 1, column: 3, problem: /column 2 .*empty name/ },
    { name: 'duplicate header name', text: 'a,b,a\n1,2,3\n', line: 1, column: 5, field: 'a', problem: /twice/ },
    { name: 'too many fields', text: 'a,b\n1,2\n3,4,5\n', line: 3, problem: /3 fields but the header has 2/ },
    { name: 'too few fields', text: 'a,b\n1,2\n3\n', line: 3, problem: /1 field but the header has 2/ },
    { name: 'ragged row after a multi-line quoted field', text: 'a,b\n"x\ny\nz",1\n1,2,3\n', line: 5, problem: /3 fields/ },
    { name: 'ragged row with CRLF', text: 'a,b\r\n1,2\r\n3\r\n', line: 3, problem: /1 field/ },
    {
      name: 'unterminated quote names the line it opened on',
      text: 'a,b\n1,2\n3,"abc\nmore\n',
      line: 3,
      column: 3,
      problem: /never closed/,
    },
    { name: 'stray quote in an unquoted field', text: 'a,b\n1,ab"c\n', line: 2, column: 5, problem: /quote inside an unquoted field/ },
    { name: 'text after a closing quote', text: 'a,b\n1,"ab"c\n', line: 2, column: 7, problem: /after a closing quote/ },
    { name: 'invalid UTF-8 in a string value', text: 'a,b\n1,ok\n2,\udc00\n', line: 3, column: 3, field: 'b', problem: /UTF-8/ },
  ];
  it.each(cases)('$name → in.csv:$line', ({ text, line, column, field, problem }) => {
    const bytes = text.includes('\udc00') ? invalidUtf8(text) : encoder.encode(text);
    const error = parseError(() => readCsv(bytes, { file: 'in.csv' }));
    expect(error.line).toBe(line);
    if (column !== undefined) expect(error.column).toBe(column);
    if (field !== undefined) expect(error.field).toBe(field);
    expect(error.problem).toMatch(problem);
    expect(error.message.startsWith(`in.csv:${line}`)).toBe(true);
  });

  it('recognises UTF-16 input and asks for UTF-8', () => {
    const utf16 = Uint8Array.from([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00]);
    expect(() => readCsv(utf16, { file: 'in.csv' })).toThrow(/^in\.csv:1:1: the file is UTF-16/);
  });

  it('reports a value that does not fit a forced type with line, column and field', () => {
    const error = parseError(() => csv('id,score\n1,2.5\n2,high\n', { types: { score: 'numeric' } }));
    expect(error).toMatchObject({ line: 3, column: 3, field: 'score' });
    expect(error.message).toMatch(/^in\.csv:3:3: field "score": .*not a finite number/);
  });

  it('rejects a forced type for a column that does not exist', () => {
    expect(() => csv('a\n1\n', { types: { b: 'numeric' } })).toThrow(/no column "b"/);
  });

  it('rejects a delimiter that is not one ASCII character', () => {
    for (const delimiter of ['', ';;', '"', '\n', '€']) expect(() => csv('a\n1\n', { delimiter })).toThrow(/delimiter/);
  });

  it('raises a catalog error when the path does not exist', () => {
    try {
      readCsv('/nonexistent/dir/x.csv');
      expect.fail('expected an error');
    } catch (error) {
      expect(isMlpError(error) && error.code).toBe('MLP_DATA_FILE_NOT_FOUND');
    }
  });
});

/** Encodes text as UTF-8 but turns each U+DC00 into the lone byte 0xFF (invalid UTF-8). */
function invalidUtf8(text: string): Uint8Array {
  const parts = text.split('\udc00').map((part) => encoder.encode(part));
  const out: number[] = [];
  parts.forEach((part, i) => {
    if (i > 0) out.push(0xff);
    out.push(...part);
  });
  return Uint8Array.from(out);
}
