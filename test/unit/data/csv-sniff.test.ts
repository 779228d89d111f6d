import { describe, expect, it } from 'vitest';

import { readTableBytes, sniffDelimiter } from '../../../src/data/index.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('sniffDelimiter', () => {
  it.each([
    ['comma', 'a,b,c\n1,2,3\n4,5,6\n', ','],
    ['semicolon with decimal commas', 'name;price;qty\nfoo;1,5;2\nbar;22,75;3\n', ';'],
    ['tab', 'a\tb\n1\t2\n', '\t'],
    ['pipe', 'a|b|c\n1|2|3\n', '|'],
    ['CRLF line ends', 'a;b\r\n1;2\r\n3;4\r\n', ';'],
    ['a UTF-8 byte order mark', '\u{feff}a;b\n1;2\n', ';'],
    ['semicolons inside quoted comma fields', 'a,b\n"x;y;z",1\n"p",2\n', ','],
    ['commas and a line break inside quoted semicolon fields', 'a;b\n"1,5\n2,5";3\n"x";4\n', ';'],
    ['escaped quotes ("") inside a quoted field', 'a;b\n"say ""hi"", ok";1\n', ';'],
    ['empty lines between records', 'a;b\n\n1;2\n\n', ';'],
    ['a last line without a line break', 'a|b\n1|2', '|'],
  ])('%s', (_label, text, expected) => {
    expect(sniffDelimiter(bytes(text))).toBe(expected);
  });

  it('prefers , then tab then ; then | when several fit every record (as Python’s Sniffer prefers , and tab)', () => {
    expect(sniffDelimiter(bytes('a|b,c\n1|x,y\n'))).toBe(',');
    expect(sniffDelimiter(bytes('a;b\tc\n1;x\ty\n'))).toBe('\t');
  });

  it('falls back to , when no candidate gives the same count > 0 in every record: a one-column file stays one column', () => {
    expect(sniffDelimiter(bytes('name\nalice\nbob\n'))).toBe(',');
    expect(sniffDelimiter(bytes('note\na;b\nc\n'))).toBe(',');
    expect(sniffDelimiter(bytes('a;b\n1;2;3\n'))).toBe(',');
    expect(sniffDelimiter(bytes(''))).toBe(',');
  });

  it('reads only complete records of the first 64 KiB, so a long file is sniffed from its start', () => {
    const head = 'a;b\n' + '1;2\n'.repeat(20_000);
    expect(sniffDelimiter(bytes(head + '1;2;3;4;5\n'))).toBe(';');
  });
});

describe('readTableBytes with CSV', () => {
  it('reads a semicolon file as its columns and reports the delimiter', async () => {
    const table = await readTableBytes(bytes('city;temp\nOslo;-3,5\nRome;12\n'), { format: 'csv' });
    expect(table.delimiter).toBe(';');
    expect(table.frame.columnNames).toEqual(['city', 'temp']);
    expect(table.frame.rowCount).toBe(2);
  });

  it('takes a given delimiter over the sniffed one, and refuses one for JSON lines', async () => {
    const table = await readTableBytes(bytes('a|b,c\n1|x,y\n'), { format: 'csv', delimiter: '|' });
    expect(table.frame.columnNames).toEqual(['a', 'b,c']);
    await expect(readTableBytes(bytes('{"a":1}\n'), { format: 'jsonl', delimiter: ';' })).rejects.toMatchObject({
      code: 'MLP_CORE_VALIDATION',
    });
  });
});
