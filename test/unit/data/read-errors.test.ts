import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { readCsv, readJsonLines, readParquet, readTable } from '../../../src/data/index.js';
import { caughtCode, nonRegularFiles, unreadablePaths } from '../../fixtures/fs/unreadable.js';

const READERS: Array<[string, (path: string) => unknown]> = [
  ['readCsv', (path) => readCsv(path)],
  ['readJsonLines', (path) => readJsonLines(path)],
  ['readParquet', (path) => readParquet(path)],
  ['readTable', (path) => readTable(path, { format: 'csv' })],
];

describe.each(READERS)('%s on a path it cannot read', (_name, read) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlp-read-errors-'));

  it('reports a missing file as MLP_DATA_FILE_NOT_FOUND', async () => {
    const file = join(dir, 'missing.csv');
    expect(await caughtCode(() => read(file))).toEqual({ code: 'MLP_DATA_FILE_NOT_FOUND', details: { file } });
  });

  // EACCES (a chmod 000 file) is among the cases only when not running as root, who can read it anyway
  it.each(unreadablePaths(dir).map((p) => [p.what, p] as const))(
    'reports %s as MLP_DATA_FILE_UNREADABLE with its errno',
    async (_what, p) => {
      expect(await caughtCode(() => read(p.path))).toMatchObject({
        code: 'MLP_DATA_FILE_UNREADABLE',
        details: { file: p.path, errno: p.errno },
      });
    },
  );

  it.each(nonRegularFiles(dir).map((p) => [p.what, p] as const))(
    'refuses %s before reading it (MLP_DATA_FILE_UNREADABLE, EFTYPE, not a regular file)',
    async (_what, p) => {
      const err = await caughtCode(() => read(p.path));
      expect(err).toMatchObject({ code: 'MLP_DATA_FILE_UNREADABLE', details: { file: p.path, errno: 'EFTYPE' } });
      expect(String(err.details.reason)).toContain('not a regular file');
    },
  );
});
