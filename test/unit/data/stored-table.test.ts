import { describe, expect, it } from 'vitest';

import { readStoredTable } from '../../../src/data/index.js';

const csv = new TextEncoder().encode('a,b\n1,x\n2,y\n');

describe('readStoredTable', () => {
  it('reads a stored version back through the given reader, asking for its digest', async () => {
    const asked: string[] = [];
    const frame = await readStoredTable({ datasetName: 'd', version: 2, format: 'csv', artifactDigest: 'abc' }, async (digest) => {
      asked.push(digest);
      return csv;
    });
    expect(asked).toEqual(['abc']);
    expect(frame.toRows()).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });

  it('refuses a version without content and a recorded format it does not read', async () => {
    const read = async (): Promise<Uint8Array> => csv;
    await expect(readStoredTable({ datasetName: 'd', version: 1, format: 'csv', artifactDigest: null }, read)).rejects.toMatchObject({
      code: 'MLP_ML_BAD_TRAINING_DATA',
      message: expect.stringMatching(/d@1 has no stored content/),
    });
    await expect(readStoredTable({ datasetName: 'd', version: 1, format: 'xlsx', artifactDigest: 'abc' }, read)).rejects.toMatchObject({
      code: 'MLP_DATA_UNSUPPORTED_FORMAT',
      message: expect.stringMatching(/xlsx/),
    });
  });
});
