import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { matrixFromRows } from '../../../../src/ml/matrix.js';
import { importLightgbmText } from '../../../../src/ml/interop/lightgbm-text.js';

// Models and predictions written by LightGBM itself, copied from public repositories: see the README there for
// the source (repository, path, commit, licence) of every file.
const UPSTREAM = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/ml/interop/lightgbm-upstream');
const read = (path: string): string => readFileSync(join(UPSTREAM, path), 'utf8');

/** Reads LIBSVM rows (`label idx:value …`); absent indices are 0, as LightGBM reads sparse input. */
function readLibsvm(text: string, features: number): number[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const row = new Array<number>(features).fill(0);
      for (const pair of line.trim().split(/\s+/).slice(1)) {
        const [idx, value] = pair.split(':');
        row[Number(idx)] = Number(value);
      }
      return row;
    });
}

const readColumn = (text: string): number[] => text.trim().split('\n').map(Number);

describe('importLightgbmText (models and predictions written by LightGBM)', () => {
  it('reproduces LightGBM on treelite\'s toy_categorical regression model (categorical bitset splits, v2 text without "end of trees")', () => {
    const m = importLightgbmText(read('treelite/toy_categorical_model.txt'), { location: 'toy_categorical_model.txt' });
    expect(m.task).toBe('regression');
    expect(m.featureNames).toEqual(['Column_0', 'Column_1']);
    const rows = readLibsvm(read('treelite/toy_categorical.test'), 2);
    const want = readColumn(read('treelite/toy_categorical.test.pred'));
    expect(rows).toHaveLength(180);
    expect(want).toHaveLength(180);
    const got = m.predict(matrixFromRows(rows, { categorical: [true, true] }));
    // Every split is categorical (integer bitsets, no decimal threshold to round) and leaf values are written with
    // 17 significant digits, which round-trip to LightGBM's doubles, so the only difference left is summation
    // order across 30 trees: a few ulps of |y| ≤ 22 (ulp 3.6e-15), far below 1e-12.
    want.forEach((y, i) => expect(Math.abs((got[i] as number) - y), `row ${i}`).toBeLessThan(1e-12));
  });
});
