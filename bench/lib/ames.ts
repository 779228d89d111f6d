/** The ames split of ../shared/bench-splits, encoded as bench/peers/sklearn_forest_server.py encodes it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { featureMatrix } from '../../src/ml/matrix.js';
import type { FeatureMatrix } from '../../src/ml/matrix.js';

/** Training and test features and the sale price, in dollars. */
export interface Ames {
  train: FeatureMatrix;
  ytrain: Float64Array;
  test: FeatureMatrix;
  ytest: Float64Array;
}

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  return { header: (lines[0] as string).split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

const isNumber = (s: string): boolean => s.trim().length > 0 && Number.isFinite(Number(s));

/**
 * Columns whose non-empty train values all parse as numbers stay numeric; the others become ordinal codes over
 * their sorted train labels (the way scikit-learn 1.2 forests take categories). Missing or unseen values are -1,
 * on both sides, so mlpilot and scikit-learn see the same numbers.
 */
export function loadAmes(splits: string): Ames {
  const target = 'Sale_Price';
  const tr = readCsv(join(splits, 'ames.train.csv'));
  const te = readCsv(join(splits, 'ames.test.csv'));
  const yAt = tr.header.indexOf(target);
  const features = tr.header.map((_, j) => j).filter((j) => j !== yAt);
  const encoders = features.map((j) => {
    const values = tr.rows.map((r) => r[j] as string).filter((v) => v.length > 0);
    if (values.every(isNumber)) return (v: string): number => (v.length > 0 ? Number(v) : -1);
    const codes = new Map([...new Set(values)].sort().map((v, i) => [v, i]));
    return (v: string): number => codes.get(v) ?? -1;
  });
  const build = (rows: string[][]): [FeatureMatrix, Float64Array] => {
    const cols = features.map((j, k) => Float64Array.from(rows, (r) => (encoders[k] as (v: string) => number)(r[j] as string)));
    const y = Float64Array.from(rows, (r) => Number(r[yAt]));
    return [featureMatrix(cols, { names: features.map((j) => tr.header[j] as string) }), y];
  };
  const [train, ytrain] = build(tr.rows);
  const [test, ytest] = build(te.rows);
  return { train, ytrain, test, ytest };
}
