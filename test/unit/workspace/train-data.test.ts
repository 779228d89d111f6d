import { describe, expect, it } from 'vitest';

import { isMlpError } from '../../../src/core/index.js';
import { trainData } from '../../../src/workspace/index.js';

/** `trainData` with a file system holding only `present`. */
const resolve = (data: string, present: readonly string[] = []) => trainData(data, `/project/${data}`, (p) => present.includes(p));

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('trainData: --data as a file or a dataset reference', () => {
  it.each(['iris', 'iris@2', 'iris@champion', 'iris.csv@1', 'my-data_v2'])('%s is a dataset reference', (data) => {
    expect(resolve(data)).toEqual({ data });
  });

  it.each(['./iris.csv', 'iris.csv', 'data/train.parquet', 'data\\train.tsv', 'events.jsonl.gz', 'sub/notes.txt'])(
    'an existing %s is a file',
    (data) => {
      expect(resolve(data, [`/project/${data}`])).toEqual({ file: `/project/${data}` });
    },
  );

  it.each(['./irs.csv', 'irs.csv', 'data/missing.parquet', 'data/no-extension', 'C:\\data\\x'])(
    'a missing %s is MLP_DATA_FILE_NOT_FOUND naming the path, not an invalid name',
    (data) => {
      const error = thrown(() => resolve(data));
      expect(isMlpError(error) && error.code).toBe('MLP_DATA_FILE_NOT_FOUND');
      expect((error as Error).message).toContain(`/project/${data}`);
    },
  );
});
