import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { isMlpError } from '../../../src/core/index.js';
import { formatFromPath, readTable, readTableBytes } from '../../../src/data/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpilot-read-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const parquetFixture = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/data/small.parquet');

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (isMlpError(error)) return error.code;
    throw error;
  }
  return 'no error';
}

describe('readTable', () => {
  it.each([
    ['t.csv', 'a,b\n1,x\n2,y\n', 'csv'],
    ['t.TSV', 'a\tb\n1\tx\n2\ty\n', 'tsv'],
    ['t.tab', 'a\tb\n1\tx\n2\ty\n', 'tsv'],
    ['t.jsonl', '{"a":1,"b":"x"}\n{"a":2,"b":"y"}\n', 'jsonl'],
    ['t.ndjson', '{"a":1,"b":"x"}\n{"a":2,"b":"y"}\n', 'jsonl'],
  ])('reads %s as %s and hashes the file bytes', async (name, content, format) => {
    const result = await readTable(write(name, content));
    expect(result.format).toBe(format);
    expect(result.byteSize).toBe(Buffer.byteLength(content));
    expect(result.contentHash).toBe(createHash('sha256').update(content).digest('hex'));
    expect(result.frame.toRows()).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });

  it('reads gzip-compressed text files and hashes the compressed bytes', async () => {
    const gz = gzipSync(Buffer.from('a,b\n1,x\n'));
    const result = await readTable(write('t.csv.gz', gz));
    expect(result).toMatchObject({ format: 'csv', gzip: true, byteSize: gz.length });
    expect(result.contentHash).toBe(createHash('sha256').update(gz).digest('hex'));
    expect(result.frame.rowCount).toBe(1);
    expect(await codeOf(() => readTable(write('bad.csv.gz', 'not gzip')))).toBe('MLP_DATA_PARSE');
  });

  it('reads Parquet', async () => {
    const path = join(dir, 'p.parquet');
    copyFileSync(parquetFixture, path);
    const result = await readTable(path);
    expect(result.format).toBe('parquet');
    expect(result.frame.rowCount).toBe(6);
  });

  it('uses an explicit format over the extension', async () => {
    const result = await readTable(write('data.txt', 'a;b\n'), { format: 'tsv' });
    expect(result.frame.columnNames).toEqual(['a;b']);
  });

  it('gives the same hash for the same content and a different one for other content', async () => {
    const a = await readTable(write('one.csv', 'a\n1\n'));
    const b = await readTable(write('two.csv', 'a\n1\n'));
    const c = await readTable(write('three.csv', 'a\n2\n'));
    expect(a.contentHash).toBe(b.contentHash);
    expect(c.contentHash).not.toBe(a.contentHash);
  });

  it('rejects unknown extensions, missing files and bad content with catalog codes', async () => {
    expect(await codeOf(() => readTable(write('t.xlsx', 'x')))).toBe('MLP_DATA_UNSUPPORTED_FORMAT');
    expect(await codeOf(() => readTable(join(dir, 'missing.csv')))).toBe('MLP_DATA_FILE_NOT_FOUND');
    expect(await codeOf(() => readTable(write('ragged.csv', 'a,b\n1\n')))).toBe('MLP_DATA_PARSE');
    expect(await codeOf(() => readTable(write('bad.parquet', 'PAR1 nonsense')))).toBe('MLP_DATA_PARSE');
  });

  it('reads content from memory with the same result as from the file, gzip detected by its magic bytes', async () => {
    const content = Buffer.from('a\tb\n1\tx\n');
    const fromBytes = await readTableBytes(content, { format: 'tsv', file: 'upload.tsv' });
    const fromFile = await readTable(write('same.tsv', content));
    expect(fromBytes.contentHash).toBe(fromFile.contentHash);
    expect(fromBytes.frame.toRows()).toEqual(fromFile.frame.toRows());
    const gz = await readTableBytes(gzipSync(content), { format: 'tsv' });
    expect(gz.gzip).toBe(true);
    expect(gz.frame.toRows()).toEqual([{ a: 1, b: 'x' }]);
    expect(await codeOf(() => readTableBytes(Buffer.from('a\n"x\n'), { format: 'csv', file: 'upload.csv' }))).toBe('MLP_DATA_PARSE');
  });

  it('tells formats from extensions', () => {
    expect(formatFromPath('x/y.NDJSON')).toEqual({ format: 'jsonl', gzip: false });
    expect(formatFromPath('y.tsv.gz')).toEqual({ format: 'tsv', gzip: true });
    expect(() => formatFromPath('y.parquet.gz')).toThrow(/cannot tell the format/);
    expect(() => formatFromPath('y.csv.bak')).toThrow(/cannot tell the format/);
  });
});
